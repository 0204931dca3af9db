/**
 * Independent reference for bptt, plain JS numbers and Math (no imports from
 * src/): a_t = u h_{t-1} + w x_t, h_t = g(a_t), d_t = u g'(a_t) for t ≥ 2 with
 * g'(a) = 1 (identity) or 1 − tanh(a)² (tanh), grad = d_2 ⋯ d_T.
 * Mistakes: `swapped-UW` lets w play u's part everywhere (a_t = w h + u x,
 * d_t = w g'(a_t)); `missing-activation` treats g as the identity.
 */
import { num, only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[] | string> {
  const m = only(mistake, ['swapped-UW', 'missing-activation']);
  const u = num(m === 'swapped-UW' ? given.w : given.u);
  const w = num(m === 'swapped-UW' ? given.u : given.w);
  const tanh = given.activation === 'tanh' && m !== 'missing-activation';
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
