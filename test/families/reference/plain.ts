/**
 * Plain-number helpers shared by the independent references: reading SPEC §5
 * JSON ("p/q" strings included) into doubles, and the textbook formulas. No
 * imports from src/, so a bug in the core cannot hide in both sides.
 */
export type Json = Record<string, unknown>;

export const num = (x: unknown): number => {
  if (typeof x === 'number') return x;
  const [n, d] = String(x).split('/');
  return Number(n) / (d === undefined ? 1 : Number(d));
};
export const vec = (x: unknown): number[] => (x as unknown[]).map(num);
export const mat = (x: unknown): number[][] => (x as unknown[]).map(vec);
export const times = (m: number[][], v: number[]): number[] => m.map((row) => row.reduce((s, w, j) => s + w * v[j]!, 0));
export const plus = (...vs: number[][]): number[] => vs[0]!.map((_, i) => vs.reduce((s, v) => s + v[i]!, 0));
export const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));
export const softmax = (y: number[]): number[] => {
  const m = Math.max(...y);
  const e = y.map((v) => Math.exp(v - m));
  const s = e.reduce((p, c) => p + c, 0);
  return e.map((v) => v / s);
};
