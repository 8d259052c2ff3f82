/**
 * A strict XML well-formedness check (no dependency): one root element, tags that nest and
 * close, quoted attributes without `<` and without duplicates, `&` only in entity or
 * character references, comments, processing instructions and a doctype only where XML
 * allows them. Returns the decoded text content, or throws saying where the XML breaks.
 */
const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /^&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function decode(s: string, at: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') throw new Error(`XML: \`<\` in text or an attribute at ${at + i}`);
    if (s[i] !== '&') {
      out += s[i];
      continue;
    }
    const m = ENTITY.exec(s.slice(i));
    if (!m) throw new Error(`XML: \`&\` that is not a reference at ${at + i}: ${s.slice(i, i + 12)}`);
    const e = m[1]!;
    out += e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    i += m[0].length - 1;
  }
  return out;
}

export interface XmlText {
  /** Every text node, decoded, in document order. */
  readonly texts: string[];
  readonly root: string;
  readonly elements: number;
}

export function parseXml(xml: string): XmlText {
  const stack: string[] = [];
  const texts: string[] = [];
  let root = '';
  let elements = 0;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at ${i}: ${JSON.stringify(xml.slice(i, i + 60))}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim() !== '') {
      if (!stack.length) fail('text outside the root element');
      texts.push(decode(text, i));
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0 || xml.slice(i + 4, end).includes('--')) fail('a bad comment');
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) fail('an unclosed processing instruction');
      i = end + 2;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0 || !stack.length) fail('a bad CDATA section');
      texts.push(xml.slice(i + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<!DOCTYPE', i)) {
      if (root) fail('a doctype after the root element');
      const end = xml.indexOf('>', i);
      i = end + 1;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) fail('a bad closing tag');
      const open = stack.pop();
      if (open !== m![0]) fail(`</${m![0]}> closes <${open ?? 'nothing'}>`);
      i += 2 + m![0].length;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') fail('a bad closing tag');
      i++;
    } else {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) fail('a bad tag');
      const name = m![0];
      if (!stack.length && root) fail('a second root element');
      root ||= name;
      elements++;
      i += 1 + name.length;
      const seen = new Set<string>();
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(i))![0].length;
        i += ws;
        if (xml.startsWith('/>', i)) {
          i += 2;
          break;
        }
        if (xml[i] === '>') {
          stack.push(name);
          i++;
          break;
        }
        if (!ws) fail('no space before an attribute');
        const a = NAME.exec(xml.slice(i));
        if (!a) fail('a bad attribute name');
        if (seen.has(a![0])) fail(`attribute ${a![0]} twice`);
        seen.add(a![0]);
        i += a![0].length;
        const eq = /^\s*=\s*(["'])/.exec(xml.slice(i));
        if (!eq) fail('an unquoted attribute value');
        i += eq![0].length;
        const close = xml.indexOf(eq![1]!, i);
        if (close < 0) fail('an unclosed attribute value');
        decode(xml.slice(i, close), i);
        i = close + 1;
      }
    }
  }
  if (stack.length) throw new Error(`XML: <${stack.at(-1)}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return { texts, root, elements };
}
