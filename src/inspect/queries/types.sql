-- Enum types, domains, composite types (not a table's row type) and range types of the managed
-- schemas, except those that belong to an extension: an enum's labels in sort order; a domain's
-- base type, default, NOT NULL, collation (when not its base type's) and checks by name; a
-- composite type's attributes in their order; a range type's subtype, and its operator class,
-- collation, canonical and difference functions where not the default, and its multirange
-- type's name. A collation is named bare when it is pg_catalog's, else schema-qualified.
-- $1: managed schema names.
SELECT n.nspname AS schema,
       t.typname AS name,
       t.typtype AS kind,
       ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values,
       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base,
       CASE WHEN t.typtype = 'd' THEN pg_catalog.pg_get_expr(t.typdefaultbin, 0) END AS "default",
       t.typnotnull AS not_null,
       CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN CASE WHEN co.collnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN co.collname::text ELSE (SELECT pg_catalog.quote_ident(cn.nspname) FROM pg_catalog.pg_namespace cn WHERE cn.oid = co.collnamespace) || '.' || pg_catalog.quote_ident(co.collname) END END AS collation,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', c.conname, 'definition', pg_catalog.pg_get_constraintdef(c.oid), 'validated', c.convalidated) ORDER BY c.conname)
        FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS checks,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                                                                'collation', CASE WHEN a.attcollation <> at.typcollation THEN CASE WHEN ac.collnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN ac.collname::text ELSE (SELECT pg_catalog.quote_ident(cn.nspname) FROM pg_catalog.pg_namespace cn WHERE cn.oid = ac.collnamespace) || '.' || pg_catalog.quote_ident(ac.collname) END END,
                                                                'comment', (SELECT dsc.description FROM pg_catalog.pg_description dsc
                                                                            WHERE dsc.objoid = t.typrelid AND dsc.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dsc.objsubid = a.attnum)) ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_collation ac ON ac.oid = a.attcollation
        WHERE t.typtype = 'c' AND a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) AS attributes,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = t.oid AND dsc.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment,
       CASE WHEN t.typtype = 'r' THEN pg_catalog.format_type(rg.rngsubtype, NULL) END AS subtype,
       -- The default operator class of the subtype, or of a type it is binary coercible to
       -- (varchar's is text's), is not written.
       CASE WHEN t.typtype = 'r' AND NOT EXISTS
                 (SELECT 1 FROM pg_catalog.pg_opclass dop
                  WHERE dop.oid = rg.rngsubopc AND dop.opcdefault
                    AND (dop.opcintype = rg.rngsubtype
                         OR EXISTS (SELECT 1 FROM pg_catalog.pg_cast bc WHERE bc.castsource = rg.rngsubtype AND bc.casttarget = dop.opcintype AND bc.castmethod = 'b')))
            THEN (SELECT CASE WHEN on_.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(op.opcname) ELSE pg_catalog.quote_ident(on_.nspname) || '.' || pg_catalog.quote_ident(op.opcname) END
                  FROM pg_catalog.pg_opclass op JOIN pg_catalog.pg_namespace on_ ON on_.oid = op.opcnamespace WHERE op.oid = rg.rngsubopc) END AS subtype_opclass,
       CASE WHEN t.typtype = 'r' AND rg.rngcollation <> 0 AND rg.rngcollation <> st.typcollation THEN (SELECT CASE WHEN rc.collnamespace = 'pg_catalog'::pg_catalog.regnamespace THEN rc.collname::text ELSE (SELECT pg_catalog.quote_ident(cn.nspname) FROM pg_catalog.pg_namespace cn WHERE cn.oid = rc.collnamespace) || '.' || pg_catalog.quote_ident(rc.collname) END FROM pg_catalog.pg_collation rc WHERE rc.oid = rg.rngcollation) END AS range_collation,
       CASE WHEN t.typtype = 'r' AND rg.rngcanonical <> 0 THEN rg.rngcanonical::pg_catalog.regproc::text END AS canonical,
       CASE WHEN t.typtype = 'r' AND rg.rngsubdiff <> 0 THEN rg.rngsubdiff::pg_catalog.regproc::text END AS subtype_diff,
       (SELECT mt.typname FROM pg_catalog.pg_type mt WHERE mt.oid = rg.rngmultitypid) AS multirange
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid
LEFT JOIN pg_catalog.pg_type st ON st.oid = rg.rngsubtype
WHERE n.nspname = ANY ($1::text[])
  AND (t.typtype IN ('e', 'd', 'r')
       OR (t.typtype = 'c' AND (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c'))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.nspname, t.typname;
