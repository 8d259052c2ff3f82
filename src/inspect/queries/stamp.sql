-- A stamp of everything a plan reads from the server (src/plan/converged.ts), cheap to
-- compute whatever the schema's size: per catalog, the number of rows and a sum of hashes of
-- each row's xmin (the transaction that wrote the row). A change to a catalog row is a new row
-- version with a new xmin, so any DDL, GRANT, COMMENT or rename changes the stamp, while
-- VACUUM and ANALYZE, which update rows in place, do not (but for a catalog row VACUUM freezes:
-- it then reads xmin 2, and the next plan reads the catalog again). Also the server's version, the
-- role, the database (the cluster's system identifier and the database's oid) and the
-- settings that change how values print. Temporary objects (other sessions' too) are left
-- out, but for their uses of extensions: they come and go without changing what a plan reads.
-- Every function is schema-qualified: the session's search_path cannot change the stamp.
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
SELECT pg_catalog.concat_ws(E'\n',
  -- Which database: xids repeat across clusters made the same way (containers).
  (SELECT system_identifier FROM pg_catalog.pg_control_system()),
  (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()),
  pg_catalog.current_setting('server_version_num'), current_user, pg_catalog.current_database(),
  pg_catalog.current_setting('TimeZone'), pg_catalog.current_setting('DateStyle'), pg_catalog.current_setting('IntervalStyle'),
  pg_catalog.current_setting('extra_float_digits'), pg_catalog.current_setting('bytea_output'),
  pg_catalog.current_setting('standard_conforming_strings'), pg_catalog.current_setting('lc_monetary'),
  pg_catalog.current_setting('quote_all_identifiers'), pg_catalog.current_setting('transform_null_equals'),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_namespace
     WHERE oid NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_class
     WHERE relnamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_type
     WHERE typnamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_attribute
     WHERE attrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_attrdef
     WHERE adrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_constraint
     WHERE conrelid NOT IN (SELECT oid FROM temp_relations) AND connamespace NOT IN (SELECT oid FROM temp_schemas)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_index
     WHERE indrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_trigger
     WHERE tgrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_sequence
     WHERE seqrelid NOT IN (SELECT oid FROM temp_relations)),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_depend
     WHERE NOT (classid = 'pg_catalog.pg_class'::regclass AND objid IN (SELECT oid FROM temp_relations)) AND NOT (classid = 'pg_catalog.pg_type'::regclass AND objid IN (SELECT oid FROM temp_types)) AND NOT (classid = 'pg_catalog.pg_constraint'::regclass AND objid IN (SELECT oid FROM temp_constraints)) AND NOT (classid = 'pg_catalog.pg_attrdef'::regclass AND objid IN (SELECT oid FROM temp_defaults))),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_description),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_enum),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_range),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_proc),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_policy),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_rewrite),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_inherits),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_partitioned_table),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_extension),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_default_acl),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_collation),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_opclass),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_operator),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_am),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_language),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_ts_config),
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(xmin::text)), 0) FROM pg_catalog.pg_ts_dict),
  -- Temporary tables that use an extension's types or operator classes: inspection counts
  -- them among the extension's uses (an extension is dropped only when none is left).
  (SELECT pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtext(u.xmin::text)), 0)
     FROM temp_relations r
     JOIN pg_catalog.pg_depend u ON u.classid = 'pg_catalog.pg_class'::regclass AND u.objid = r.oid AND u.deptype = 'n'
     JOIN pg_catalog.pg_depend m ON m.classid = u.refclassid AND m.objid = u.refobjid
          AND m.refclassid = 'pg_catalog.pg_extension'::regclass AND m.deptype = 'e'),
  (SELECT pg_catalog.string_agg(oid::text || ' ' || rolname, ',' ORDER BY oid) FROM pg_catalog.pg_roles)
) AS stamp,
  EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') AS citus,
  pg_catalog.to_regclass('pgdecl.custom_statements') IS NOT NULL AS statements,
  pg_catalog.to_regclass('pgdecl.extensions') IS NOT NULL AS extensions;
