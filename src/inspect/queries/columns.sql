-- Every column of those tables, in column order. $1: managed schema names.
-- A collation (where not the type's) is named bare when it is pg_catalog's, else schema-qualified.
-- Partitions are left out: their columns are their parent's. An inheritance child's columns are
-- its own ones (attislocal): those it only inherits are its parents'. not_null is the column's
-- own: NOT NULL that a parent's column has reaches it from there (pg_dump reads it so too).
-- attnotnull is kept on PostgreSQL 18 too (where NOT NULL is also a pg_constraint row).
-- statistics: attstattarget when set (NULL on PostgreSQL 17 and later, -1 before, is the
-- default); storage and type_storage: attstorage and the type's typstorage when they differ;
-- compression: attcompression when set; options: attoptions (n_distinct=…, n_distinct_inherited=…).
SELECT a.attrelid::text AS table_id,
       a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AND (a.attinhcount = 0 OR NOT EXISTS (
         SELECT 1 FROM pg_catalog.pg_inherits i
         JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname AND pa.attnotnull
         WHERE i.inhrelid = a.attrelid)) AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS "default",
       CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS generated,
       a.attgenerated = 'v' AS virtual,
       a.attidentity AS identity,
       CASE WHEN a.attcollation <> t.typcollation THEN CASE WHEN co.collnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN co.collname::text ELSE (SELECT pg_catalog.quote_ident(cn.nspname) FROM pg_catalog.pg_namespace cn WHERE cn.oid = co.collnamespace) || '.' || pg_catalog.quote_ident(co.collname) END END AS collation,
       CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int END AS statistics,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
       CASE WHEN a.attstorage <> t.typstorage THEN t.typstorage::text END AS type_storage,
       CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END AS compression,
       a.attoptions::text[] AS options,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = a.attrelid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum) AS comment
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND a.attislocal
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum;
