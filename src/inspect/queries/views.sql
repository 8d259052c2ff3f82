-- Views and materialized views of the managed schemas, except those of an extension: the query
-- as pg_get_viewdef prints it, the options (a view's check_option, security_barrier,
-- security_invoker; a materialized view's storage parameters, with its TOAST table's as toast.*),
-- whether a materialized view holds data, comments, the rules on it (not managed; its triggers
-- come with the tables' triggers),
-- columns in order, and what each reads
-- (from the dependencies of its rewrite rule: relations, and their columns by name).
-- $1: managed schema names.
SELECT c.oid::text AS id,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind = 'm' AS materialized,
       pg_catalog.pg_get_viewdef(c.oid) AS definition,
       coalesce(c.reloptions, '{}')::text[]
         || ARRAY(SELECT 'toast.' || o FROM pg_catalog.pg_class tc, pg_catalog.unnest(tc.reloptions) AS o WHERE tc.oid = c.reltoastrelid)::text[] AS options,
       c.relispopulated AS populated,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment,
       ARRAY(SELECT 'rule ' || r.rulename FROM pg_catalog.pg_rewrite r WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN'
             ORDER BY r.rulename)::text[] AS attached,
       coalesce((SELECT json_agg(json_build_object(
                          'name', a.attname,
                          'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                          'comment', (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum)) ORDER BY a.attnum)
                 FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns,
       coalesce((SELECT json_agg(json_build_object('schema', rn.nspname, 'name', rc.relname, 'columns', r.columns) ORDER BY rn.nspname, rc.relname)
                 FROM (SELECT d.refobjid,
                              coalesce(array_agg(DISTINCT ra.attname::text) FILTER (WHERE ra.attname IS NOT NULL), '{}') AS columns
                       FROM pg_catalog.pg_rewrite rw
                       JOIN pg_catalog.pg_depend d
                         ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = rw.oid
                        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> c.oid
                       LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid AND d.refobjsubid > 0
                       WHERE rw.ev_class = c.oid
                       GROUP BY d.refobjid) r
                 JOIN pg_catalog.pg_class rc ON rc.oid = r.refobjid
                 JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace), '[]') AS reads
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
  AND c.relkind IN ('v', 'm')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                  WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname;
