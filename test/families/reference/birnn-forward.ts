/**
 * Independent reference for birnn-forward, written plainly with JS numbers and
 * Math (no imports from src/): forward states from hf0, backward states from
 * hb{T+1} (the lecture's `U_b h^{(t+1)}` read as hb_{t+1}), y = Vf hf + Vb hb.
 */
import { vec, mat, times, plus, type Json } from './plain.js';


export function reference(given: Json): Record<string, number | number[] | string> {
  const xs = mat(given.xs);
  const T = xs.length;
  const Uf = mat(given.Uf);
  const zeros = Uf.map(() => 0);
  const bf = given.bf === undefined ? zeros : vec(given.bf);
  const bb = given.bb === undefined ? zeros : vec(given.bb);
  const g = (a: number[]): number[] => (given.activation === 'tanh' ? a.map(Math.tanh) : a);
  const labels = given.labels as string[];
  const out: Record<string, number | number[] | string> = {};
  const hf: number[][] = [vec(given.hf0)];
  for (let t = 1; t <= T; t++) {
    hf[t] = g(plus(times(Uf, hf[t - 1]!), times(mat(given.Wf), xs[t - 1]!), bf));
    out[`hf${t}`] = hf[t]!;
  }
  const hb: number[][] = [];
  hb[T + 1] = vec(given[`hb${T + 1}`]);
  for (let t = T; t >= 1; t--) {
    hb[t] = g(plus(times(mat(given.Ub), hb[t + 1]!), times(mat(given.Wb), xs[t - 1]!), bb));
    out[`hb${t}`] = hb[t]!;
  }
  for (let t = 1; t <= T; t++) {
    const y = plus(times(mat(given.Vf), hf[t]!), times(mat(given.Vb), hb[t]!));
    const m = Math.max(...y);
    const e = y.map((v) => Math.exp(v - m));
    const s = e.reduce((p, c) => p + c, 0);
    const o = e.map((v) => v / s);
    out[`y${t}`] = y;
    out[`o${t}`] = o;
    out[`label${t}`] = labels[o.indexOf(Math.max(...o))]!;
  }
  return out;
}
