/**
 * Independent reference for bptt, plain JS numbers and Math (no imports from
 * src/): a_t = u h_{t-1} + w x_t, h_t = g(a_t), d_t = u g'(a_t) for t ≥ 2 with
 * g'(a) = 1 (identity) or 1 − tanh(a)² (tanh), grad = d_2 ⋯ d_T.
 */
import { num, type Json } from './plain.js';


export function reference(given: Json): Record<string, number | number[] | string> {
  const u = num(given.u);
  const w = num(given.w);
  const tanh = given.activation === 'tanh';
  const out: Record<string, number | number[] | string> = {};
  let h = num(given.h0);
  let grad = 1;
  (given.xs as unknown[]).map(num).forEach((x, i) => {
    const t = i + 1;
    const a = u * h + w * x;
    h = tanh ? Math.tanh(a) : a;
    out[`a${t}`] = a;
    out[`h${t}`] = h;
    if (t >= 2) {
      const d = u * (tanh ? 1 - Math.tanh(a) ** 2 : 1);
      out[`d${t}`] = d;
      grad *= d;
    }
  });
  out.grad = grad;
  return out;
}
