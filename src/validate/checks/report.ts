/** What every check needs: the project by name, raw values, positions, and a way to report. */
import { LoadedSources } from '../../load/source-index.js';
import type { RawProject } from '../../load/merge.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Resource } from '../../model/resource.js';
import { child, type SourceIndex, type Src } from '../../model/source.js';
import { describe } from '../context.js';
import { didYouMeanNear } from '../suggest-value.js';
import { valueAt } from '../schema/validate-document.js';
import { inheritedAttributes } from '../../model/inheritance.js';

export interface ReportOptions {
  /** Point at the key (default) or at the value. */
  readonly part?: 'key' | 'value';
  readonly suggestion?: string | undefined;
  readonly severity?: 'error' | 'warning';
}

export class CheckContext {
  readonly out: Diagnostic[] = [];
  readonly resources: ReadonlyMap<string, Resource>;
  private readonly rawByFile = new Map<string, Map<string, unknown>>();
  /** Each resource's place among all of them as written, files in order (`file\0pointer`). */
  private readonly writtenOrder = new Map<string, number>();
  /** Files read in pieces, their positions not computed (../../load/source-index.ts). */
  private readonly inPieces = new Set<string>();

  constructor(
    resources: readonly Resource[],
    raw: RawProject,
    readonly sources: SourceIndex,
    /** Resources whose own schema errors make checks that look into them unreliable. */
    readonly tainted: (resource: string) => boolean,
    /** False when a file could not be read or `resources` itself is malformed: skip "no such resource". */
    readonly complete: boolean,
    readonly repos: ReadonlySet<string> = new Set(['default']),
  ) {
    this.resources = new Map(resources.map((r) => [r.name, r]));
    raw.resources.forEach((e, i) => this.writtenOrder.set(`${e.src.file}\0${e.src.pointer}`, i));
    // Decided once, so one sort never mixes lines and places.
    if (sources instanceof LoadedSources) for (const f of raw.files) if (sources.pending(f)) this.inPieces.add(f);
    for (const e of [...raw.resources, ...raw.repos, ...raw.functions]) {
      let m = this.rawByFile.get(e.src.file);
      if (!m) this.rawByFile.set(e.src.file, (m = new Map()));
      m.set(e.src.pointer, e.value);
    }
  }

  /**
   * A resource's place in its file: its key's line; in a file read in pieces whose lines are
   * not known yet, the order of its key in the document (the same there: such a file has no
   * key twice and no key that looks like an array index, which a JavaScript object would move).
   */
  resourceOrder(src: Src): number {
    if (this.inPieces.has(src.file)) return this.writtenOrder.get(`${src.file}\0${src.pointer}`) ?? 0;
    return this.sources.position(src, 'key')?.line ?? 0;
  }

  /** The raw value at a source pointer (as written, after interpolation). */
  raw(src: Src): unknown {
    const m = this.rawByFile.get(src.file);
    if (!m) return undefined;
    // Entries are stored at /resources/Name; walk down from the entry.
    const parts = src.pointer.split('/');
    const entryPtr = parts.slice(0, 3).join('/');
    const entry = m.get(entryPtr);
    return valueAt(entry, src.pointer.slice(entryPtr.length));
  }

  /** Whether a key is written (rather than defaulted). */
  written(src: Src, key: string): boolean {
    const v = this.raw(src);
    return v !== null && typeof v === 'object' && !Array.isArray(v) && key in v;
  }

  /** The source of item `i` of a key that holds one name or a list of names. */
  itemSrc(src: Src, key: string, i: number): Src {
    return Array.isArray(this.raw(child(src, key))) ? child(src, key, i) : child(src, key);
  }

  report(code: string, message: string, src: Src, options: ReportOptions = {}): void {
    const part = options.part ?? 'key';
    const pos = (part === 'key' ? this.sources.position(src, 'key') : undefined) ?? this.sources.position(src, 'value');
    this.out.push({
      code,
      severity: options.severity ?? 'error',
      message,
      src,
      ...(pos ? { pos } : {}),
      ...(options.suggestion ? { suggestion: options.suggestion } : {}),
    });
  }

  /** Where something is, in words, for messages. */
  describe(src: Src): string {
    return describe(src.pointer, (ptr) => this.raw({ file: src.file, pointer: ptr }));
  }

  /** `file:line:col` of a source, for "first defined at …". */
  where(src: Src): string {
    const p = this.sources.position(src, 'key') ?? this.sources.position(src, 'value');
    return p ? `${p.file}:${p.line}:${p.column}` : src.file;
  }
}

export const attributeNames = (r: Resource): string[] => r.attributes.map((a) => a.name);

/** A suggestion for a column that does not exist: did you mean, or the list of columns. */
export function columnHint(name: string, r: Resource, inherited: readonly string[] = []): string | undefined {
  const names = [...attributeNames(r), ...inherited.filter((n) => !r.attributes.some((a) => a.name === n))];
  const dym = didYouMeanNear(name, names);
  if (dym) return dym;
  if (names.length === 0) return `resource ${r.name} has no attributes`;
  return names.length <= 12 ? `the attributes of ${r.name} are ${names.map((n) => `\`${n}\``).join(', ')}` : undefined;
}

/** Reports `col` when it is not an attribute of `r`; true when it is. */
export function requireColumn(ctx: CheckContext, r: Resource, col: string, src: Src, what?: string, part: 'key' | 'value' = 'value'): boolean {
  if (r.attributes.some((a) => a.name === col)) return true;
  // A column the table inherits (`inherits`) is one of its columns too.
  const inherited = r.inherits ? [...inheritedAttributes(ctx.resources, r).keys()] : [];
  if (inherited.includes(col)) return true;
  // Name the list, not its element: "`keys` of identity …", "`fields` of custom index 1 …".
  const item = /\/\d+(\/(asc|desc))?$/;
  const list = item.test(src.pointer) ? { file: src.file, pointer: src.pointer.replace(item, '') } : src;
  const subject = what ?? ctx.describe(list);
  ctx.report('unknown_column', `${subject} names \`${col}\`, which is not an attribute of ${r.name}`, src, { part, suggestion: columnHint(col, r, inherited) });
  return false;
}
