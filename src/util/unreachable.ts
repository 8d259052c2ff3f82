/**
 * The default branch of a `switch` over a closed union (a change's `kind`): it compiles only
 * when every member has its case, so the switch is exhaustive like a ts-pattern match, without
 * its cost in the loops that visit every change of a plan.
 */
export function unreachable(value: never): never {
  throw new Error(`unexpected ${JSON.stringify((value as { kind?: unknown })?.kind ?? value)}`);
}
