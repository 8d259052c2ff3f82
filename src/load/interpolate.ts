/**
 * Environment interpolation in string values: `${VAR}`, `${VAR:-default}` (the default when
 * VAR is unset or empty), and `$${` for a literal `${`. Keys are never interpolated.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** A stretch of the result and the stretch of the original it came from. */
export interface Segment {
  readonly out: number;
  readonly in: number;
  /** True when the output is a substitution: every offset in it maps to `in` (the `$`). */
  readonly substituted: boolean;
}

export interface InterpolationProblem {
  readonly kind: 'unset' | 'syntax';
  /** Offset of the `$` in the original string. */
  readonly offset: number;
  readonly length: number;
  readonly name?: string;
  readonly text: string;
}

export interface Interpolated {
  readonly value: string;
  /** Present only when the value changed: maps result offsets back to the original. */
  readonly segments?: readonly Segment[];
  readonly problems: readonly InterpolationProblem[];
}

const REF = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{[^}\n]*\}?/g;

export function interpolate(s: string, env: Env): Interpolated {
  if (!s.includes('${')) return { value: s, problems: [] };
  const problems: InterpolationProblem[] = [];
  const segments: Segment[] = [];
  let out = '';
  let last = 0;
  REF.lastIndex = 0;
  for (let m = REF.exec(s); m; m = REF.exec(s)) {
    const at = m.index;
    if (at > last) {
      segments.push({ out: out.length, in: last, substituted: false });
      out += s.slice(last, at);
    }
    last = at + m[0].length;
    if (m[0] === '$${') {
      segments.push({ out: out.length, in: at + 1, substituted: false });
      out += '${';
      continue;
    }
    segments.push({ out: out.length, in: at, substituted: true });
    const name = m[1];
    if (name === undefined) {
      problems.push({ kind: 'syntax', offset: at, length: m[0].length, text: m[0] });
      out += m[0];
      continue;
    }
    const value = env[name];
    const fallback = m[2];
    if (fallback !== undefined) out += value === undefined || value === '' ? fallback : value;
    else if (value !== undefined) out += value;
    else problems.push({ kind: 'unset', offset: at, length: m[0].length, name, text: m[0] });
  }
  if (last < s.length) {
    segments.push({ out: out.length, in: last, substituted: false });
    out += s.slice(last);
  }
  return { value: out, segments, problems };
}

/** The offset in the original string of the character at `offset` in the interpolated one. */
export function originalOffset(segments: readonly Segment[], offset: number): number {
  let seg: Segment | undefined;
  for (const s of segments) {
    if (s.out > offset) break;
    seg = s;
  }
  if (!seg) return offset;
  return seg.substituted ? seg.in : seg.in + (offset - seg.out);
}
