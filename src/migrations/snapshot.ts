/**
 * Snapshots (STYLE 12): what the files compiled to when a migration was generated, so the
 * next `generate` knows what the migrations already do without a database.
 *
 *   migrations/snapshots/<id>_<name>.json
 *   { "formatVersion": 1, "id": "20260101120000", "prevId": null,
 *     "createdAt": "2026-01-01T12:00:00.000Z", "name": "initial", "catalog": { …IR… } }
 *
 * `id` is the version of the generate that wrote it, `prevId` the id of the snapshot before
 * it (null for the first): the snapshots of a folder form one chain. The catalog is the
 * compiler's output in canonical order (../ir/canonical.ts). Every snapshot is validated
 * when read; a damaged one, or one of a format this pgdecl does not know, is an error that
 * names the file.
 */
import { IR_FORMAT_VERSION, type Catalog } from '../ir/catalog.js';
import { canonicalCatalog, compare, stableStringify } from '../ir/canonical.js';
import { PgdeclError, type Diagnostic } from '../model/diagnostic.js';
import { isDevName } from './version.js';

export const SNAPSHOT_FORMAT_VERSION = 1 as const;

export interface Snapshot {
  readonly formatVersion: typeof SNAPSHOT_FORMAT_VERSION;
  readonly id: string;
  readonly prevId: string | null;
  readonly createdAt: string;
  readonly name: string;
  readonly catalog: Catalog;
}

/** A snapshot and the file it was read from (relative to the migrations folder). */
export interface SnapshotFile {
  readonly file: string;
  readonly snapshot: Snapshot;
}

export const SNAPSHOT_FILE = /^(\d{14})_([A-Za-z0-9_]+)\.json$/;

export const EMPTY_CATALOG: Catalog = { formatVersion: IR_FORMAT_VERSION, extensions: [], schemas: [], functions: [], tables: [], statements: [] };

export function snapshotFileName(id: string, name: string): string {
  return `${id}_${name}.json`;
}

export function isDevSnapshot(s: Snapshot): boolean {
  return isDevName(s.name);
}

/** The text of a snapshot file: header fields first, the catalog with sorted keys. */
export function renderSnapshot(s: Snapshot): string {
  const catalog = JSON.parse(stableStringify(canonicalCatalog(s.catalog))) as Catalog;
  return JSON.stringify({ formatVersion: s.formatVersion, id: s.id, prevId: s.prevId, createdAt: s.createdAt, name: s.name, catalog }, null, 2) + '\n';
}

function invalid(file: string, message: string, suggestion: string): PgdeclError {
  const d: Diagnostic = { code: 'snapshot_invalid', severity: 'error', message: `${file}: ${message}`, suggestion };
  return new PgdeclError(d);
}

const REPAIR = 'restore the file from version control (git checkout -- <file>); a snapshot is written by `pgdecl generate` and is not meant to be edited';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** What is wrong with a catalog's shape, or undefined. Deep enough to catch damage, not a full schema. */
function catalogProblem(c: unknown): string | undefined {
  if (!isObj(c)) return '"catalog" is not an object';
  if (c.formatVersion !== IR_FORMAT_VERSION) return `its catalog has formatVersion ${JSON.stringify(c.formatVersion)}; this pgdecl reads ${IR_FORMAT_VERSION}`;
  for (const k of ['extensions', 'schemas', 'functions', 'tables', 'statements']) if (!Array.isArray(c[k])) return `"catalog.${k}" is not a list`;
  const named = (list: unknown[], what: string) => list.findIndex((x) => !isObj(x) || !isStr(x.name)) >= 0 ? `an entry of "catalog.${what}" has no name` : undefined;
  const problem = named(c.extensions as unknown[], 'extensions') ?? named(c.schemas as unknown[], 'schemas') ?? named(c.statements as unknown[], 'statements');
  if (problem) return problem;
  for (const f of c.functions as unknown[]) {
    if (!isObj(f) || !['schema', 'name', 'arguments', 'returns', 'language', 'body'].every((k) => isStr(f[k]))) return 'a function in "catalog.functions" lacks its schema, name, arguments, result, language or body';
  }
  for (const s of c.statements as Obj[]) if (!isStr(s.up) || !isStr(s.down) || !Array.isArray(s.afterTables)) return `custom statement ${String(s.name)} lacks up, down or afterTables`;
  for (const t of c.tables as unknown[]) {
    if (!isObj(t) || !isStr(t.schema) || !isStr(t.name)) return 'a table in "catalog.tables" has no schema or name';
    for (const k of ['columns', 'foreignKeys', 'checks', 'indexes', 'triggers']) if (!Array.isArray(t[k])) return `table ${t.schema}.${t.name} has no list "${k}"`;
    for (const col of t.columns as unknown[]) {
      if (!isObj(col) || !isStr(col.name) || !isStr(col.type) || typeof col.nullable !== 'boolean') return `a column of table ${t.schema}.${t.name} lacks its name, type or nullability`;
    }
    for (const k of ['foreignKeys', 'checks', 'indexes', 'triggers']) {
      if ((t[k] as unknown[]).some((x) => !isObj(x) || !isStr(x.name))) return `an entry of "${k}" of table ${t.schema}.${t.name} has no name`;
    }
  }
  return undefined;
}

