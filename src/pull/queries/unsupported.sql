-- Objects of the pulled schemas that the resource format does not model, one row each, so
-- pull can name them instead of dropping them silently. $1: the pulled schema names.
-- Objects that belong to an extension are left out (the extension brings them back).
WITH ext AS (
  SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
)
SELECT kind, schema, name, detail FROM (
  -- Views, materialized views, foreign tables, partitions. (Sequences are pulled: src/pull/sequences.ts.)
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
                        ELSE 'partition' END AS kind,
         n.nspname AS schema, c.relname AS name,
         CASE WHEN c.relispartition THEN 'of ' || (SELECT pn.nspname || '.' || pc.relname
                                                   FROM pg_catalog.pg_inherits i
                                                   JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                                                   JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                                                   WHERE i.inhrelid = c.oid LIMIT 1) END AS detail
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND (c.relkind IN ('v', 'm', 'f')
         OR (c.relkind IN ('r', 'p') AND c.relispartition))
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::regclass AND ext.objid = c.oid)
  UNION ALL
  -- Partitioned tables (pulled as ordinary tables), inheritance, grants on views and foreign tables.
  SELECT CASE WHEN c.relkind = 'p' THEN 'partitioned table'
              ELSE 'table inheritance' END,
         n.nspname, c.relname,
         CASE WHEN c.relkind = 'p' THEN 'partitioned by ' || pg_catalog.pg_get_partkeydef(c.oid)
              ELSE 'inherits from ' || (SELECT string_agg(pn.nspname || '.' || pc.relname, ', ' ORDER BY i.inhseqno)
                                        FROM pg_catalog.pg_inherits i
                                        JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                                        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                                        WHERE i.inhrelid = c.oid) END
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND (c.relkind = 'p'
         OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid))
  UNION ALL
  SELECT 'grants', n.nspname, c.relname,
         'to ' || (SELECT string_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, ', ')
                   FROM aclexplode(c.relacl) a WHERE a.grantee <> c.relowner)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND c.relkind IN ('v', 'm', 'f') AND c.relacl IS NOT NULL
  UNION ALL
  -- Domain, composite and range types. (Enum types are pulled.)
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'composite type' END,
         n.nspname, t.typname,
         CASE t.typtype
           WHEN 'd' THEN 'over ' || pg_catalog.format_type(t.typbasetype, t.typtypmod) END
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = ANY ($1::text[])
    AND (t.typtype IN ('d', 'r')
         OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::regclass AND ext.objid = t.oid)
  UNION ALL
  -- Exclusion constraints; checks and foreign keys not yet validated (NOT VALID).
  SELECT CASE WHEN con.contype = 'x' THEN 'exclusion constraint' ELSE 'not valid constraint' END,
         n.nspname, c.relname || '.' || con.conname, pg_catalog.pg_get_constraintdef(con.oid)
  FROM pg_catalog.pg_constraint con
  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND (con.contype = 'x' OR (con.contype IN ('c', 'f') AND NOT con.convalidated))
  UNION ALL
  -- Virtual generated columns (PostgreSQL 18; pulled as stored ones). attgenerated 'v'.
  SELECT 'virtual generated column', n.nspname, c.relname || '.' || a.attname, 'pulled as a stored generated column'
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = 'v'
  UNION ALL
  -- Constraint triggers (pulled as ordinary triggers).
  SELECT 'constraint trigger', n.nspname, c.relname || '.' || t.tgname, 'pulled as an ordinary trigger'
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND t.tgconstraint <> 0 AND NOT t.tgisinternal
  UNION ALL
  -- Rules (a view's own _RETURN rule is the view).
  SELECT 'rule', n.nspname, c.relname || '.' || r.rulename, NULL
  FROM pg_catalog.pg_rewrite r
  JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[]) AND r.rulename <> '_RETURN'
  UNION ALL
  -- Procedures, aggregates and window functions; functions pgdecl cannot write (SQL-standard
  -- bodies, C or internal). prosqlbody exists from PostgreSQL 14: read through to_jsonb.
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
         n.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         CASE WHEN p.prokind <> 'f' THEN NULL
              WHEN (to_jsonb(p) ->> 'prosqlbody') IS NOT NULL THEN 'an SQL-standard body (BEGIN ATOMIC or RETURN)'
              ELSE 'language ' || l.lanname END
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
  WHERE n.nspname = ANY ($1::text[])
    AND (p.prokind IN ('p', 'a', 'w') OR (to_jsonb(p) ->> 'prosqlbody') IS NOT NULL OR l.lanname IN ('c', 'internal'))
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::regclass AND ext.objid = p.oid)
  UNION ALL
  -- Grants on procedures and aggregates (those on functions are pulled).
  SELECT 'grants', n.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         'to ' || (SELECT string_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END, ', ')
                   FROM aclexplode(p.proacl) a WHERE a.grantee <> p.proowner)
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ANY ($1::text[]) AND p.proacl IS NOT NULL AND p.prokind <> 'f'
    AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::regclass AND ext.objid = p.oid)
  UNION ALL
  -- Event triggers belong to the whole database.
  SELECT 'event trigger', NULL, e.evtname, 'on ' || e.evtevent
  FROM pg_catalog.pg_event_trigger e
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_event_trigger'::regclass AND ext.objid = e.oid)
) u
ORDER BY kind, schema, name;
