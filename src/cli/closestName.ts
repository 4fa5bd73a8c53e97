/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1. The swap matters: `--wiat` for `--wait` is the typing slip
 * people make, and plain Levenshtein would count it as two.
 */
export function editDistance(a: string, b: string): number {
  const columns = b.length + 1;
  // One flat row-major table: d[i * columns + j] is the distance between a[0..i) and b[0..j).
  const d = new Uint32Array((a.length + 1) * columns);
  const at = (i: number, j: number): number => d[i * columns + j] ?? 0;
  for (let i = 0; i <= a.length; i++) d[i * columns] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * columns + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate nearest to `input` (case ignored), if it is near enough to be a slip rather than
 * a different word: at most 2 edits, and fewer than half of the input's characters. Ties go to the
 * candidate listed first.
 */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const typed = input.toLowerCase();
  let best: { readonly name: string; readonly distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(typed, name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= 2 && best.distance * 2 < typed.length ? best.name : undefined;
}
