/**
 * "Did you mean …?" support: edit distance (insert, delete, replace, and swapping two
 * neighbouring letters, `paln` → `plan`, each one edit) and the closest candidate.
 */

export function distance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j]!, before[j - 2]! + 1);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo: at most a
 * third of the word's length in edits (at least 1, at most 3), or a case-only difference,
 * or one is a prefix of the other (`on_del` → `on_delete`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const l = c.toLowerCase();
    if (l === w) return c;
    let score = distance(w, l);
    if (w.length >= 3 && (l.startsWith(w) || w.startsWith(l))) score = Math.min(score, 1);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return bestScore <= limit ? best : undefined;
}

/** `did you mean \`x\`?`, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
