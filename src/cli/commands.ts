/**
 * Every command's definition: name, options, help. Handlers live in ./handlers and are
 * loaded only when their command runs, so `--help` stays fast.
 */
import type { CommandDef, OptionDef } from './command.js';
import { RULE_NAMES } from '../lint/rules.js';
import { DB_OPTIONS, FLEET_OPTIONS, ONLINE_OPTIONS, PROGRESS_OPTION, TENANT_OPTIONS } from './options.js';
import { SEE_COMMANDS } from './commands-see.js';

const JSON_OPT: OptionDef = { name: 'json', type: 'boolean', description: 'machine-readable output on stdout' };

export const COMMANDS: readonly CommandDef[] = [
  {
    name: 'init',
    summary: 'start a project: a starter resources.yaml, .pgdecl/ in .gitignore, what to run next',
    usage: 'pgdecl init [--force]',
    description: `Writes resources.yaml in the working directory: two resources to edit, and a first line
that points editors (yaml-language-server) at pgdecl's JSON Schema for completion and checks:
node_modules/pgdecl/schema/pgdecl.schema.json when pgdecl is installed in the project, else the
schema of the pgdecl that runs. Adds .pgdecl/ (the embedded database and pgdecl's cache) to
.gitignore, creating it if needed and only once. An existing resources.yaml is never replaced
without --force.`,
    options: [{ name: 'force', type: 'boolean', description: 'replace an existing resources.yaml' }],
    examples: ['pgdecl init', 'pgdecl init && pgdecl apply --yes'],
    exitCodes: ['0  written', '1  resources.yaml exists (nothing was written; see --force), or another error'],
    handler: () => import('./handlers/init.js'),
  },
  {
    name: 'validate',
    summary: 'check resource files; report every error with its file, line and column',
    usage: 'pgdecl validate [paths…] [--json]',
    description: `Reads one or more files or folders (YAML or JSON), checks them against the JSON Schema and
the rules a schema cannot express (relationships point at resources that exist, every column
named exists, identifiers fit PostgreSQL's 63 bytes, ...), parses every SQL fragment (checks,
where clauses, defaults, generated columns, index expressions, custom statements, function
bodies) with PostgreSQL's own parser and runs the rest of the compile: everything that needs no
database. It prints all errors at once. With no path, reads resources.yaml (or resources/) in the working directory.`,
    options: [JSON_OPT],
    examples: ['pgdecl validate resources.example.yaml', 'pgdecl validate resources/ --json'],
    handler: () => import('./handlers/validate.js'),
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of the resource format (for editors and other tools)',
    usage: 'pgdecl schema',
    description: 'The same file the package exports as `pgdecl/schema.json`. Editors that use yaml-language-server\npick it up from the first line of a resource file:\n  # yaml-language-server: $schema=./node_modules/pgdecl/schema/pgdecl.schema.json',
    options: [],
    exitCodes: ['0  printed'],
    handler: () => import('./handlers/schema.js'),
  },
  {
    name: 'compile',
    summary: 'compile resource files into tables, indexes, constraints and triggers (the IR)',
    usage: 'pgdecl compile [paths…] [--json] [--pg-version N]',
    description: `Validates the files, checks every SQL fragment with PostgreSQL's own parser, and prints what
the schema is made of: a summary per table, or with --json the intermediate representation
(the same JSON that plans and snapshots use). --pg-version picks version-dependent SQL
(uuidv7() on 18, NULLS NOT DISTINCT needs 15); without it the result runs on 14 and later
(15 when the files ask for NULLS NOT DISTINCT or ON DELETE SET NULL (columns)).`,
    options: [JSON_OPT, { name: 'pg-version', type: 'string', value: 'N', description: 'the PostgreSQL major version to compile for (e.g. 15 or 18)' }],
    examples: ['pgdecl compile resources.example.yaml', 'pgdecl compile resources/ --json --pg-version 18'],
    exitCodes: ['0  compiled', '1  invalid files or SQL'],
    handler: () => import('./handlers/compile.js'),
  },
  {
    name: 'sql',
    summary: 'print the SQL that creates the schema in an empty database',
    usage: 'pgdecl sql [paths…] [--pg-version N] [--tenant NAME] [-o FILE]',
    description: `The whole DDL in dependency order, in one transaction (CONCURRENTLY indexes after it), ready for
  psql -v ON_ERROR_STOP=1 -f schema.sql
Tables of resources with \`multitenancy: {strategy: context}\` live in tenant schemas: --tenant NAME
prints them for the schema NAME, to run after the database's own script.`,
    options: [
      { name: 'pg-version', type: 'string', value: 'N', description: 'the PostgreSQL major version to write SQL for (e.g. 15 or 18); default: the lowest it runs on' },
      { name: 'tenant', type: 'string', value: 'NAME', description: 'print the tenant tables for the tenant schema NAME' },
      { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
    ],
    examples: ['pgdecl sql resources.example.yaml > schema.sql', 'pgdecl sql resources.example.yaml --pg-version 18 -o schema.sql', 'pgdecl sql resources.example.yaml --tenant tenant_acme'],
    exitCodes: ['0  printed', '1  invalid files or SQL'],
    handler: () => import('./handlers/sql.js'),
  },
  {
    name: 'plan',
    summary: 'show what would change in the database, and how risky each step is',
    usage: 'pgdecl plan [paths…] [--db URL]… [--exit-code] [-o plan.json] [--sql | --json] [--tenants] [--only A,B]',
    description: `Reads the files and the database (one pass over its catalogs), and prints the changes that
would make the database match the files, grouped per table: + create, ~ change, - drop, with
each step's hazards (data_loss, table_rewrite, access_exclusive_lock, index_build,
validates_rows, not_transactional, commits_first, irreversible). Nothing is changed.
The database is --db, else DATABASE_URL (the environment, or a .env file here), else the repo's url, else the embedded database in
.pgdecl/<repo> (created on first use).
When the same files (and options) last planned empty against this database, or an apply
of them converged there, and nothing in its catalogs changed since (one small query tells),
it prints "No changes" without reading the files or the catalogs again (not with --json,
--sql or -o, which always plan in full).
Over a fleet (--db given several times, or the repo's fleet: when neither --db nor
DATABASE_URL is given) it reads every database, at most --concurrency connections at once, and
prints one plan per distinct schema state with the databases (and tenants) it applies to, then
a table of database, tenant and result; a database that cannot be read fails alone (exit 1).
See docs/fleets.md.`,
    options: [
      ...DB_OPTIONS,
      { name: 'exit-code', type: 'boolean', description: 'exit 2 when there are changes, 0 when none (for CI; over a fleet: 0 only when every database and tenant is converged)' },
      { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'save the plan (JSON, with a fingerprint of the database) for `pgdecl apply FILE`' },
      { name: 'sql', type: 'boolean', description: 'print the plan as one SQL script' },
      JSON_OPT,
      ...ONLINE_OPTIONS,
      PROGRESS_OPTION,
      ...TENANT_OPTIONS,
      ...FLEET_OPTIONS,
      { name: 'concurrency', type: 'string', value: 'N', description: 'over a fleet: connections at once (default 4)' },
    ],
    examples: ['pgdecl plan resources.yaml', 'pgdecl plan --db postgres://app@localhost/app --exit-code', 'pgdecl plan -o plan.json', 'pgdecl plan --tenants --exit-code', 'pgdecl plan --db postgres://app@eu/app --db postgres://app@us/app --tenants --exit-code'],
    exitCodes: ['0  no changes (or changes, without --exit-code)', '1  error (over a fleet: a database failed)', '2  changes pending (with --exit-code)'],
    handler: () => import('./handlers/plan.js'),
  },
  {
    name: 'apply',
    summary: 'make the database match the files (asks first on a terminal)',
    usage: 'pgdecl apply [paths… | plan.json] [--db URL]… [--yes] [--allow-destructive] [--dry-run] [--lock-timeout 5s] [--json] [--tenants] [--only A,B]',
    description: `Plans as \`pgdecl plan\` does, then, under an advisory lock (a second apply waits), runs every
step it can in one transaction with lock_timeout, and the CONCURRENTLY steps after it. A
failure inside the transaction rolls everything back. Before COMMIT the database is
inspected inside the transaction: if it would not match the files, the transaction is rolled
back; the CONCURRENTLY steps are checked after they ran. Destructive steps (drop table, drop
column, narrowing type change) are refused unless --allow-destructive.

Given a saved plan (\`pgdecl plan -o plan.json\`), pgdecl derives the steps again from the
plan's desired schema and the live database and runs them only if they are exactly the saved
ones; it refuses an edited plan, a database that changed since, another PostgreSQL major
version, and another database than the plan's (whose URL is saved without its password:
PGPASSWORD, DATABASE_URL or --db gives it). A plan already applied says so.
Over a fleet (--db given several times, or the repo's fleet: when neither --db nor
DATABASE_URL is given) it runs on every database, at most --concurrency connections at once,
each database under its own lock; a database that fails fails alone (named in the final table,
exit 1) and a re-run finishes what is left. Destructive steps are refused for the whole fleet,
with their cost counted on each database, unless --allow-destructive. See docs/fleets.md.`,
    options: [
      ...DB_OPTIONS,
      { name: 'yes', short: 'y', type: 'boolean', description: 'apply without asking (needed when not on a terminal)' },
      { name: 'allow-destructive', type: 'boolean', description: 'allow steps that can lose data' },
      { name: 'dry-run', type: 'boolean', description: 'run the steps in a transaction and roll it back: proves the plan works, changes nothing (with --tenants: per tenant)' },
      { name: 'lock-timeout', type: 'string', value: 'DURATION', description: 'how long a step may wait for a table lock (default 5s)' },
      ...ONLINE_OPTIONS,
      { name: 'lock-retries', type: 'string', value: 'N', description: 'how often a statement that ran out of --lock-timeout is tried again, with a growing pause (default 5 when online, else 0)' },
      { name: 'statement-timeout', type: 'string', value: 'DURATION', description: 'statement_timeout for the steps after the transaction that only take a brief lock (not VALIDATE, not CONCURRENTLY builds)' },
      { name: 'json', type: 'boolean', description: 'print the result as JSON: each step applied, failed or skipped with its time, and the convergence check' },
      ...TENANT_OPTIONS,
      ...FLEET_OPTIONS,
      { name: 'concurrency', type: 'string', value: 'N', description: 'with --tenants or over a fleet: connections at once, one tenant or database on each (default 4)' },
    ],
    examples: ['pgdecl apply resources.yaml --yes', 'pgdecl apply plan.json', 'pgdecl apply --dry-run', 'pgdecl apply --yes --json', 'pgdecl apply --tenants --concurrency 8 --yes', 'pgdecl apply --db postgres://app@eu/app --db postgres://app@us/app --tenants --yes'],
    exitCodes: ['0  applied, no changes, or the saved plan was already applied', '1  error, a failed step (rolled back, unless it ran after the commit), or refused (destructive, no --yes, a saved plan edited, stale, for another database or version): a refusal changes nothing; over a fleet: any database or tenant failed or refused (the others are applied)'],
    handler: () => import('./handlers/apply.js'),
  },
  {
    name: 'tenants',
    summary: 'list, create and rename tenant schemas (multitenancy: {strategy: context})',
    usage: 'pgdecl tenants <list|create|rename> …',
    description: `Tenants are listed by the repo's \`tenants:\` query, or else by the rows of the resource with
\`manage_tenant\` (its template, e.g. ["tenant_", slug], names each row's schema). Tenant names
hold letters, digits, _ and -, at most 63 bytes. To bring every tenant up to date, use
\`pgdecl plan --tenants\` and \`pgdecl apply --tenants\`.`,
    options: [],
    subcommands: [
      {
        name: 'list',
        summary: 'the tenants, and whether each matches the files',
        usage: 'pgdecl tenants list [paths…] [--db URL] [--json]',
        options: [...DB_OPTIONS, JSON_OPT],
        handler: () => import('./handlers/tenants-list.js'),
      },
      {
        name: 'create',
        summary: 'create a tenant schema with every tenant table, in one transaction',
        usage: 'pgdecl tenants create NAME [paths…] [--db URL] [--json]',
        description: `Warns (tenant_not_listed) when the files' tenant list (the repo's tenants query, or the rows of
the resource with manage_tenant) does not name the new schema: \`plan --tenants\` and
\`apply --tenants\` would not keep it up to date.`,
        options: [...DB_OPTIONS, JSON_OPT],
        examples: ['pgdecl tenants create tenant_acme'],
        handler: () => import('./handlers/tenants-create.js'),
      },
      {
        name: 'rename',
        summary: "rename a tenant schema (and pgdecl's records of it)",
        usage: 'pgdecl tenants rename OLD NEW [--db URL] [--json]',
        options: [{ name: 'db', type: 'string', value: 'URL', description: 'the database (default: DATABASE_URL from the environment or .env, else the embedded .pgdecl/default)' }, JSON_OPT],
        handler: () => import('./handlers/tenants-rename.js'),
      },
    ],
  },
  {
    name: 'generate',
    summary: 'write a versioned migration for what changed in the files since the last one',
    usage: 'pgdecl generate NAME [paths…] [--dev] [--check] [--dry-run] [--snapshots-only] [--dir migrations] [--pg-version N] [--json]',
    description: `Compares the last snapshot in migrations/snapshots/ with the files (no database needed) and
writes migrations/<UTC timestamp>_NAME.sql (an up and a down section), the new snapshot, and
migrations/pgdecl.sum, the integrity sum \`migrate\` checks. Steps that cannot run in a
transaction (CREATE INDEX CONCURRENTLY) go to their own file, <timestamp+1>_NAME_concurrently.sql;
enum values the migration also uses go first, to <timestamp>_NAME_enum_values.sql.
Tables with \`multitenancy: {strategy: context}\` get their own folder, migrations/tenants/.
A drop and an add that look like a rename are asked about on a terminal (a yes is written to
the files as renamed_from); without one, generate stops and says where to add renamed_from.
--dev writes throw-away <timestamp>_dev.sql migrations; the next named generate rolls back the
ones the database ran (--db, DATABASE_URL, the repo's url or the embedded database) and
replaces them with one. Without --pg-version the header names the lowest version the SQL runs on
(14, or 15 for NULLS NOT DISTINCT and ON DELETE SET NULL (columns)).
See docs/migrations.md.`,
    options: [
      { name: 'dev', type: 'boolean', description: 'write a throw-away dev migration (replaced by the next named generate)' },
      { name: 'check', type: 'boolean', description: 'write nothing; exit 2 and print the changes when the files and the migrations disagree' },
      { name: 'dry-run', type: 'boolean', description: 'print the files it would write, write nothing' },
      { name: 'snapshots-only', type: 'boolean', description: 'write the snapshot (and the sum) without a migration' },
      { name: 'rehash', type: 'boolean', description: 'rewrite pgdecl.sum for the folder as it is (after a deliberate edit of a migration not yet applied)' },
      { name: 'assume-no-renames', type: 'boolean', description: 'without asking: take drops and adds that look like renames as the drops and adds they are' },
      JSON_OPT,
      { name: 'dir', type: 'string', value: 'DIR', description: 'the migrations folder (default: migrations)' },
      { name: 'pg-version', type: 'string', value: 'N', description: 'the PostgreSQL major version to write SQL for (e.g. 15 or 18); default: the lowest it runs on' },
      { name: 'online', type: 'boolean', description: 'write changes to existing tables online: keys and checks NOT VALID then VALIDATE, NOT NULL through a validated check, indexes CONCURRENTLY, all in the no-transaction file' },
      ...DB_OPTIONS,
    ],
    examples: ['pgdecl generate initial', 'pgdecl generate add_user_roles resources/', 'pgdecl generate --dev', 'pgdecl generate --check'],
    exitCodes: ['0  written (or nothing to write; --check: the migrations match the files)', '1  error: invalid files, a tampered folder, an unconfirmed rename', '2  --check: the files have changes no migration holds'],
    handler: () => import('./handlers/generate.js'),
  },
  {
    name: 'migrate',
    summary: 'run the pending migration files',
    usage: 'pgdecl migrate [paths…] [--db URL]… [--to VERSION] [--step N] [--dry-run] [--dir migrations] [--tenants] [--only A,B] [--json]',
    description: `Runs the migrations the database has not run yet, in version order, each in its own
transaction (a file marked -- pgdecl:no-transaction runs statement by statement), under the
advisory lock every pgdecl run that changes a database takes (a second migrate waits, then
finds nothing pending). Each is recorded in pgdecl.schema_migrations with its checksum.
Refuses a folder that does not match pgdecl.sum, and an applied migration whose file changed.
The database is --db, else DATABASE_URL (the environment, or a .env file here), else the repo's url in the files, else the embedded one.
With --tenants, runs migrations/tenants/ once per tenant schema (listed as for \`plan --tenants\`),
each tenant tracked on its own, over a pool of --concurrency connections.
Over a fleet (--db given several times, or the repo's fleet: when neither --db nor
DATABASE_URL is given) it runs on every database, at most --concurrency connections at once,
each database under its own lock; a database that fails fails alone (named in the final table,
exit 1) and a re-run finishes what is left. See docs/fleets.md.`,
    options: [
      ...DB_OPTIONS,
      { name: 'to', type: 'string', value: 'VERSION', description: 'run pending migrations up to and including this version' },
      { name: 'step', type: 'string', value: 'N', description: 'run at most N pending migrations' },
      { name: 'dry-run', type: 'boolean', description: 'list the pending migrations and their SQL, run nothing' },
      { name: 'dir', type: 'string', value: 'DIR', description: 'the migrations folder (default: migrations)' },
      ...TENANT_OPTIONS,
      ...FLEET_OPTIONS,
      { name: 'concurrency', type: 'string', value: 'N', description: 'with --tenants or over a fleet: tenant schemas or databases migrated at once, one connection each (default 4)' },
      JSON_OPT,
    ],
    examples: ['pgdecl migrate', 'pgdecl migrate --db postgres://app@localhost/app', 'pgdecl migrate --step 1', 'pgdecl migrate --tenants --concurrency 8'],
    handler: () => import('./handlers/migrate.js'),
  },
  {
    name: 'rollback',
    summary: 'undo the latest migrations with their down sections',
    usage: 'pgdecl rollback [paths…] [--step N | --to VERSION] [--db URL]… [--dir migrations] [--tenants] [--only A,B] [--json]',
    description: `Runs the down sections of the latest applied migrations, latest first, each in its own
transaction, and removes their rows from pgdecl.schema_migrations. Without options, rolls back
one. --to VERSION rolls back every applied migration from the latest down to VERSION, VERSION
included (as \`mix ecto.rollback --to\`). Rows deleted by an up step (a dropped table or column)
do not come back: the down section says so where it applies.
With --tenants, rolls back migrations/tenants/ in every tenant schema (each tenant on its own:
--step and --to count in each), over a pool of --concurrency connections.
Over a fleet (--db given several times, or the repo's fleet: when neither --db nor
DATABASE_URL is given) it runs on every database, at most --concurrency connections at once,
each database under its own lock; a database that fails fails alone (named in the final table,
exit 1) and a re-run finishes what is left. See docs/fleets.md.`,
    options: [
      ...DB_OPTIONS,
      { name: 'step', type: 'string', value: 'N', description: 'roll back the N latest applied migrations (default 1)' },
      { name: 'to', type: 'string', value: 'VERSION', description: 'roll back down to this version, included' },
      { name: 'dry-run', type: 'boolean', description: 'list what would be rolled back, run nothing' },
      { name: 'dir', type: 'string', value: 'DIR', description: 'the migrations folder (default: migrations)' },
      ...TENANT_OPTIONS,
      ...FLEET_OPTIONS,
      { name: 'concurrency', type: 'string', value: 'N', description: 'with --tenants or over a fleet: tenant schemas or databases rolled back at once, one connection each (default 4)' },
      JSON_OPT,
    ],
    examples: ['pgdecl rollback', 'pgdecl rollback --step 2', 'pgdecl rollback --to 20260101120000', 'pgdecl rollback --tenants --step 1'],
    handler: () => import('./handlers/rollback.js'),
  },
  {
    name: 'status',
    summary: 'show which migrations the database has run: applied, pending, modified, missing',
    usage: 'pgdecl status [paths…] [--json] [--db URL]… [--dir migrations] [--tenants] [--only A,B]',
    description: `Lists every migration of the folder and of the database: applied, pending (not run yet),
modified (run, but the file changed since) or missing (run, but the file is gone), and whether
the folder matches pgdecl.sum. Changes nothing.
With --tenants, the migrations of migrations/tenants/ in each tenant schema: a line per tenant
(applied, pending, modified, missing, the latest applied), every file with --json.
Over a fleet (--db given several times, or the repo's fleet:), a line per database (and tenant).`,
    options: [...DB_OPTIONS, JSON_OPT, { name: 'dir', type: 'string', value: 'DIR', description: 'the migrations folder (default: migrations)' }, ...TENANT_OPTIONS, ...FLEET_OPTIONS, { name: 'concurrency', type: 'string', value: 'N', description: 'over a fleet: databases read at once (default 4)' }],
    examples: ['pgdecl status', 'pgdecl status --json', 'pgdecl status --tenants', 'pgdecl status --db postgres://app@eu/app --db postgres://app@us/app'],
    exitCodes: ['0  printed', '1  error (over a fleet: a database could not be read, or has modified or missing files)'],
    handler: () => import('./handlers/status.js'),
  },
  {
    name: 'pull',
    summary: 'write resource files that describe an existing database',
    usage: 'pgdecl pull [--db URL] [--schema s1,s2] [--tables pattern] [-o resources.yaml | --out-dir resources/]',
    description: `Reads the database (one pass over its catalogs) and writes the resources that describe it:
a resource per table (PascalCase singular names: blog_posts → BlogPost) with its partitions
and inheritance parents, belongs_to relationships for foreign keys, identities for unique
indexes, macros where a column is exactly one (uuid_primary_key, create_timestamp, ...), the
rest as written in SQL; and the views, materialized views, types, domains, collations,
sequences, functions, procedures, aggregates, triggers, policies, grants and comments of the
pulled schemas. \`pgdecl plan\` against the same database then plans nothing. What pgdecl does
not manage (owners, foreign tables, rules, ordered-set aggregates, operators, event triggers, publications, ...) is
listed at the top of the output and on stderr: it stays in the database as it is. --schema takes names or patterns (* any characters,
? one): '*' is every schema but PostgreSQL's own and those extensions create. Without -o or
--out-dir the YAML goes to stdout; --out-dir writes one file per schema (<schema>.yaml; the
repo and its extensions go in the first, public's).
The database is --db, else DATABASE_URL (the environment, or a .env file here), else the embedded database in .pgdecl/default.`,
    options: [
      ...DB_OPTIONS.filter((o) => o.name === 'db'),
      { name: 'schema', type: 'string', multiple: true, value: 'S1,S2', description: "the schemas to pull, by name or pattern ('*': every schema but PostgreSQL's own and extensions'; default: public)" },
      { name: 'tables', type: 'string', multiple: true, value: 'PATTERN', description: 'only the tables whose names match: * any characters, ? one (schema.table patterns too)' },
      { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'write to FILE instead of stdout' },
      { name: 'out-dir', type: 'string', value: 'DIR', description: 'write one file per schema into DIR (created when missing)' },
    ],
    examples: [
      'pgdecl pull --db postgres://app@localhost/app -o resources.yaml',
      'pgdecl pull --schema public,auth --out-dir resources/',
      "pgdecl pull --schema '*' --out-dir resources/",
      "pgdecl pull --tables 'order*' > orders.yaml",
    ],
    exitCodes: ['0  written (objects pgdecl does not manage are named on stderr)', '1  error'],
    handler: () => import('./handlers/pull.js'),
  },
  {
    name: 'lint',
    summary: 'check hand-written migration SQL for statements that are unsafe on a live database',
    usage: 'pgdecl lint [files… | folder] [--json | --format text|json|github] [--config FILE]',
    description: `Parses each file with PostgreSQL's own parser and reports statements that block reads or
writes on a table that holds rows, rewrite it, fail inside a transaction, or break code still
running against the old schema, each as \`file:line:col rule message\` with the safe way to write
it. A folder means every .sql file in it; with no path, migrations/. For a migration file only its
up section is linted; a file marked \`-- pgdecl:no-transaction\` is linted as run statement by
statement, every other file as one transaction (as \`pgdecl migrate\` runs them).
Every rule is an error by default. pgdecl-lint.yaml in the working directory (or --config) lowers
or turns off rules:  rules: { prefer-timestamptz: warning, renaming-column: off }
A comment before a statement silences rules for that statement only:
  -- pgdecl-lint: ignore ban-drop-column
and \`-- pgdecl-lint: ignore-file RULE\` anywhere silences a rule for the whole file.
The rules (see docs/lint.md): ${RULE_NAMES.join(', ')}.`,
    options: [
      JSON_OPT,
      { name: 'format', type: 'string', value: 'FORMAT', description: 'text (default), json, or github (GitHub Actions annotations)' },
      { name: 'config', type: 'string', value: 'FILE', description: 'the lint config (default: pgdecl-lint.yaml when present)' },
    ],
    examples: ['pgdecl lint', 'pgdecl lint migrations/', 'pgdecl lint migrations/20260101120000_add_email.sql --format github'],
    exitCodes: ['0  no error-level finding (warnings may be printed)', '1  an error-level finding, a file that does not parse, or a bad config'],
    handler: () => import('./handlers/lint.js'),
  },
  ...SEE_COMMANDS,
];
