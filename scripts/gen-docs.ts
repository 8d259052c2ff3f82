/**
 * Generates docs/reference.md from schema/pgdecl.schema.json: one section per object shape
 * (the top level, then every `$defs` entry in file order), each with a table of
 * key | type | default | description, and below it the full text of the keys that have
 * examples or per-value descriptions. The output depends on the schema only.
 *
 *   npm run docs              rewrite docs/reference.md
 *   npm run docs -- --check   exit 1 when docs/reference.md is out of date (for CI)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The parts of JSON Schema (and its editor annotations) the reference renders. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly $comment?: string;
  readonly title?: string;
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly markdownEnumDescriptions?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema | boolean>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly pattern?: string;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly then?: JsonSchema;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
}

const TOP_TITLE = 'Top level';

/** GitHub's heading anchor for a plain-words title. */
export function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function defName(ref: string): string {
  const m = /^#\/\$defs\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}: only #/$defs/<name>`);
  return m[1]!;
}

/** A value as YAML flow text: `public`, `""`, `[]`, `{ default: {} }`. */
export function flow(v: unknown): string {
  if (typeof v === 'string') return v === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|[:#]\s|\s$|^(true|false|null|~|-?\d[\d.e+-]*)$/i.test(v) ? JSON.stringify(v) : v;
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
  }
  return String(v);
}

const code = (s: string) => (s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``);
/** Text safe inside a table cell: one line, pipes escaped. */
const cell = (s: string) => s.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
/** The markdown description up to its first code block. */
const summary = (s: JsonSchema) => (s.markdownDescription ?? s.description ?? '').split('```')[0]!.trim();
const hasExample = (s: JsonSchema) => (s.markdownDescription ?? '').includes('```');

class Renderer {
  constructor(private readonly root: JsonSchema) {}

  private def(name: string): JsonSchema {
    const d = this.root.$defs?.[name];
    if (!d) throw new Error(`$defs/${name} is missing`);
    return d;
  }

  private link(ref: string): string {
    const name = defName(ref);
    const title = this.def(name).title ?? name;
    return `[${title}](#${anchor(title)})`;
  }

