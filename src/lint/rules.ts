/**
 * The lint rules over hand-written migration SQL: each one a statement that blocks reads or
 * writes on a live table, rewrites it, or breaks the code that runs against it, with the safe
 * way to write it. Every rule is an error unless a project's lint config lowers or turns it off.
 * Names follow squawk's where squawk has the same rule, so teams moving over keep their words.
 */

export const RULE_NAMES = [
  'adding-required-field',
  'adding-field-that-rewrites',
  'require-concurrent-index-creation',
  'constraint-missing-not-valid',
  'validate-in-same-transaction',
  'changing-column-type',
  'ban-drop-column',
  'ban-drop-table',
  'concurrently-in-transaction',
  'setting-not-nullable-field',
  'renaming-column',
  'renaming-table',
  'disallowed-unique-constraint',
  'ban-char-field',
  'prefer-bigint-keys',
  'prefer-timestamptz',
  'identifier-too-long',
] as const;

export type RuleName = (typeof RULE_NAMES)[number];

export type Severity = 'error' | 'warning';

export interface RuleInfo {
  /** One line: what the rule finds. */
  readonly summary: string;
  /** Why it hurts on a live database. */
  readonly why: string;
  /** The safe way to write it. */
  readonly fix: string;
}

export const RULES: Readonly<Record<RuleName, RuleInfo>> = {
  'adding-required-field': {
    summary: 'a NOT NULL column added to an existing table without a default',
    why: 'fails on a table that holds rows, and breaks application code that inserts without the column',
    fix: 'add the column with a DEFAULT, or add it nullable, backfill it in batches, then make it NOT NULL through a validated CHECK',
  },
  'adding-field-that-rewrites': {
    summary: 'a column added with a volatile default or as a stored generated column',
    why: 'PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock: no reads or writes until it is done',
    fix: 'add the column without the default (or with a constant one), backfill it in batches, then set the default',
  },
  'require-concurrent-index-creation': {
    summary: 'CREATE INDEX without CONCURRENTLY on an existing table',
    why: 'takes a SHARE lock for the whole build: every insert, update and delete on the table waits',
    fix: 'CREATE INDEX CONCURRENTLY, in a migration marked `-- pgdecl:no-transaction`',
  },
  'constraint-missing-not-valid': {
    summary: 'a foreign key or check added to an existing table without NOT VALID',
    why: 'checks every row while holding a lock that blocks writes (and, for a foreign key, writes to the referenced table too)',
    fix: 'ADD CONSTRAINT … NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in its own transaction (a later migration, or a `-- pgdecl:no-transaction` one)',
  },
  'validate-in-same-transaction': {
    summary: 'VALIDATE CONSTRAINT in the same transaction that added the constraint NOT VALID',
    why: 'the lock taken by ADD CONSTRAINT is held until COMMIT, so the validating scan runs under it and NOT VALID gains nothing',
    fix: 'validate in a separate transaction: a later migration, or mark this one `-- pgdecl:no-transaction`',
  },
  'changing-column-type': {
    summary: 'a column type change',
    why: 'rewrites the table and its indexes under an ACCESS EXCLUSIVE lock unless the types are binary-coercible (e.g. varchar(n) widened), and breaks code that reads the old type',
    fix: 'add a column of the new type, backfill it in batches, switch the application, then drop the old column',
  },
  'ban-drop-column': {
    summary: 'a column dropped',
    why: 'application code still running against the old schema fails as soon as it names the column, and the data is gone',
    fix: 'first deploy code that no longer reads or writes the column, then drop it, and say so with `-- pgdecl-lint: ignore ban-drop-column`',
  },
  'ban-drop-table': {
    summary: 'a table dropped',
    why: 'application code still running against the old schema fails, and the data is gone',
    fix: 'first deploy code that no longer uses the table (rename it aside for a release if unsure), then drop it, and say so with `-- pgdecl-lint: ignore ban-drop-table`',
  },
  'concurrently-in-transaction': {
    summary: 'a CONCURRENTLY statement inside a transaction block',
    why: 'PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY (and DETACH PARTITION CONCURRENTLY) in a transaction: the migration fails',
    fix: 'put it in a migration of its own marked `-- pgdecl:no-transaction` (before `-- migrate:up`), outside BEGIN … COMMIT',
  },
  'setting-not-nullable-field': {
    summary: 'SET NOT NULL on an existing column',
    why: 'scans the whole table under an ACCESS EXCLUSIVE lock: no reads or writes until it is done',
    fix: 'ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (another transaction); then SET NOT NULL (PostgreSQL 12+ skips the scan) and DROP CONSTRAINT c',
  },
  'renaming-column': {
    summary: 'a column renamed',
    why: 'code running against the old schema fails on the old name the moment the migration commits',
    fix: 'add the new column, write to both and backfill, switch readers, then drop the old one; or rename and keep a view with the old name for one release',
  },
  'renaming-table': {
    summary: 'a table renamed',
    why: 'code running against the old schema fails on the old name the moment the migration commits',
    fix: 'rename, and create a view with the old name (simple views are updatable) until no code uses it',
  },
  'disallowed-unique-constraint': {
    summary: 'a UNIQUE or PRIMARY KEY constraint added to an existing table without a prebuilt index',
    why: 'builds its index under an ACCESS EXCLUSIVE lock: no reads or writes until it is done',
    fix: 'CREATE UNIQUE INDEX CONCURRENTLY i …; then ALTER TABLE … ADD CONSTRAINT c UNIQUE USING INDEX i',
  },
  'ban-char-field': {
    summary: 'a char(n) / character(n) column',
    why: 'pads values with spaces, compares surprisingly and is no faster than text',
    fix: 'use text (or varchar(n)) with a CHECK on the length',
  },
  'prefer-bigint-keys': {
    summary: 'an integer or smallint key (primary key, identity or serial)',
    why: 'runs out at 2,147,483,647 (32,767 for smallint), and widening it later rewrites the table and every referencing key',
    fix: 'use bigint (bigserial, or bigint GENERATED … AS IDENTITY)',
  },
  'prefer-timestamptz': {
    summary: 'timestamp without time zone',
    why: 'stores wall-clock time with no zone: values shift or compare wrongly as soon as sessions use different time zones',
    fix: 'use timestamptz (timestamp with time zone)',
  },
  'identifier-too-long': {
    summary: 'an identifier longer than 63 bytes',
    why: 'PostgreSQL silently truncates it, so later statements that name it in full miss',
    fix: 'shorten the name to 63 bytes or fewer',
  },
};
