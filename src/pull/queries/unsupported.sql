-- Objects of the pulled schemas that the resource format does not model, one row each, so
-- pull can name them instead of dropping them silently. $1: the pulled schema names.
-- Objects that belong to an extension are left out (the extension brings them back).
WITH ext AS (
  SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
)
SELECT kind, schema, name, detail FROM (
  -- Foreign tables (a foreign table that is a partition too). (Sequences, views, materialized
  -- views, partitioned tables and partitions are pulled: src/pull/.)
  SELECT 'foreign table' AS kind,
         n.nspname AS schema, c.relname AS name,
         CASE WHEN c.relispartition THEN 'a partition of ' || (SELECT pn.nspname || '.' || pc.relname
                                                   FROM pg_catalog.pg_inherits i
                                                   JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                                                   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                                                   WHERE i.inhrelid = c.oid LIMIT 1) END AS detail
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND c.relkind = 'f'
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  -- Inheritance (INHERITS) from a table outside the pulled schemas (the others are pulled).
  SELECT 'table inheritance',
         n.nspname, c.relname,
         'inherits from ' || (SELECT string_agg(pn.nspname || '.' || pc.relname, ', ' ORDER BY i.inhseqno)
                              FROM pg_catalog.pg_inherits i
                              JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                              JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                              WHERE i.inhrelid = c.oid AND pn.nspname <> ALL ($1::text[]))
         || ', which is not pulled: pulled without it and the columns it gives'
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                WHERE i.inhrelid = c.oid AND pn.nspname <> ALL ($1::text[]))
  UNION ALL
  -- What an inheritance child sets on a column it only inherits (not declared on it): a default
  -- other than its parent's, NOT NULL of its own, a comment.
  SELECT 'inherited column', n.nspname, c.relname || '.' || a.attname,
         'pulled without ' || concat_ws(', ',
           CASE WHEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_catalog.pg_get_expr(pd.adbin, pd.adrelid)
                THEN 'its default ' || coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), 'NULL') END,
           CASE WHEN a.attnotnull AND NOT pa.attnotnull THEN 'its NOT NULL' END,
           CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum) THEN 'its comment' END)
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid AND i.inhseqno = (
         SELECT min(i2.inhseqno) FROM pg_catalog.pg_inherits i2 JOIN pg_catalog.pg_attribute a2 ON a2.attrelid = i2.inhparent AND a2.attname = a.attname AND NOT a2.attisdropped
         WHERE i2.inhrelid = c.oid)
  JOIN pg_catalog.pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind = 'r' AND NOT c.relispartition
    AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attislocal
    AND (pg_catalog.pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_catalog.pg_get_expr(pd.adbin, pd.adrelid)
         OR (a.attnotnull AND NOT pa.attnotnull)
         OR EXISTS (SELECT 1 FROM pg_catalog.pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum))
  UNION ALL
  -- A key of an inheritance child on columns it only inherits (the format declares keys on the
  -- table's own attributes).
  SELECT 'primary key', n.nspname, c.relname || '.' || con.conname,
         'on the inherited column ' || (SELECT string_agg(a.attname, ', ') FROM pg_catalog.pg_attribute a
                                         WHERE a.attrelid = c.oid AND a.attnum = ANY (con.conkey) AND NOT a.attislocal) || ', pulled without it'
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind = 'r' AND NOT c.relispartition AND con.contype = 'p'
    AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = ANY (con.conkey) AND NOT a.attislocal)
  UNION ALL
  SELECT 'grants', n.nspname, c.relname,
         'to ' || (SELECT string_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, ', ')
                   FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND c.relkind = 'f' AND c.relacl IS NOT NULL
  UNION ALL
  -- Storage parameters (WITH (fillfactor = 70), autovacuum_*, toast.*) of partitions and of the
  -- indexes of primary keys (other tables and indexes are pulled with theirs).
  SELECT CASE WHEN c.relkind IN ('i', 'I') THEN 'primary key storage parameters' ELSE 'partition storage parameters' END,
         n.nspname, c.relname,
         array_to_string(coalesce(c.reloptions, '{}') || ARRAY(SELECT 'toast.' || o FROM unnest(tc.reloptions) AS o), ', ')
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_class tc ON tc.oid = c.reltoastrelid
  WHERE n.nspname = ANY ($1::text[])
    AND ((c.relkind IN ('r', 'p') AND c.relispartition) OR (c.relkind IN ('i', 'I') AND NOT c.relispartition
         AND EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indexrelid = c.oid AND x.indisprimary)))
    AND (c.reloptions IS NOT NULL OR tc.reloptions IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  -- What a partition or a materialized view has of its own (tables' are pulled): a replica
  -- identity, a clustered index, a column's statistics target and n_distinct, a partition's column
  -- comment (a materialized view's are pulled; a partition's own defaults are) and NOT NULL, and a column's storage or
  -- compression other than its parent's (a partition takes its parent's when created) or, for a
  -- materialized view, other than the defaults.
  SELECT CASE WHEN c.relkind = 'm' THEN 'materialized view options' ELSE 'partition options' END,
         n.nspname, c.relname, o.detail
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
  CROSS JOIN LATERAL (
    SELECT concat_ws(', ',
             CASE c.relreplident WHEN 'f' THEN 'REPLICA IDENTITY FULL' WHEN 'n' THEN 'REPLICA IDENTITY NOTHING'
                                 WHEN 'i' THEN 'REPLICA IDENTITY USING INDEX' END,
             (SELECT 'CLUSTER ON ' || ic.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
              WHERE x.indrelid = c.oid AND x.indisclustered),
             (SELECT string_agg(a.attname || ' ' || concat_ws(' ',
                        CASE WHEN a.attstattarget >= 0 THEN 'STATISTICS ' || a.attstattarget END,
                        CASE WHEN a.attstorage <> coalesce(pa.attstorage, t.typstorage) THEN 'STORAGE ' || CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'm' THEN 'MAIN' WHEN 'e' THEN 'EXTERNAL' ELSE 'EXTENDED' END END,
                        CASE WHEN a.attcompression <> coalesce(pa.attcompression, '') THEN 'COMPRESSION ' || CASE a.attcompression WHEN 'l' THEN 'lz4' WHEN 'p' THEN 'pglz' ELSE 'default' END END,
                        CASE WHEN a.attoptions IS NOT NULL THEN 'SET (' || pg_catalog.array_to_string(a.attoptions, ', ') || ')' END,
                        CASE WHEN c.relkind <> 'm' AND dsc.description IS NOT NULL THEN 'COMMENT ' || pg_catalog.quote_literal(dsc.description) END,
                        CASE WHEN c.relispartition AND a.attnotnull AND NOT pa.attnotnull THEN 'NOT NULL' END), ', ' ORDER BY a.attnum)
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
              LEFT JOIN pg_catalog.pg_attribute pa ON pa.attrelid = inh.inhparent AND pa.attname = a.attname
              LEFT JOIN pg_catalog.pg_description dsc ON dsc.objoid = a.attrelid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                AND (a.attstattarget >= 0 OR a.attstorage <> coalesce(pa.attstorage, t.typstorage) OR a.attcompression <> coalesce(pa.attcompression, '') OR a.attoptions IS NOT NULL
                     OR (c.relkind <> 'm' AND dsc.description IS NOT NULL) OR (c.relispartition AND a.attnotnull AND NOT pa.attnotnull))) ) AS detail
  ) o
  WHERE n.nspname = ANY ($1::text[])
    AND ((c.relkind IN ('r', 'p') AND c.relispartition) OR c.relkind = 'm')
    AND o.detail <> ''
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  -- An identity column's sequence's comment (its name is pulled, `sequence: {name}`).
  SELECT 'identity sequence', n.nspname, c.relname, 'of ' || t.relname || '.' || a.attname || ', pulled without its comment'
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                             AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'i'
  JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
  JOIN pg_catalog.pg_description dsc ON dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = 0
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind = 'S'
  UNION ALL
  -- Domain checks not yet validated (pulled as checks, which a plan adds validated).
  SELECT 'not valid constraint', n.nspname, t.typname || '.' || con.conname, pg_catalog.pg_get_constraintdef(con.oid)
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_type t ON t.oid = con.contypid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = ANY ($1::text[]) AND con.contype = 'c' AND NOT con.convalidated
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::regclass AND ext.objid = t.oid)
  UNION ALL
  -- Comments on domain checks (the checks are pulled, their comments not).
  SELECT 'domain check comment', n.nspname, t.typname || '.' || con.conname, dsc.description
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_type t ON t.oid = con.contypid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_catalog.pg_description dsc ON dsc.objoid = con.oid AND dsc.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND dsc.objsubid = 0
  WHERE n.nspname = ANY ($1::text[]) AND con.contype = 'c'
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::regclass AND ext.objid = t.oid)
  UNION ALL
  -- PostgreSQL 18's UNIQUE constraints WITHOUT OVERLAPS, read through to_jsonb (the column is
  -- not there before): not pulled, so a plan of the pulled files drops them. (Primary keys and
  -- foreign keys WITHOUT OVERLAPS and with PERIOD are pulled.)
  SELECT 'temporal constraint', n.nspname, c.relname || '.' || con.conname,
         pg_catalog.pg_get_constraintdef(con.oid)
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND con.conislocal AND con.contype = 'u' AND (to_jsonb(con) ->> 'conperiod') = 'true'
  UNION ALL
  -- PostgreSQL 18's not-null constraints (contype 'n') NOT VALID or NO INHERIT: pulled as the
  -- column's NOT NULL, valid and inherited. (Their names are not listed: a table renamed keeps
  -- its constraints' old names, and PostgreSQL 15 has none to compare.)
  SELECT 'not-null constraint', n.nspname, c.relname || '.' || con.conname,
         pg_catalog.pg_get_constraintdef(con.oid) || ', pulled as the column''s NOT NULL'
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND con.contype = 'n' AND con.conislocal
    AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND (NOT con.convalidated OR con.connoinherit)
  UNION ALL
  -- Constraint triggers FROM another table (pulled without FROM).
  SELECT 'constraint trigger', n.nspname, c.relname || '.' || t.tgname, 'FROM ' || t.tgconstrrelid::regclass::text || ', pulled without it'
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND t.tgconstraint <> 0 AND t.tgconstrrelid <> 0 AND NOT t.tgisinternal
  UNION ALL
  -- Operator class parameters of index keys (gist_trgm_ops (siglen = 64); pulled without them).
  SELECT 'operator class parameters', n.nspname, ic.relname, pg_catalog.pg_get_indexdef(ic.oid) || ', pulled without them'
  FROM pg_catalog.pg_class ic
  JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND ic.relkind IN ('i', 'I')
    AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = ic.oid AND a.attoptions IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass AND ext.objid = ic.oid)
  UNION ALL
  -- Rules (a view's own _RETURN rule is the view).
  SELECT 'rule', n.nspname, c.relname || '.' || r.rulename, NULL
  FROM pg_catalog.pg_rewrite r
  JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND r.rulename <> '_RETURN'
  UNION ALL
  -- Ordered-set and hypothetical-set aggregates (ordinary ones are pulled) and window functions;
  -- functions and procedures pgdecl cannot write (C or internal).
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'ordered-set aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
         n.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         CASE WHEN p.prokind NOT IN ('f', 'p') THEN NULL ELSE 'language ' || l.lanname END
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  WHERE n.nspname = ANY ($1::text[])
    AND (p.prokind = 'w' OR (p.prokind = 'a' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_aggregate a WHERE a.aggfnoid = p.oid AND a.aggkind = 'n'))
         OR (p.prokind IN ('f', 'p') AND l.lanname IN ('c', 'internal')))
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::regclass AND ext.objid = p.oid)
    -- A range type's constructor functions come with the type.
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i')
  UNION ALL
  -- Grants on ordered-set aggregates and window functions (those on functions, procedures and ordinary aggregates are pulled).
  SELECT 'grants', n.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         'to ' || (SELECT string_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, ', ')
                   FROM aclexplode(p.proacl) a WHERE a.grantee <> p.proowner)
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ANY ($1::text[]) AND p.proacl IS NOT NULL AND p.prokind NOT IN ('f', 'p')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_aggregate a WHERE a.aggfnoid = p.oid AND a.aggkind = 'n')
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::regclass AND ext.objid = p.oid)
  UNION ALL
  -- Schema objects the format has no kind for: operators, operator classes and families, text
  -- search configurations and dictionaries, conversions, extended statistics. (Collations are
  -- pulled.)
  SELECT 'operator', n.nspname, o.oprname || '(' || coalesce(o.oprleft::regtype::text, 'NONE') || ', ' || coalesce(o.oprright::regtype::text, 'NONE') || ')', NULL
  FROM pg_catalog.pg_operator o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_operator'::regclass AND ext.objid = o.oid)
  UNION ALL
  SELECT 'operator class', n.nspname, o.opcname, 'using ' || am.amname
  FROM pg_catalog.pg_opclass o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.opcnamespace
  JOIN pg_catalog.pg_am am ON am.oid = o.opcmethod
  WHERE n.nspname = ANY ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_opclass'::regclass AND ext.objid = o.oid)
  UNION ALL
  -- An operator class made without FAMILY brings a family of its name: only other families are named.
  SELECT 'operator family', n.nspname, o.opfname, 'using ' || am.amname
  FROM pg_catalog.pg_opfamily o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.opfnamespace
  JOIN pg_catalog.pg_am am ON am.oid = o.opfmethod
  WHERE n.nspname = ANY ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_opfamily'::regclass AND ext.objid = o.oid)
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_opclass oc WHERE oc.opcfamily = o.oid AND oc.opcname = o.opfname AND oc.opcnamespace = o.opfnamespace)
  UNION ALL
  SELECT 'text search configuration', n.nspname, o.cfgname, NULL
  FROM pg_catalog.pg_ts_config o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.cfgnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_ts_config'::regclass AND ext.objid = o.oid)
  UNION ALL
  SELECT 'text search dictionary', n.nspname, o.dictname, NULL
  FROM pg_catalog.pg_ts_dict o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.dictnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_ts_dict'::regclass AND ext.objid = o.oid)
  UNION ALL
  SELECT 'conversion', n.nspname, o.conname, NULL
  FROM pg_catalog.pg_conversion o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.connamespace
  WHERE n.nspname = ANY ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_conversion'::regclass AND ext.objid = o.oid)
  UNION ALL
  SELECT 'statistics object', n.nspname, o.stxname, 'on ' || o.stxrelid::regclass::text
  FROM pg_catalog.pg_statistic_ext o
  JOIN pg_catalog.pg_namespace n ON n.oid = o.stxnamespace
  WHERE n.nspname = ANY ($1::text[])
  UNION ALL
  -- Owners are not managed: pgdecl creates what it manages as the role it connects as. One row
  -- per other role that owns a pulled schema or objects in one (not extensions' objects).
  SELECT 'owner', NULL, pg_catalog.pg_get_userbyid(o.owner),
         'owns ' || count(*) || ' of the pulled objects (' || string_agg(DISTINCT o.kind, ', ') || '); applied to another database, they belong to the role that applies them'
  FROM (
    SELECT 'schema' AS kind, n.nspowner AS owner, 'pg_catalog.pg_namespace'::pg_catalog.regclass AS classid, n.oid AS objid
    FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY ($1::text[])
    UNION ALL
    SELECT CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
           c.relowner, 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ANY ($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, p.proowner, 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ANY ($1::text[])
    UNION ALL
    SELECT 'type', t.typowner, 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid
    FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ANY ($1::text[])
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
  ) o
  WHERE o.owner <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
    -- public's owner in every new database (PostgreSQL 15 and later): the same wherever it is applied.
    AND pg_catalog.pg_get_userbyid(o.owner) <> 'pg_database_owner'
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.objid)
    -- What comes with another object (an identity's sequence, a range type's constructors) is counted with it.
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = o.classid AND d.objid = o.objid AND d.deptype = 'i')
  GROUP BY o.owner
  UNION ALL
  -- Event triggers belong to the whole database.
  SELECT 'event trigger', NULL, e.evtname, 'on ' || e.evtevent
  FROM pg_catalog.pg_event_trigger e
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_event_trigger'::regclass AND ext.objid = e.oid)
  UNION ALL
  -- Publications (logical replication) belong to the whole database too: those of every table,
  -- and those naming a table or a schema pulled.
  SELECT 'publication', NULL, p.pubname,
         CASE WHEN p.puballtables THEN 'FOR ALL TABLES'
              ELSE 'FOR ' || (SELECT string_agg(pt.schemaname || '.' || pt.tablename, ', ' ORDER BY pt.schemaname, pt.tablename)
                              FROM pg_catalog.pg_publication_tables pt WHERE pt.pubname = p.pubname AND pt.schemaname = ANY ($1::text[])) END
  FROM pg_catalog.pg_publication p
  WHERE p.puballtables
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_publication_tables pt WHERE pt.pubname = p.pubname AND pt.schemaname = ANY ($1::text[]))
  UNION ALL
  -- An extension's comment other than the one its control file gives it (extensions installed
  -- in a pulled schema).
  SELECT 'extension comment', NULL, x.extname, dsc.description
  FROM pg_catalog.pg_extension x
  JOIN pg_catalog.pg_description dsc ON dsc.objoid = x.oid AND dsc.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND dsc.objsubid = 0
  LEFT JOIN pg_catalog.pg_available_extensions ae ON ae.name = x.extname
  WHERE x.extnamespace IN (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY ($1::text[]))
    AND dsc.description IS DISTINCT FROM ae.comment
) u
ORDER BY kind, schema, name;
