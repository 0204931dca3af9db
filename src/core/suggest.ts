/**
 * "Did you mean …?" for a misspelt name: the closest known name by edit
 * distance (insertions, deletions, substitutions and swaps of neighbours, the
 * optimal-string-alignment distance), when it is close enough to be a typo.
 */

/** Edit distance with adjacent swaps counted as one edit: `penality` → `penalty` is 1, `setps` → `steps` is 1. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** Longest name compared (a pasted paragraph is not a typo of a key). */
const MAX_COMPARED = 64;

/**
 * The known name a typo most likely meant, or undefined: case is ignored, and
 * at most one edit per three characters is allowed (at most 3; names shorter
 * than 3 characters only match up to case: `x` is no typo of `y`).
 * @example suggest('carried_error_penality', ['points', 'carried_error_penalty']) // 'carried_error_penalty'
 * @example suggest('colour', ['course', 'title']) // undefined
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (word.length > MAX_COMPARED) return undefined;
  const w = word.toLowerCase();
  const limit = w.length < 3 ? 0 : Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d <= limit && d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/**
 * ` Did you mean "x"?` or ` Known: a, b, c.` for an unknown name, to append to a message.
 * @example unknownNameHelp('stepz', ['hidden', 'steps']) // ' Did you mean "steps"?'
 */
export function unknownNameHelp(word: string, known: readonly string[], what = 'known'): string {
  const close = suggest(word, known);
  if (close !== undefined) return ` Did you mean ${JSON.stringify(close)}?`;
  return known.length > 0 ? ` ${what[0]?.toUpperCase()}${what.slice(1)}: ${known.join(', ')}.` : '';
}
