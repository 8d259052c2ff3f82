-- User triggers of those tables (not the internal ones behind foreign keys). $1: managed schema names.
-- type bits: 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE, 64 INSTEAD OF.
-- args: tgargs as hex, NUL-separated. The WHEN condition is cut out of pg_get_triggerdef.
-- Transition tables (REFERENCING OLD TABLE AS … NEW TABLE AS …): tgoldtable, tgnewtable.
SELECT t.tgrelid::text AS table_id,
       t.tgname AS name,
       t.tgtype::int AS type,
       pn.nspname AS function_schema,
       p.proname AS function_name,
       t.tgnargs AS arg_count,
       encode(t.tgargs, 'hex') AS args_hex,
       ARRAY(SELECT a.attname::text
             FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.num
             ORDER BY k.ord) AS update_of,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition,
       t.tgconstraint <> 0 AS is_constraint,
       t.tgdeferrable AS deferrable,
       t.tginitdeferred AS deferred,
       t.tgoldtable::text AS old_table,
       t.tgnewtable::text AS new_table,
       t.tgenabled::text AS enabled,
       (SELECT dsc.description FROM pg_catalog.pg_description dsc WHERE dsc.objoid = t.oid AND dsc.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND dsc.objsubid = 0) AS comment
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
WHERE n.nspname = ANY ($1::text[])
  AND NOT t.tgisinternal
  AND t.tgparentid = 0
ORDER BY t.tgrelid, t.tgname;
