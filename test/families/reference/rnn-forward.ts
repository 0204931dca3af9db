/**
 * Independent reference for rnn-forward, written plainly with JS numbers and
 * Math (no imports from src/), to cross-check the exact solver.
 */
import { vec, mat, times, type Json } from './plain.js';


export function reference(given: Json): Record<string, number | number[] | string> {
  const U = mat(given.U);
  const W = mat(given.W);
  const V = mat(given.V);
  const b = given.b === undefined ? U.map(() => 0) : vec(given.b);
  const labels = given.labels as string[];
  const out: Record<string, number | number[] | string> = {};
  let h = vec(given.h0);
  mat(given.xs).forEach((x, i) => {
    const t = i + 1;
    const uh = times(U, h);
    const wx = times(W, x);
    const a = uh.map((v, j) => v + wx[j]! + b[j]!);
    h = given.activation === 'tanh' ? a.map(Math.tanh) : a;
    const y = times(V, h);
    const m = Math.max(...y);
    const e = y.map((v) => Math.exp(v - m));
    const s = e.reduce((p, c) => p + c, 0);
    const o = e.map((v) => v / s);
    out[`a${t}`] = a;
    out[`h${t}`] = h;
    out[`y${t}`] = y;
    out[`o${t}`] = o;
    out[`label${t}`] = labels[o.indexOf(Math.max(...o))]!;
  });
  return out;
}