  /** A readable type: `string`, `list of string`, `map of [Repo](#repo)`, `"a" \| "b"`. */
  typeOf(s: JsonSchema | boolean): string {
    if (s === false) return 'not allowed';
    if (s === true) return 'anything';
    if (s.$ref) return this.link(s.$ref);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (s.const !== undefined) return JSON.stringify(s.const);
    if (s.anyOf) return s.anyOf.map((b) => this.typeOf(b)).join(' or ');
    const types = typeof s.type === 'string' ? [s.type] : [...(s.type ?? [])];
    if (types.length === 1 && types[0] === 'array') return s.items ? `list of ${this.typeOf(s.items)}` : 'list';
    if (types.length === 1 && types[0] === 'object') {
      if (s.properties) return `{${Object.keys(s.properties).join(', ')}}`;
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const names = s.propertyNames?.pattern ? ` (names match ${code(s.propertyNames.pattern)})` : '';
        return `map of ${this.typeOf(s.additionalProperties)}${names}`;
      }
      return 'map';
    }
    if (types.length === 0) return 'any';
    const range = s.minimum !== undefined && s.maximum !== undefined ? ` (${s.minimum} to ${s.maximum})` : s.minimum !== undefined ? ` (≥ ${s.minimum})` : '';
    return types.join(' or ') + range;
  }

  private keyTable(obj: JsonSchema): string[] {
    const required = new Set(obj.required ?? []);
    const out = ['| key | type | default | description |', '|---|---|---|---|'];
    for (const [key, p] of Object.entries(obj.properties ?? {})) {
      if (typeof p === 'boolean') continue;
      const def = p.default !== undefined ? code(flow(p.default)) : required.has(key) ? '**required**' : '—';
      const more = hasExample(p) || p.markdownEnumDescriptions ? ` [More](#${anchor(`${key}-${obj.title ?? ''}`)})` : '';
      out.push(`| ${code(key)} | ${cell(this.typeOf(p))} | ${cell(def)} | ${cell(summary(p))}${more} |`);
    }
    return out;
  }

  private keyDetails(obj: JsonSchema): string[] {
    const out: string[] = [];
    for (const [key, p] of Object.entries(obj.properties ?? {})) {
      if (typeof p === 'boolean' || !(hasExample(p) || p.markdownEnumDescriptions)) continue;
      // An explicit anchor: the same key (`name`, `where`) appears in several sections.
      out.push('', `<a id="${anchor(`${key}-${obj.title ?? ''}`)}"></a>`, `#### ${code(key)}`, '', (p.markdownDescription ?? p.description ?? '').trim());
      if (p.markdownEnumDescriptions && p.enum) out.push('', ...this.valueList(p));
    }
    return out;
  }

  private valueList(s: JsonSchema): string[] {
    return (s.enum ?? []).map((v, i) => `- ${code(typeof v === 'string' ? v : JSON.stringify(v))}: ${cell(s.markdownEnumDescriptions?.[i] ?? '')}`);
  }

  private valueTable(s: JsonSchema): string[] {
    return ['| value | meaning |', '|---|---|', ...(s.enum ?? []).map((v, i) => `| ${code(String(v))} | ${cell(s.markdownEnumDescriptions?.[i] ?? '')} |`)];
  }

  /** Per-type rules written as if/then: "When `type` is `has_many`: …". */
  private rules(s: JsonSchema): string[] {
    const out: string[] = [];
    for (const rule of s.allOf ?? []) {
      const cond = Object.entries(rule.if?.properties ?? {})[0];
      if (!cond || typeof cond[1] === 'boolean') continue;
      const [key, c] = cond;
      const values = (c.enum ?? [c.const]).map((v) => code(String(v))).join(' or ');
      const parts: string[] = [];
      if (rule.then?.required?.length) parts.push(`requires ${rule.then.required.map(code).join(', ')}`);
      const refused = Object.entries(rule.then?.properties ?? {}).filter(([, v]) => v === false).map(([k]) => code(k));
      if (refused.length) parts.push(`refuses ${refused.join(', ')}`);
      if (parts.length) out.push(`- When ${code(key)} is ${values}: ${parts.join('; ')}.`);
    }
    return out.length ? ['', ...out] : [];
  }

  section(title: string, s: JsonSchema): string[] {
    const out = [`## ${title}`, '', (s.markdownDescription ?? s.description ?? '').trim()];
    if (s.propertyNames?.pattern) out.push('', `Names match ${code(s.propertyNames.pattern)}.`);
    const object = s.properties ? s : s.anyOf?.find((b) => b.properties);
    if (s.anyOf) {
      out.push('', 'Written as one of:', '');
      for (const b of s.anyOf) {
        const what = b === object ? 'a map with the keys below' : b.enum && b.markdownEnumDescriptions ? 'a name from the table below' : this.typeOf(b);
        const note = b === object ? '' : summary(b);
        out.push(`- ${what}${note ? `: ${note}` : ''}`);
      }
      for (const b of s.anyOf) if (b.enum && b.markdownEnumDescriptions) out.push('', ...this.valueTable(b));
    } else if (s.enum) {
      out.push('', ...this.valueTable(s));
    }
    if (object) {
      const named = { ...object, title };
      if (object.minProperties === 1 && object.maxProperties === 1) out.push('', 'Exactly one key.');
      out.push('', ...this.keyTable(named), ...this.rules(s), ...this.keyDetails(named));
    }
    return out;
  }

  render(): string {
    const sections: [string, JsonSchema][] = [[TOP_TITLE, this.root]];
    for (const [name, d] of Object.entries(this.root.$defs ?? {})) sections.push([d.title ?? name, d]);
    const out = [
      '# pgdecl reference',
      '',
      '<!-- Generated by `npm run docs` from schema/pgdecl.schema.json. Do not edit: edit the schema and run it again. -->',
      '',
      'Every key of a pgdecl resource file, with its type and default. The format is introduced in',
      '[resource-format.md](resource-format.md); your editor shows the same texts on hover when the',
      'file starts with `# yaml-language-server: $schema=./schema/pgdecl.schema.json`.',
      '',
      ...sections.map(([t]) => `- [${t}](#${anchor(t)})`),
    ];
    for (const [title, s] of sections) out.push('', ...this.section(title, s));
    return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
  }
}

/** docs/reference.md for a schema. */
export function renderReference(schema: JsonSchema): string {
  return new Renderer(schema).render();
}

const ROOT = new URL('..', import.meta.url);
export const DEFAULT_PATHS = {
  schema: fileURLToPath(new URL('schema/pgdecl.schema.json', ROOT)),
  reference: fileURLToPath(new URL('docs/reference.md', ROOT)),
};

/** The command: writes the reference, or with `--check` compares it. Returns the exit code. */
export function main(argv: readonly string[], paths: { readonly schema: string; readonly reference: string } = DEFAULT_PATHS): number {
  const schema = JSON.parse(readFileSync(paths.schema, 'utf8')) as JsonSchema;
  const target = relative(process.cwd(), paths.reference) || paths.reference;
  const text = renderReference(schema);
  if (argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(paths.reference, 'utf8');
    } catch {
      // missing: reported as out of date below
    }
    if (current !== text) {
      console.error(`${target} is out of date with ${relative(process.cwd(), paths.schema) || paths.schema}: run \`npm run docs\` and commit the result.`);
      return 1;
    }
    console.log(`${target} is up to date.`);
    return 0;
  }
  writeFileSync(paths.reference, text);
  console.log(`wrote ${target} (${text.split('\n').length} lines)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
