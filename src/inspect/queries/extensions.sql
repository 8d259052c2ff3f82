-- Installed extensions among those of interest. $1: extension names.
-- used_by: what uses one of the extension's objects (a type such as citext, an operator class
-- such as gin_trgm_ops), in any schema: `column:<schema>.<table>.<column>`,
-- `index:<schema>.<table>.<index>` or `table:<schema>.<table>`. An extension is dropped only
-- when every one of them goes too.
SELECT e.extname AS name,
       n.nspname AS schema,
       e.extversion AS version,
       ARRAY(SELECT DISTINCT CASE
                WHEN ix.indexrelid IS NOT NULL THEN 'index:' || tn.nspname || '.' || t.relname || '.' || c.relname
                WHEN u.objsubid > 0 THEN 'column:' || tn.nspname || '.' || t.relname || '.' || a.attname
                ELSE 'table:' || tn.nspname || '.' || t.relname END
             FROM pg_catalog.pg_depend m
             JOIN pg_catalog.pg_depend u ON u.refclassid = m.classid AND u.refobjid = m.objid AND u.deptype = 'n'
             JOIN pg_catalog.pg_class c ON u.classid = 'pg_catalog.pg_class'::regclass AND c.oid = u.objid
             LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = c.oid
             JOIN pg_catalog.pg_class t ON t.oid = coalesce(ix.indrelid, c.oid)
             JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.objsubid AND u.objsubid > 0
             WHERE m.refclassid = 'pg_catalog.pg_extension'::regclass AND m.refobjid = e.oid AND m.deptype = 'e'
             ORDER BY 1) AS used_by
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = ANY ($1::text[])
ORDER BY e.extname;
