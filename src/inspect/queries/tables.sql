-- Ordinary and partitioned tables of the managed schemas, and their partitions. $1: managed
-- schema names. partition_by: the key of a partitioned table (pg_get_partkeydef); parent_*
-- and bound: a partition's parent and bound (pg_get_expr of relpartbound). storage: the
-- table's storage parameters and its TOAST table's (as toast.*), `name=value`; none read for
-- a partition (not managed). replica_identity: relreplident when not DEFAULT ('f' full, 'n'
-- nothing, 'i' an index: replica_index, which is NULL once that index is dropped). cluster_on:
-- the index marked clustered (the primary key's too). Neither is read for a partition (not managed).
-- inherits_schemas / inherits_names: an inheritance child's parents (INHERITS), in order.
-- own_defaults: a partition's column defaults other than its parent's, as [name, default or
-- null] pairs (a partition takes its parent's when created and when the parent's change).
SELECT c.oid::text AS id,
       n.nspname AS schema,
       c.relname AS name,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment,
       c.relrowsecurity AS rls,
       c.relforcerowsecurity AS rls_force,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.relispartition THEN '{}'::text[]
            ELSE coalesce(c.reloptions, '{}') || ARRAY(SELECT 'toast.' || o FROM pg_catalog.unnest(tc.reloptions) AS o) END AS storage,
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
       CASE WHEN c.relreplident <> 'd' AND NOT c.relispartition THEN c.relreplident::text END AS replica_identity,
       CASE WHEN c.relreplident = 'i' AND NOT c.relispartition THEN
         (SELECT ic.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
          WHERE x.indrelid = c.oid AND x.indisreplident) END AS replica_index,
       CASE WHEN NOT c.relispartition THEN
         (SELECT ic.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
          WHERE x.indrelid = c.oid AND x.indisclustered) END AS cluster_on,
       pn.nspname AS parent_schema,
       pc.relname AS parent_name,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS bound,
       ARRAY(SELECT ipn.nspname::text FROM pg_catalog.pg_inherits ii
             JOIN pg_catalog.pg_class ipc ON ipc.oid = ii.inhparent
             JOIN pg_catalog.pg_namespace ipn ON ipn.oid = ipc.relnamespace
             WHERE ii.inhrelid = c.oid AND NOT c.relispartition ORDER BY ii.inhseqno) AS inherits_schemas,
       ARRAY(SELECT ipc.relname::text FROM pg_catalog.pg_inherits ii
             JOIN pg_catalog.pg_class ipc ON ipc.oid = ii.inhparent
             WHERE ii.inhrelid = c.oid AND NOT c.relispartition ORDER BY ii.inhseqno) AS inherits_names,
       CASE WHEN c.relispartition THEN
         (SELECT pg_catalog.json_agg(pg_catalog.json_build_array(a.attname, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)) ORDER BY a.attname)
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
          LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
          LEFT JOIN pg_catalog.pg_attrdef pad ON pad.adrelid = pa.attrelid AND pad.adnum = pa.attnum
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) IS DISTINCT FROM pg_catalog.pg_get_expr(pad.adbin, pad.adrelid)) END AS own_defaults
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('r', 'p')
ORDER BY n.nspname, c.relname;
