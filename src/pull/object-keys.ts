/**
 * Keys for what `types:`, `views:` and `sequences:` hold: the object's name, or, for another
 * object of one name (in another schema), `<schema>_<name>` (then `_2`, `_3` … while taken),
 * written with `name:` so the files still say the name in the database. Of several objects of
 * one name, public's keeps the bare name, else the first.
 */
export interface Keyed {
  readonly key: string;
  /** False when the key is the name (no `name:` to write). */
  readonly named: boolean;
}

export function objectKeys(objects: readonly { readonly schema: string; readonly name: string }[]): Keyed[] {
  const taken = new Set<string>();
  const out: (Keyed | undefined)[] = objects.map(() => undefined);
  const give = (i: number) => {
    const { schema, name } = objects[i]!;
    let key = name;
    if (taken.has(key)) key = `${schema}_${name}`;
    for (let n = 2; taken.has(key); n++) key = `${schema}_${name}_${n}`;
    taken.add(key);
    out[i] = { key, named: key !== name };
  };
  objects.forEach((o, i) => o.schema === 'public' && give(i));
  objects.forEach((o, i) => o.schema !== 'public' && give(i));
  return out.map((k) => k!);
}
