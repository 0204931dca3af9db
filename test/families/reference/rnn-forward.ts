/**
 * Independent reference for rnn-forward, written plainly with JS numbers and
 * Math (no imports from src/), to cross-check the exact solver. With `mistake`
 * it gives what a student making that mistake would compute: U and W swapped
 * (W h + U x), the bias left out, tanh left out, σ for tanh, softmax skipped (o = y).
 */
import { vec, mat, times, sigmoid, softmax, only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[] | string> {
  const m = only(mistake, ['swapped-UW', 'missing-bias', 'missing-activation', 'sigmoid-for-tanh', 'softmax-skipped']);
  const U = mat(given.U);
  const W = mat(given.W);
  const V = mat(given.V);
  const b = given.b === undefined || m === 'missing-bias' ? U.map(() => 0) : vec(given.b);
  const labels = given.labels as string[];
  const out: Record<string, number | number[] | string> = {};
  let h = vec(given.h0);
  mat(given.xs).forEach((x, i) => {
    const t = i + 1;
    const uh = m === 'swapped-UW' ? times(W, h) : times(U, h);
    const wx = m === 'swapped-UW' ? times(U, x) : times(W, x);
    const a = uh.map((v, j) => v + wx[j]! + b[j]!);
    const squash = m === 'sigmoid-for-tanh' ? sigmoid : Math.tanh;
    h = given.activation === 'tanh' && m !== 'missing-activation' ? a.map(squash) : a;
    const y = times(V, h);
    const o = m === 'softmax-skipped' ? y : softmax(y);
    out[`a${t}`] = a;
    out[`h${t}`] = h;
    out[`y${t}`] = y;
    out[`o${t}`] = o;
    out[`label${t}`] = labels[o.indexOf(Math.max(...o))]!;
  });
  return out;
}
