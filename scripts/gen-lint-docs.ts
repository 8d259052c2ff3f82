/**
 * Generates docs/lint.md: how `pgdecl lint` reads files, its config and comments, and one
 * section per rule with what it finds, why it hurts, the flagged SQL and its safe rewrite,
 * taken from fixtures/lint/<rule>/{bad,safe}.sql (the same files the lint test runs on real
 * databases, so every example in the page is checked).
 *
 *   npm run docs              rewrites docs/lint.md (with docs/reference.md)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULE_NAMES, RULES } from '../src/lint/rules.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const sentence = (s: string) => s[0]!.toUpperCase() + s.slice(1) + (s.endsWith('.') ? '' : '.');

const INTRO = `# Lint rules for hand-written migrations

\`pgdecl lint [files… | folder]\` parses SQL with PostgreSQL's own parser and reports each statement
that is unsafe on a database serving traffic: one that blocks reads or writes while it scans or
rewrites a table that holds rows, one that fails inside a transaction block, or one that breaks
application code still running against the old schema. Each finding is

    file:line:col rule severity: message
      = safe: how to write it instead

A folder means every \`.sql\` file in it (sorted); with no path, \`migrations/\`. For a migration
file (one with \`-- migrate:up\`) only the up section is linted: down sections undo, and dropping
what the up section made is their job. Positions are lines of the file and columns in characters.

**Transactions.** A file marked \`-- pgdecl:no-transaction\` (before \`-- migrate:up\`) is linted as
\`pgdecl migrate\` runs it: statement by statement, each committing on its own (an explicit
\`BEGIN … COMMIT\` in it is a transaction block). Every other file is linted as one transaction.

**New tables.** A table created earlier in the same file holds no rows yet: indexes, keys, checks,
NOT NULL and drops on it are not reported.

**Severity.** Every rule is an error by default; \`pgdecl lint\` exits 1 when an error-level
finding remains, 0 otherwise. A project lowers or turns off rules in \`pgdecl-lint.yaml\` in the
working directory (or \`--config FILE\`); mistakes in it are reported with their line and column:

\`\`\`yaml
rules:
  prefer-timestamptz: warning   # error (default) | warning | off
  renaming-column: off
\`\`\`

**Silencing one statement.** A comment before a statement names the rules it may break, after
you have made sure it is safe (say why on the line above):

\`\`\`sql
-- The code that read users.legacy was removed in the previous release.
-- pgdecl-lint: ignore ban-drop-column
ALTER TABLE users DROP COLUMN legacy;
\`\`\`

\`-- pgdecl-lint: ignore-file RULE[, RULE]\` anywhere in a file silences rules for the whole file.
A comment that names a rule that does not exist is itself an error (\`unknown-rule\`), as is a file
that does not parse (\`syntax-error\`).

**Output.** Text by default; \`--json\` (or \`--format json\`) prints
\`{files, errors, warnings, findings: [{file, line, column, rule, severity, message, fix}]}\`;
\`--format github\` prints GitHub Actions workflow commands, so findings appear as annotations on
the pull request's lines:

\`\`\`yaml
- run: npx pgdecl lint migrations/ --format github
\`\`\`

\`pgdecl generate\` lints each migration it writes and prints the findings as warnings: they name
the steps that are not safe on a live table, so a reviewer sees them before the migration runs.

## The rules

The names follow squawk's where squawk has the same rule. Each example below is a file of
fixtures/lint/: the test suite checks that the flagged form finds exactly its rule, that the safe
form finds nothing, and that the safe form runs on PostgreSQL 15, 18 and PGlite against tables
that hold rows.

`;

export function renderLintDoc(read: (rule: string, which: 'bad' | 'safe') => string): string {
  const sections = RULE_NAMES.map((r) => {
    const i = RULES[r];
    return [
      `### \`${r}\``,
      '',
      `${sentence(i.summary)} ${sentence(i.why)}`,
      '',
      '```sql',
      '-- flagged',
      read(r, 'bad').trim(),
      '```',
      '',
      `Safe: ${sentence(i.fix)}`,
      '',
      '```sql',
      read(r, 'safe').trim(),
      '```',
      '',
    ].join('\n');
  });
  return INTRO + sections.join('\n');
}

export const readFixture = (rule: string, which: 'bad' | 'safe') => readFileSync(`${root}fixtures/lint/${rule}/${which}.sql`, 'utf8');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(`${root}docs/lint.md`, renderLintDoc(readFixture));
  console.log('wrote docs/lint.md');
}
