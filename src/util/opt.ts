/** `{ [key]: v }` when `v` is defined, else `{}`: spread into an object so an absent value leaves the key out. */
export const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));
