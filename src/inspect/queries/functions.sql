-- Functions and procedures of the managed schemas, except those that belong to an extension. $1: managed schema names.
SELECT n.nspname AS schema,
       p.proname AS name,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       coalesce(pg_catalog.pg_get_function_result(p.oid), '') AS returns,
       p.prokind = 'p' AS is_procedure,
       l.lanname AS language,
       -- An SQL-standard body (BEGIN ATOMIC or RETURN) is kept parsed: prosrc is empty.
       CASE WHEN p.prosqlbody IS NULL THEN p.prosrc ELSE pg_catalog.pg_get_function_sqlbody(p.oid) END AS body,
       p.prosqlbody IS NOT NULL AS sql_body,
       p.provolatile AS volatility,
       p.prosecdef AS security_definer,
       p.proisstrict AS strict,
       p.proleakproof AS leakproof,
       p.proparallel AS parallel,
       p.procost::float8 AS cost,
       p.prorows::float8 AS rows,
       p.proretset AS returns_set,
       coalesce(p.proconfig, '{}') AS config,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = p.oid AND dsc.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY ($1::text[])
  AND p.prokind IN ('f', 'p')
  -- Not an extension's, and not made by a type for itself (a range type's constructors: deptype 'i').
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname, 4;
