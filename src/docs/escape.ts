/** HTML escaping: every name and expression in the page comes from the schema and may hold markup. */

/** Text content and attribute values (double- or single-quoted). */
export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = string | number | Html | readonly Html[] | undefined;

export function h(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const text = v === undefined ? '' : v instanceof Html ? v.text : Array.isArray(v) ? v.map((x: Html) => x.text).join('') : html(String(v));
    out += text + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup that is known to be safe (made here, or drawn by Graphviz from escaped labels). */
export const raw = (s: string): Html => new Html(s);
