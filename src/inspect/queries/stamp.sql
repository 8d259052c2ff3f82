-- A stamp of everything a plan reads from the server (src/plan/converged.ts), cheap to
-- compute whatever the schema's size: per catalog, the number of rows and a sum of hashes of
-- each row's xmin (the transaction that wrote the row). A change to a catalog row is a new row
-- version with a new xmin, so any DDL, GRANT, COMMENT or rename changes the stamp, while
-- VACUUM and ANALYZE, which update rows in place, do not. Also the server's version, the
-- role, the database and the settings that change how values print. Temporary objects (other
-- sessions' too) are left out: they come and go without changing what a plan reads.
-- No parameters.
WITH temp_schemas AS (
  SELECT oid FROM pg_catalog.pg_namespace WHERE nspname LIKE 'pg\_temp\_%' OR nspname LIKE 'pg\_toast\_temp\_%'
), temp_relations AS (
  SELECT oid FROM pg_catalog.pg_class WHERE relnamespace IN (SELECT oid FROM temp_schemas)
), temp_types AS (
  SELECT oid FROM pg_catalog.pg_type WHERE typnamespace IN (SELECT oid FROM temp_schemas)
), temp_constraints AS (
  SELECT oid FROM pg_catalog.pg_constraint WHERE conrelid IN (SELECT oid FROM temp_relations)
), temp_defaults AS (
  SELECT oid FROM pg_catalog.pg_attrdef WHERE adrelid IN (SELECT oid FROM temp_relations)
)
SELECT concat_ws(E'\n',
  current_setting('server_version_num'), current_user, current_database(),
  current_setting('TimeZone'), current_setting('DateStyle'), current_setting('IntervalStyle'),
  current_setting('extra_float_digits'), current_setting('bytea_output'),
  current_setting('standard_conforming_strings'), current_setting('lc_monetary'),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_namespace
     WHERE oid NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_class
     WHERE relnamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_type
     WHERE typnamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_attribute
     WHERE attrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_attrdef
     WHERE adrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_constraint
     WHERE conrelid NOT IN (SELECT oid FROM temp_relations) AND connamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_index
     WHERE indrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_trigger
     WHERE tgrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_sequence
     WHERE seqrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_depend
     WHERE NOT (classid = 'pg_catalog.pg_class'::regclass AND objid IN (SELECT oid FROM temp_relations)) AND NOT (classid = 'pg_catalog.pg_type'::regclass AND objid IN (SELECT oid FROM temp_types)) AND NOT (classid = 'pg_catalog.pg_constraint'::regclass AND objid IN (SELECT oid FROM temp_constraints)) AND NOT (classid = 'pg_catalog.pg_attrdef'::regclass AND objid IN (SELECT oid FROM temp_defaults))),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_description),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_enum),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_range),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_proc
     WHERE pronamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_policy),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_rewrite),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_inherits),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_partitioned_table),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_extension),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_default_acl),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_collation),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_opclass),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_operator),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_am),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_language),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_ts_config),
  (SELECT count(*) || ':' || coalesce(sum(hashtext(xmin::text)), 0) FROM pg_catalog.pg_ts_dict),
  (SELECT string_agg(oid::text || ' ' || rolname, ',' ORDER BY oid) FROM pg_catalog.pg_roles)
) AS stamp,
  EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') AS citus,
  to_regclass('pgdecl.custom_statements') IS NOT NULL AS statements,
  to_regclass('pgdecl.extensions') IS NOT NULL AS extensions;
