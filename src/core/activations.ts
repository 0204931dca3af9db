/**
 * The non-linear functions of the lecture. They take exact or numeric input and
 * always return numeric (double) values — SPEC §3.
 */
import { type Num, toNumber } from './num.js';
import type { Vec } from './linalg.js';

/** σ(x) = 1 / (1 + e^-x). @example sigmoid(0) // 0.5 */
export function sigmoid(x: Num): number {
  const v = toNumber(x);
  // Written both ways so neither branch overflows exp for large |x|.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function tanh(x: Num): number {
  return Math.tanh(toNumber(x));
}

/** Element-wise σ: sigmoid([1, 2, 0]) = [σ(1), σ(2), σ(0)], as the lecture's practice explains. */
export function sigmoidVec(v: Vec): number[] {
  return v.map(sigmoid);
}

export function tanhVec(v: Vec): number[] {
  return v.map(tanh);
}

/** softmax, shifted by the maximum so that large logits do not overflow. @example softmax([0, 0]) // [0.5, 0.5] */
export function softmax(v: Vec): number[] {
  const xs = v.map(toNumber);
  const m = Math.max(...xs);
  const es = xs.map((x) => Math.exp(x - m));
  const s = es.reduce((a, b) => a + b, 0);
  return es.map((e) => e / s);
}

/** Index of the largest component (the first one on a tie; generation rules out ties). */
export function argmax(v: Vec): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (toNumber(v[i] as Num) > toNumber(v[best] as Num)) best = i;
  return best;
}

/** Gap between the largest and the second-largest component (SPEC §4 "no ties"). */
export function winningMargin(v: Vec): number {
  const xs = v.map(toNumber).sort((a, b) => b - a);
  return xs.length < 2 ? Infinity : (xs[0] as number) - (xs[1] as number);
}
