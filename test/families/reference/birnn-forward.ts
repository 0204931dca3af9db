/**
 * Independent reference for birnn-forward, written plainly with JS numbers and
 * Math (no imports from src/): forward states from hf0, backward states from
 * hb{T+1} (the lecture's `U_b h^{(t+1)}` read as hb_{t+1}), y = Vf hf + Vb hb.
 * `mistake` as in the rnn-forward reference, in both directions.
 */
import { vec, mat, times, plus, sigmoid, softmax, only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[] | string> {
  const m = only(mistake, ['swapped-UW', 'missing-bias', 'missing-activation', 'sigmoid-for-tanh', 'softmax-skipped']);
  const xs = mat(given.xs);
  const T = xs.length;
  const Uf = mat(given.Uf);
  const zeros = Uf.map(() => 0);
  const bf = given.bf === undefined || m === 'missing-bias' ? zeros : vec(given.bf);
  const bb = given.bb === undefined || m === 'missing-bias' ? zeros : vec(given.bb);
  const squash = m === 'sigmoid-for-tanh' ? sigmoid : Math.tanh;
  const g = (a: number[]): number[] => (given.activation === 'tanh' && m !== 'missing-activation' ? a.map(squash) : a);
  // One step U h + W x + b; a student who swaps U and W multiplies W by h and U by x.
  const step = (U: number[][], W: number[][], h: number[], x: number[], b: number[]): number[] => g(m === 'swapped-UW' ? plus(times(W, h), times(U, x), b) : plus(times(U, h), times(W, x), b));
  const labels = given.labels as string[];
  const out: Record<string, number | number[] | string> = {};
  const hf: number[][] = [vec(given.hf0)];
  for (let t = 1; t <= T; t++) {
    hf[t] = step(Uf, mat(given.Wf), hf[t - 1]!, xs[t - 1]!, bf);
    out[`hf${t}`] = hf[t]!;
  }
  const hb: number[][] = [];
  hb[T + 1] = vec(given[`hb${T + 1}`]);
  for (let t = T; t >= 1; t--) {
    hb[t] = step(mat(given.Ub), mat(given.Wb), hb[t + 1]!, xs[t - 1]!, bb);
    out[`hb${t}`] = hb[t]!;
  }
  for (let t = 1; t <= T; t++) {
    const y = plus(times(mat(given.Vf), hf[t]!), times(mat(given.Vb), hb[t]!));
    const o = m === 'softmax-skipped' ? y : softmax(y);
    out[`y${t}`] = y;
    out[`o${t}`] = o;
    out[`label${t}`] = labels[o.indexOf(Math.max(...o))]!;
  }
  return out;
}
