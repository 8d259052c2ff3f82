-- Ordinary and partitioned tables of the managed schemas (partitions belong to their parent
-- and are not listed). $1: managed schema names.
SELECT c.oid::text AS id,
       n.nspname AS schema,
       c.relname AS name,
       obj_description(c.oid, 'pg_class') AS comment,
       c.relrowsecurity AS rls,
       c.relforcerowsecurity AS rls_force,
       c.relpersistence = 'u' AS unlogged
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition
ORDER BY n.nspname, c.relname;
