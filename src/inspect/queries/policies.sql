-- Row-level-security policies of those tables. $1: managed schema names.
SELECT pol.polrelid::text AS table_id,
       pol.polname AS name,
       pol.polcmd AS command,
       pol.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE rol.rolname::text END
             FROM unnest(pol.polroles) AS r(oid)
             LEFT JOIN pg_catalog.pg_roles rol ON rol.oid = r.oid
             ORDER BY 1) AS roles,
       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS check_expr,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = pol.oid AND dsc.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment
FROM pg_catalog.pg_policy pol
JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
ORDER BY pol.polrelid, pol.polname;
