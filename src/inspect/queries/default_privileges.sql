-- Default privileges (ALTER DEFAULT PRIVILEGES) for objects created later in the managed
-- schemas, and those for every schema (namespace 0): one row per role, schema and kind of
-- object, with the grants to roles other than that role. PUBLIC is grantee 0. $1: managed schema names.
SELECT pg_catalog.pg_get_userbyid(d.defaclrole)::text AS role,
       CASE WHEN d.defaclnamespace = 0 THEN NULL ELSE n.nspname::text END AS schema,
       d.defaclobjtype::text AS objtype,
       coalesce((SELECT json_agg(json_build_object(
                         'grantee', CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END,
                         'privilege', x.privilege_type,
                         'grantable', x.is_grantable)
                       ORDER BY x.privilege_type)
                 FROM pg_catalog.aclexplode(d.defaclacl) x
                 WHERE x.grantee <> d.defaclrole), '[]'::json) AS grants
FROM pg_catalog.pg_default_acl d
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace
WHERE d.defaclnamespace = 0 OR n.nspname = ANY ($1::text[])
ORDER BY 1, 2 NULLS FIRST, 3;
