-- Indexes of those tables and of materialized views, except primary keys and exclusion constraints. $1: managed schema names.
-- keys: pg_get_indexdef per key column (a column name or an expression); attnums 0 = expression;
-- options bit 1 = DESC, bit 2 = NULLS FIRST; opclasses NULL where the default one is used.
-- indnullsnotdistinct exists from PostgreSQL 15: read through to_jsonb.
SELECT i.indrelid::text AS table_id,
       ic.relname AS name,
       i.indisunique AS "unique",
       am.amname AS method,
       i.indisvalid AS valid,
       i.indnkeyatts AS key_count,
       (con.oid IS NOT NULL) AS is_constraint,
       coalesce(con.condeferrable, false) AS deferrable,
       coalesce(con.condeferred, false) AS deferred,
       CASE WHEN con.oid IS NOT NULL THEN obj_description(con.oid, 'pg_constraint')
            ELSE obj_description(i.indexrelid, 'pg_class') END AS comment,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, false)
             FROM generate_series(1, i.indnatts) AS k ORDER BY k) AS defs,
       i.indkey::int2[] AS attnums,
       i.indoption::int2[] AS options,
       ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname::text END
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS o(oid, ord)
             JOIN pg_catalog.pg_opclass opc ON opc.oid = o.oid
             ORDER BY o.ord) AS opclasses
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN pg_catalog.pg_constraint con
       ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype = 'u'
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('r', 'p', 'm')
  AND NOT c.relispartition
  AND NOT i.indisprimary
  AND NOT i.indisexclusion
ORDER BY i.indrelid, ic.relname;
