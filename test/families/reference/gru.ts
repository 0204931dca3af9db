/**
 * Independent reference for gru in the lecture's (Colah's) convention, written
 * plainly with JS numbers and Math (no imports from src/):
 *   z = σ(Wz·[h, x] + bz), r = σ(Wr·[h, x] + br), h̃ = tanh(Wh·[r*h, x] + bh),
 *   h_new = (1 − z)*h + z*h̃   (not PyTorch's order).
 * Mistakes: `gru-convention-swapped` (h_new = z*h + (1 − z)*h̃, PyTorch's order),
 * `concat-order-swapped` ([x, h] and [x, r*h]), `tanh-for-sigmoid` (z, r),
 * `sigmoid-for-tanh` (h̃), `missing-bias`.
 */
import { vec, mat, times, sigmoid, only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[]> {
  const m = only(mistake, ['gru-convention-swapped', 'concat-order-swapped', 'tanh-for-sigmoid', 'sigmoid-for-tanh', 'missing-bias']);
  const gate = m === 'tanh-for-sigmoid' ? Math.tanh : sigmoid;
  const squash = m === 'sigmoid-for-tanh' ? sigmoid : Math.tanh;
  const stack = (state: number[], x: number[]): number[] => (m === 'concat-order-swapped' ? [...x, ...state] : [...state, ...x]);
  const out: Record<string, number | number[]> = {};
  let h = vec(given.h0);
  const bias = (name: string): number[] => (given[name] === undefined || m === 'missing-bias' ? h.map(() => 0) : vec(given[name]));
  mat(given.xs).forEach((x, k) => {
    const t = k + 1;
    const pz = times(mat(given.Wz), stack(h, x)).map((v, j) => v + bias('bz')[j]!);
    const pr = times(mat(given.Wr), stack(h, x)).map((v, j) => v + bias('br')[j]!);
    const z = pz.map(gate);
    const r = pr.map(gate);
    const reset = h.map((v, j) => r[j]! * v);
    const ph = times(mat(given.Wh), stack(reset, x)).map((v, j) => v + bias('bh')[j]!);
    const htilde = ph.map(squash);
    h = m === 'gru-convention-swapped' ? h.map((v, j) => z[j]! * v + (1 - z[j]!) * htilde[j]!) : h.map((v, j) => (1 - z[j]!) * v + z[j]! * htilde[j]!);
    Object.assign(out, { [`pz${t}`]: pz, [`z${t}`]: z, [`pr${t}`]: pr, [`r${t}`]: r, [`ph${t}`]: ph, [`htilde${t}`]: htilde, [`h${t}`]: h });
  });
  return out;
}
