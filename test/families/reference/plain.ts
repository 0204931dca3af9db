/**
 * Plain-number helpers shared by the independent references: reading SPEC §5
 * JSON ("p/q" strings included) into doubles, and the textbook formulas. No
 * imports from src/, so a bug in the core cannot hide in both sides.
 */
export type Json = Record<string, unknown>;

/**
 * The named mistakes of SPEC §6 a reference can be run under, spelt out here
 * (not imported) so the expected value of a mistake is worked out independently.
 */
export type Mistake = 'swapped-UW' | 'missing-bias' | 'missing-activation' | 'tanh-for-sigmoid' | 'sigmoid-for-tanh' | 'gru-convention-swapped' | 'softmax-skipped' | 'concat-order-swapped';

/** Throws for a mistake the reference does not model, so a family cannot add one without its independent value. */
export function only(mistake: string | undefined, known: readonly Mistake[]): Mistake | undefined {
  if (mistake !== undefined && !(known as readonly string[]).includes(mistake)) throw new Error(`no reference for the mistake ${mistake}`);
  return mistake as Mistake | undefined;
}

export const num = (x: unknown): number => {
  if (typeof x === 'number') return x;
  const [n, d] = String(x).split('/');
  return Number(n) / (d === undefined ? 1 : Number(d));
};
export const vec = (x: unknown): number[] => (x as unknown[]).map(num);
export const mat = (x: unknown): number[][] => (x as unknown[]).map(vec);
/** M v; throws when the sizes do not fit (as a swapped U and W do unless n = d). */
export const times = (m: number[][], v: number[]): number[] =>
  m.map((row) => {
    if (row.length !== v.length) throw new Error(`a ${row.length}-column matrix cannot multiply a vector of ${v.length}`);
    return row.reduce((s, w, j) => s + w * v[j]!, 0);
  });
export const plus = (...vs: number[][]): number[] => vs[0]!.map((_, i) => vs.reduce((s, v) => s + v[i]!, 0));
export const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));
export const softmax = (y: number[]): number[] => {
  const m = Math.max(...y);
  const e = y.map((v) => Math.exp(v - m));
  const s = e.reduce((p, c) => p + c, 0);
  return e.map((v) => v / s);
};
