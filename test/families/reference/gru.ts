/**
 * Independent reference for gru in the lecture's (Colah's) convention, written
 * plainly with JS numbers and Math (no imports from src/):
 *   z = σ(Wz·[h, x] + bz), r = σ(Wr·[h, x] + br), h̃ = tanh(Wh·[r*h, x] + bh),
 *   h_new = (1 − z)*h + z*h̃   (not PyTorch's order).
 */
import { vec, mat, times, sigmoid, type Json } from './plain.js';


export function reference(given: Json): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  let h = vec(given.h0);
  const bias = (name: string): number[] => (given[name] === undefined ? h.map(() => 0) : vec(given[name]));
  mat(given.xs).forEach((x, k) => {
    const t = k + 1;
    const pz = times(mat(given.Wz), [...h, ...x]).map((v, j) => v + bias('bz')[j]!);
    const pr = times(mat(given.Wr), [...h, ...x]).map((v, j) => v + bias('br')[j]!);
    const z = pz.map(sigmoid);
    const r = pr.map(sigmoid);
    const reset = h.map((v, j) => r[j]! * v);
    const ph = times(mat(given.Wh), [...reset, ...x]).map((v, j) => v + bias('bh')[j]!);
    const htilde = ph.map(Math.tanh);
    h = h.map((v, j) => (1 - z[j]!) * v + z[j]! * htilde[j]!);
    Object.assign(out, { [`pz${t}`]: pz, [`z${t}`]: z, [`pr${t}`]: pr, [`r${t}`]: r, [`ph${t}`]: ph, [`htilde${t}`]: htilde, [`h${t}`]: h });
  });
  return out;
}
