/**
 * Independent reference for rnn-classify (many-to-one), plain JS numbers and
 * Math (no imports from src/): the simple-RNN recurrence over every step, then
 * one output y = V h_T, o = softmax(y), label = argmax. `mistake` as in the
 * rnn-forward reference.
 */
import { vec, mat, times, sigmoid, softmax, only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[] | string> {
  const m = only(mistake, ['swapped-UW', 'missing-bias', 'missing-activation', 'sigmoid-for-tanh', 'softmax-skipped']);
  const U = mat(given.U);
  const W = mat(given.W);
  const b = given.b === undefined || m === 'missing-bias' ? U.map(() => 0) : vec(given.b);
  const out: Record<string, number | number[] | string> = {};
  let h = vec(given.h0);
  mat(given.xs).forEach((x, i) => {
    const uh = m === 'swapped-UW' ? times(W, h) : times(U, h);
    const wx = m === 'swapped-UW' ? times(U, x) : times(W, x);
    const a = uh.map((v, j) => v + wx[j]! + b[j]!);
    const squash = m === 'sigmoid-for-tanh' ? sigmoid : Math.tanh;
    h = given.activation === 'tanh' && m !== 'missing-activation' ? a.map(squash) : a;
    out[`a${i + 1}`] = a;
    out[`h${i + 1}`] = h;
  });
  const y = times(mat(given.V), h);
  const o = m === 'softmax-skipped' ? y : softmax(y);
  out.y = y;
  out.o = o;
  out.label = (given.labels as string[])[o.indexOf(Math.max(...o))]!;
  return out;
}
