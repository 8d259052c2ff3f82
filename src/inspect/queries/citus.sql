-- Citus metadata, read only when the citus extension is installed (Citus 12 or later: the
-- distributed schemas of schema-based sharding are in pg_dist_schema). $1: schema names.
-- kind 'table': type 'distributed' (hash-distributed, partmethod 'h') with its distribution
-- column, colocation group and number of shards; 'reference' (replicated to every node,
-- repmodel 't'); 'other' for the tables Citus manages itself (those of a distributed schema,
-- Citus local tables), which carry no distribution of their own.
-- kind 'schema': a distributed schema.
SELECT 'table' AS kind,
       n.nspname AS schema,
       c.relname AS name,
       CASE WHEN p.partmethod = 'h' THEN 'distributed' WHEN p.repmodel = 't' THEN 'reference' ELSE 'other' END AS type,
       CASE WHEN p.partmethod = 'h' THEN pg_catalog.column_to_column_name(p.logicalrelid, p.partkey) END AS column_name,
       p.colocationid::bigint AS colocation_id,
       (SELECT count(*) FROM pg_catalog.pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid)::int AS shard_count
FROM pg_catalog.pg_dist_partition p
JOIN pg_catalog.pg_class c ON c.oid = p.logicalrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
UNION ALL
SELECT 'schema', n.nspname, NULL, 'schema', NULL, d.colocationid::bigint, NULL
FROM pg_catalog.pg_dist_schema d
JOIN pg_catalog.pg_namespace n ON n.oid = d.schemaid
WHERE n.nspname = ANY ($1::text[])
ORDER BY 1, 2, 3;
