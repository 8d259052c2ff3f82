-- Collations of the managed schemas, except those that belong to an extension and the
-- provider 'd' (the database default, which CREATE COLLATION cannot make). The ICU or builtin
-- locale and the ICU rules are columns of some versions only (colliculocale on 15 and 16,
-- colllocale from 17, collicurules from 16): read through to_jsonb. collversion is not read.
-- $1: managed schema names.
SELECT n.nspname AS schema,
       co.collname AS name,
       co.collprovider AS provider,
       co.collcollate AS lc_collate,
       co.collctype AS lc_ctype,
       coalesce(pg_catalog.to_jsonb(co) ->> 'colllocale', pg_catalog.to_jsonb(co) ->> 'colliculocale') AS locale,
       pg_catalog.to_jsonb(co) ->> 'collicurules' AS rules,
       co.collisdeterministic AS deterministic,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = co.oid AND dsc.classoid = 'pg_catalog.pg_collation'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment
FROM pg_catalog.pg_collation co
JOIN pg_catalog.pg_namespace n ON n.oid = co.collnamespace
WHERE n.nspname = ANY ($1::text[])
  AND co.collprovider IN ('c', 'i', 'b')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_collation'::regclass AND d.objid = co.oid AND d.deptype = 'e')
ORDER BY n.nspname, co.collname;
