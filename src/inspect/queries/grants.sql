-- Privileges on the managed schemas and what they hold (tables, views, materialized views, their columns, sequences,
-- functions, procedures, ordinary aggregates, enum, composite and range types, domains): one row per object whose
-- ACL is not the default (NULL), with what its owner granted to other roles. PUBLIC is grantee 0. Privileges the
-- owner holds itself, and those granted by other roles, are not read. $1: managed schema names.
WITH objects AS (
  SELECT 'schema' AS kind, n.nspname AS schema, n.nspname AS name, NULL::text AS arguments, NULL::text AS "column", n.nspacl AS acl, n.nspowner AS owner
  FROM pg_catalog.pg_namespace n
  WHERE n.nspname = ANY ($1::text[]) AND n.nspacl IS NOT NULL
  UNION ALL
  SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, n.nspname, c.relname, NULL, NULL, c.relacl, c.relowner
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND c.relacl IS NOT NULL
  UNION ALL
  SELECT 'column', n.nspname, c.relname, NULL, a.attname, a.attacl, c.relowner
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  UNION ALL
  SELECT 'function', n.nspname, p.proname, pg_catalog.pg_get_function_arguments(p.oid), NULL, p.proacl, p.proowner
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ANY ($1::text[]) AND p.proacl IS NOT NULL
    AND (p.prokind IN ('f', 'p') OR (p.prokind = 'a' AND (SELECT a.aggkind FROM pg_catalog.pg_aggregate a WHERE a.aggfnoid = p.oid) = 'n'))
  UNION ALL
  SELECT 'type', n.nspname, t.typname, NULL, NULL, t.typacl, t.typowner
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = ANY ($1::text[]) AND t.typacl IS NOT NULL
    AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
)
SELECT o.kind, o.schema, o.name, o.arguments, o."column",
       coalesce((SELECT json_agg(json_build_object(
                         'grantee', CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END,
                         'privilege', x.privilege_type,
                         'grantable', x.is_grantable)
                       ORDER BY x.privilege_type)
                 FROM pg_catalog.aclexplode(o.acl) x
                 WHERE x.grantor = o.owner AND x.grantee <> o.owner), '[]'::json) AS grants
FROM objects o
ORDER BY 1, 2, 3, 4, 5;
