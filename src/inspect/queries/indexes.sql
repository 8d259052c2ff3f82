-- Indexes of those tables and of materialized views (UNIQUE and exclusion constraints' too),
-- except primary keys. $1: managed schema names.
-- A partition's index that is a partition of its parent's index (ic.relispartition) belongs to
-- the parent's: it is not listed.
-- keys: pg_get_indexdef per key column (a column name or an expression); attnums 0 = expression;
-- options bit 1 = DESC, bit 2 = NULLS FIRST; opclasses NULL where the default one is used;
-- collations NULL where the key uses its column's own (an expression's: the database default),
-- else bare for pg_catalog's and schema-qualified for the others;
-- operators: an exclusion constraint's WITH operator per key.
-- Catalog rows are looked up one by one (scalar subqueries over their oid indexes): joined, the
-- planner scans pg_collation and pg_opclass once per index.
-- indnullsnotdistinct exists from PostgreSQL 15 (written per version, ../queries.ts).
-- storage: the index's storage parameters (WITH (…)), as `name=value`.
SELECT i.indrelid::text AS table_id,
       ic.relname AS name,
       i.indisunique AS "unique",
       am.amname AS method,
       i.indisvalid AS valid,
       coalesce(ic.reloptions, '{}')::text[] AS storage,
       i.indnkeyatts AS key_count,
       (con.oid IS NOT NULL) AS is_constraint,
       coalesce(con.contype = 'x', false) AS is_exclusion,
       coalesce(con.condeferrable, false) AS deferrable,
       coalesce(con.condeferred, false) AS deferred,
       CASE WHEN con.oid IS NOT NULL THEN (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = con.oid AND dsc.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND dsc.objsubid = 0)
            ELSE (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = i.indexrelid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = 0) END AS comment,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       {{pg>=150000 i.indnullsnotdistinct |else| false}} AS nulls_not_distinct,
       ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, false)
             FROM generate_series(1, i.indnatts) AS k ORDER BY k) AS defs,
       i.indkey::int2[] AS attnums,
       i.indoption::int2[] AS options,
       ARRAY(SELECT (SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname::text END
                     FROM pg_catalog.pg_opclass opc WHERE opc.oid = o.oid)
             FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS o(oid, ord)
             ORDER BY o.ord) AS opclasses,
       ARRAY(SELECT CASE WHEN o.coll = 0
                           OR o.coll = coalesce((SELECT a.attcollation FROM pg_catalog.pg_attribute a
                                                 WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[o.ord - 1] AND i.indkey[o.ord - 1] <> 0), 100)
                         THEN NULL
                         ELSE (SELECT CASE WHEN coll.collnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN coll.collname::text ELSE (SELECT pg_catalog.quote_ident(cn.nspname) FROM pg_catalog.pg_namespace cn WHERE cn.oid = coll.collnamespace) || '.' || pg_catalog.quote_ident(coll.collname) END FROM pg_catalog.pg_collation coll WHERE coll.oid = o.coll) END
             FROM unnest(i.indcollation::oid[]) WITH ORDINALITY AS o(coll, ord)
             ORDER BY o.ord) AS collations,
       CASE WHEN con.contype = 'x' THEN
         ARRAY(SELECT op.oprname::text FROM unnest(con.conexclop) WITH ORDINALITY AS o(oid, ord)
               JOIN pg_catalog.pg_operator op ON op.oid = o.oid ORDER BY o.ord)
       END AS operators
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN pg_catalog.pg_constraint con
       ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('u', 'x')
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('r', 'p', 'm')
  AND NOT ic.relispartition
  AND NOT i.indisprimary
ORDER BY i.indrelid, ic.relname;
