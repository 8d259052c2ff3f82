/**
 * `pgdecl init`: a starter resource file (with the modeline that gives editors completion)
 * and `.pgdecl/` (the embedded database and the plan cache) in .gitignore. An existing
 * resource file is kept unless `force`, and then nothing is written; .gitignore is created,
 * or appended to once.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STARTER_FILE = 'resources.yaml';
export const IGNORED = '.pgdecl/';

export interface InitOptions {
  /** The `$schema` path for the modeline, as seen from `dir`. */
  readonly schemaPath: string;
  readonly force?: boolean;
}

export interface InitResult {
  /** The resource file: written, replaced (with force), or kept (it exists). */
  readonly file: { readonly path: string; readonly state: 'written' | 'replaced' | 'exists' };
  readonly gitignore: 'created' | 'appended' | 'unchanged';
}

export function starterText(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# Your schema, as resources. Check it: pgdecl validate; see the changes: pgdecl plan;
# make it so: pgdecl apply. The format: docs/reference.md in the pgdecl package.
version: 1
resources:
  User:
    attributes:
      id: uuid_primary_key
      email: { type: string, allow_nil: false }
      name: string
      inserted_at: create_timestamp
      updated_at: update_timestamp
    identities:
      unique_email: { keys: [email] }
    postgres: { table: users }
  Post:
    attributes:
      id: uuid_primary_key
      title: { type: string, allow_nil: false }
      body: string
      published: { type: boolean, allow_nil: false, default: false }
      inserted_at: create_timestamp
    relationships:
      author: { type: belongs_to, destination: User, allow_nil: false }
    postgres:
      table: posts
      references:
        author: { on_delete: delete, index: true }
`;
}

/** True when a .gitignore line already ignores `.pgdecl/` at the top of the repository. */
function ignoresPgdecl(text: string): boolean {
  return text.split(/\r?\n/).some((l) => ['.pgdecl', '.pgdecl/', '/.pgdecl', '/.pgdecl/', '.pgdecl/*', '/.pgdecl/*'].includes(l.trim()));
}

export function initProject(dir: string, options: InitOptions): InitResult {
  const path = join(dir, STARTER_FILE);
  const existed = existsSync(path);
  if (existed && !options.force) return { file: { path, state: 'exists' }, gitignore: 'unchanged' };
  writeFileSync(path, starterText(options.schemaPath));
  const file = { path, state: existed ? 'replaced' : 'written' } as const;

  const ignore = join(dir, '.gitignore');
  let gitignore: InitResult['gitignore'] = 'unchanged';
  if (!existsSync(ignore)) {
    writeFileSync(ignore, `${IGNORED}\n`);
    gitignore = 'created';
  } else {
    const text = readFileSync(ignore, 'utf8');
    if (!ignoresPgdecl(text)) {
      writeFileSync(ignore, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${IGNORED}\n`);
      gitignore = 'appended';
    }
  }
  return { file, gitignore };
}
