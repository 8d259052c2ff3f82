/**
 * A routine's argument list without its defaults: what DROP, COMMENT ON, ALTER and GRANT …
 * ON FUNCTION take. `a int DEFAULT ARRAY[1, 2], b text = 'x, y'` → `a int, b text`. Commas
 * and keywords inside quotes, parentheses and brackets belong to the default, not the list.
 */

/** The argument list split at its top-level commas, each part trimmed. */
export function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let start = 0;
  scan(args, (i, ch, depth) => {
    if (ch === ',' && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
    return false;
  });
  const last = args.slice(start).trim();
  if (last !== '') parts.push(last);
  return parts;
}

/** One argument without ` DEFAULT …` or ` = …`. */
export function argumentWithoutDefault(arg: string): string {
  let cut = arg.length;
  scan(arg, (i, ch, depth) => {
    if (depth !== 0) return false;
    if (ch === '=' && !/[<>!=~@#%^&|`?+*/-]/.test(arg[i - 1] ?? '') && !/[<>!=~@#%^&|`?+*/-]/.test(arg[i + 1] ?? '')) {
      cut = i;
      return true;
    }
    if (/\s/.test(arg[i - 1] ?? '') && /^default(?![a-z0-9_$])/i.test(arg.slice(i))) {
      cut = i;
      return true;
    }
    return false;
  });
  return arg.slice(0, cut).trim();
}

/** The argument list without any argument's default. */
export function argumentsWithoutDefaults(args: string): string {
  return splitArguments(args).map(argumentWithoutDefault).join(', ');
}

/**
 * Calls `visit` for each character outside string literals, quoted identifiers and dollar
 * quotes, with the depth of parentheses and brackets around it; stops when it returns true.
 */
function scan(text: string, visit: (i: number, ch: string, depth: number) => boolean): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === ch) {
          if (text[i + 1] === ch) i++;
          else break;
        }
      }
      continue;
    }
    if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? text.length : end + tag[0].length - 1;
        continue;
      }
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (visit(i, ch, depth)) return;
  }
}
