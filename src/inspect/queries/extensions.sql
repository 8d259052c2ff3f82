-- Installed extensions among those of interest. $1: extension names.
SELECT e.extname AS name,
       n.nspname AS schema,
       e.extversion AS version
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = ANY ($1::text[])
ORDER BY e.extname;
