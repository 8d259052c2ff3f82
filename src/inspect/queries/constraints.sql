-- Primary keys (with the INCLUDE columns of their index), foreign keys and checks of those
-- tables. $1: managed schema names.
-- (NOT NULL rows, contype 'n' on PostgreSQL 18, are read from pg_attribute instead; unique
-- and exclusion constraints are read with their indexes.)
-- confdelsetcols (ON DELETE SET NULL (cols)) exists from PostgreSQL 15, conenforced (NOT
-- ENFORCED) and conperiod (WITHOUT OVERLAPS, PERIOD) from 18: written per version ({{pg>=…}},
-- ../queries.ts).
SELECT con.conrelid::text AS table_id,
       con.conname AS name,
       con.contype AS type,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END AS definition,
       ARRAY(SELECT a.attname::text
             FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.ord) AS columns,
       fn.nspname AS ref_schema,
       fc.relname AS ref_table,
       ARRAY(SELECT a.attname::text
             FROM unnest(con.confkey) WITH ORDINALITY AS k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.ord) AS ref_columns,
       CASE WHEN con.contype <> 'f' THEN '{}'::text[] ELSE
       ARRAY(SELECT a.attname::text
             FROM unnest({{pg>=150000 con.confdelsetcols |else| NULL::int2[]}}) WITH ORDINALITY AS k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.ord) END AS delete_set_columns,
       con.confupdtype AS on_update,
       con.confdeltype AS on_delete,
       con.confmatchtype AS match,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       con.convalidated AS validated,
       {{pg>=180000 NOT con.conenforced |else| false}} AS not_enforced,
       {{pg>=180000 con.conperiod |else| false}} AS period,
       con.connoinherit AS no_inherit,
       CASE WHEN con.contype = 'p' THEN
         ARRAY(SELECT a.attname::text
               FROM pg_catalog.pg_index x
               CROSS JOIN LATERAL pg_catalog.generate_series(x.indnkeyatts, x.indnatts - 1) AS k(n)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k.n]
               WHERE x.indexrelid = con.conindid
               ORDER BY k.n) END AS include,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = con.oid AND dsc.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('r', 'p')
  AND con.contype IN ('p', 'f', 'c')
  AND con.conparentid = 0
  -- Checks that come from a parent (not the table's own: a partition's, an inheritance
  -- child's) belong to the parent.
  AND (con.conislocal OR con.contype <> 'c')
ORDER BY con.conrelid, con.conname;