/** Parses and validates a snapshot file's text. `file` names it in errors. */
export function parseSnapshot(file: string, text: string): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw invalid(file, `is not valid JSON (${(e as Error).message})`, REPAIR);
  }
  if (!isObj(raw)) throw invalid(file, 'is not a JSON object', REPAIR);
  if (raw.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
    const newer = typeof raw.formatVersion === 'number' && raw.formatVersion > SNAPSHOT_FORMAT_VERSION;
    throw invalid(
      file,
      `has snapshot formatVersion ${JSON.stringify(raw.formatVersion)}; this pgdecl reads formatVersion ${SNAPSHOT_FORMAT_VERSION}`,
      newer ? 'it was written by a newer pgdecl: upgrade pgdecl (npm install pgdecl@latest)' : REPAIR,
    );
  }
  if (!isStr(raw.id) || !/^\d{14}$/.test(raw.id)) throw invalid(file, '"id" is not a version (14 digits, YYYYMMDDHHMMSS)', REPAIR);
  if (raw.prevId !== null && (!isStr(raw.prevId) || !/^\d{14}$/.test(raw.prevId))) throw invalid(file, '"prevId" is neither null nor a version', REPAIR);
  if (!isStr(raw.createdAt) || Number.isNaN(Date.parse(raw.createdAt))) throw invalid(file, '"createdAt" is not a date', REPAIR);
  if (!isStr(raw.name)) throw invalid(file, '"name" is not a string', REPAIR);
  const m = SNAPSHOT_FILE.exec(file.split('/').pop() ?? '');
  if (m && (m[1] !== raw.id || m[2] !== raw.name)) throw invalid(file, `says it is ${raw.id}_${raw.name}, but the file is named otherwise`, REPAIR);
  const problem = catalogProblem(raw.catalog);
  if (problem) throw invalid(file, problem, REPAIR);
  return {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    id: raw.id,
    prevId: raw.prevId as string | null,
    createdAt: raw.createdAt,
    name: raw.name,
    catalog: canonicalCatalog(raw.catalog as unknown as Catalog),
  };
}

/**
 * Checks that the snapshots (in id order) form one chain: each names the one before it.
 * Two snapshots that follow the same one were generated on two branches; the later
 * migration must be generated again on top of the other.
 */
export function checkChain(dir: string, files: readonly SnapshotFile[]): void {
  const sorted = [...files].sort((a, b) => compare(a.snapshot.id, b.snapshot.id));
  let prev: SnapshotFile | undefined;
  for (const f of sorted) {
    const want = prev?.snapshot.id ?? null;
    if (f.snapshot.prevId !== want) {
      const twin = sorted.find((o) => o !== f && o.snapshot.prevId === f.snapshot.prevId);
      throw new PgdeclError({
        code: 'snapshot_chain_broken',
        severity: 'error',
        message: twin
          ? `${dir}/${f.file} and ${dir}/${twin.file} both follow snapshot ${f.snapshot.prevId ?? '(none)'}: they were generated from the same point, probably on two branches`
          : `${dir}/${f.file} says it follows snapshot ${f.snapshot.prevId ?? '(none)'}, but the snapshot before it is ${want ?? '(none)'}: a snapshot was removed, or copied from elsewhere`,
        suggestion: twin
          ? `delete the later migration and its snapshot (${f.snapshot.id}_*), run \`pgdecl generate --rehash\`, then generate it again on top of the other`
          : 'restore the missing snapshot from version control, or delete the snapshots after it and generate again',
      });
    }
    prev = f;
  }
}
