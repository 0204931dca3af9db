/**
 * Independent reference for rnn-classify (many-to-one), plain JS numbers and
 * Math (no imports from src/): the simple-RNN recurrence over every step, then
 * one output y = V h_T, o = softmax(y), label = argmax.
 */
import { vec, mat, times, type Json } from './plain.js';


export function reference(given: Json): Record<string, number | number[] | string> {
  const U = mat(given.U);
  const W = mat(given.W);
  const b = given.b === undefined ? U.map(() => 0) : vec(given.b);
  const out: Record<string, number | number[] | string> = {};
  let h = vec(given.h0);
  mat(given.xs).forEach((x, i) => {
    const uh = times(U, h);
    const wx = times(W, x);
    const a = uh.map((v, j) => v + wx[j]! + b[j]!);
    h = given.activation === 'tanh' ? a.map(Math.tanh) : a;
    out[`a${i + 1}`] = a;
    out[`h${i + 1}`] = h;
  });
  const y = times(mat(given.V), h);
  const e = y.map((v) => Math.exp(v - Math.max(...y)));
  const s = e.reduce((p, c) => p + c, 0);
  const o = e.map((v) => v / s);
  out.y = y;
  out.o = o;
  out.label = (given.labels as string[])[o.indexOf(Math.max(...o))]!;
  return out;
}
