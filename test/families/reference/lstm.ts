/**
 * Independent reference for lstm, written plainly with JS numbers and Math
 * (no imports from src/), to cross-check the exact solver:
 *   f = σ(Wf x + Uf h + bf), i = σ(Wi x + Ui h + bi), o = σ(Wo x + Uo h + bo),
 *   c̃ = tanh(Wc x + Uc h + bc), c = f*c_prev + i*c̃, h = o*tanh(c).
 * Mistakes: `tanh-for-sigmoid` (tanh for the gates' σ), `sigmoid-for-tanh` (σ for
 * both tanh: c̃ and tanh(c)), `missing-activation` (both tanh left out),
 * `missing-bias`, `swapped-UW` (W h + U x).
 */
import { vec, mat, times, sigmoid, only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[]> {
  const m = only(mistake, ['tanh-for-sigmoid', 'sigmoid-for-tanh', 'missing-bias', 'swapped-UW', 'missing-activation']);
  const gate = m === 'tanh-for-sigmoid' ? Math.tanh : sigmoid;
  const squash = m === 'sigmoid-for-tanh' ? sigmoid : m === 'missing-activation' ? (a: number) => a : Math.tanh;
  const out: Record<string, number | number[]> = {};
  let h = vec(given.h0);
  let c = vec(given.c0);
  const bias = (name: string): number[] => (given[name] === undefined || m === 'missing-bias' ? h.map(() => 0) : vec(given[name]));
  mat(given.xs).forEach((x, k) => {
    const t = k + 1;
    const pre = (g: string): number[] => {
      const wx = times(mat(given[`W${g}`]), m === 'swapped-UW' ? h : x);
      const uh = times(mat(given[`U${g}`]), m === 'swapped-UW' ? x : h);
      const b = bias(`b${g}`);
      return wx.map((v, j) => v + uh[j]! + b[j]!);
    };
    const pf = pre('f');
    const pi = pre('i');
    const po = pre('o');
    const pc = pre('c');
    const f = pf.map(gate);
    const i = pi.map(gate);
    const o = po.map(gate);
    const ctilde = pc.map(squash);
    c = c.map((cp, j) => f[j]! * cp + i[j]! * ctilde[j]!);
    h = c.map((cj, j) => o[j]! * squash(cj));
    Object.assign(out, { [`pf${t}`]: pf, [`f${t}`]: f, [`pi${t}`]: pi, [`i${t}`]: i, [`po${t}`]: po, [`o${t}`]: o, [`pc${t}`]: pc, [`ctilde${t}`]: ctilde, [`c${t}`]: c, [`h${t}`]: h });
  });
  return out;
}
