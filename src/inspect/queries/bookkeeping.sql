-- pgdecl's own bookkeeping (schema "pgdecl"): custom statements applied by `pgdecl apply`
-- and the extensions pgdecl installed. Read only when the tables exist.
SELECT 'statement' AS kind, s.scope, s.name, s.up, s.down, s.after_tables, s.owner
FROM pgdecl.custom_statements s
UNION ALL
SELECT 'extension', '', e.name, NULL, NULL, NULL, NULL
FROM pgdecl.extensions e
ORDER BY 1, 2, 3;
