-- The managed schemas that exist. $1: managed schema names.
SELECT n.nspname AS name,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = n.oid AND dsc.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment
FROM pg_catalog.pg_namespace n
WHERE n.nspname = ANY ($1::text[])
ORDER BY n.nspname;
