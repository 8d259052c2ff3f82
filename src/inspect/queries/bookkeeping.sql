-- pgdecl's own bookkeeping (schema "pgdecl"): custom statements applied by `pgdecl apply`
-- and the extensions pgdecl installed. Read only when the tables exist. Statements come in
-- the order they ran (a plan reverts them in the reverse order).
SELECT 'statement' AS kind, s.scope, s.name, s.up, s.down, s.after_tables, s.owner, s.applied_at
FROM pgdecl.custom_statements s
UNION ALL
SELECT 'extension', '', e.name, NULL, NULL, NULL, NULL, e.installed_at
FROM pgdecl.extensions e
ORDER BY 1, 2, 8, 3;
