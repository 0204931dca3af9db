/**
 * Values and worked steps as TeX, the one source every renderer starts from
 * (PDF and web through MathML, Moodle as TeX). Exact values print as integers
 * or fractions, numeric ones to a fixed number of decimals (4 by default, as
 * the answer key shows them); vectors print as the lecture writes them in a
 * line, `[2, 1]^T`, or as a column for the problem statement.
 */
import { type Num, isExact, toNumber } from '../core/num.js';
import type { Value } from '../core/value.js';
import type { Step } from '../families/contract.js';

export interface TexFormat {
  /** Decimals for numeric values. */
  decimals: number;
  /** `inline`: `[2, 1]^\top`; `column`: a bmatrix column. */
  vectors: 'inline' | 'column';
  /** In a worked step, write a vector that follows a matrix (the product `M v`) as a column. */
  productColumns?: boolean;
}

export const DEFAULT_DECIMALS = 4;
export const KEY_FORMAT: TexFormat = { decimals: DEFAULT_DECIMALS, vectors: 'inline' };
export const STATEMENT_FORMAT: TexFormat = { decimals: DEFAULT_DECIMALS, vectors: 'column' };
/** The answer key's worked steps: inline vectors, but `M v` with v as a column, as on the blackboard. */
export const WORKED_FORMAT: TexFormat = { ...KEY_FORMAT, productColumns: true };

/** @example numToTex(q(-3, 4)) // "-\\frac{3}{4}"; numToTex(0.880797, KEY_FORMAT) // "0.8808" */
export function numToTex(x: Num, format: TexFormat = KEY_FORMAT): string {
  if (isExact(x)) {
    if (x.d === 1n) return (x.s < 0n ? '-' : '') + x.n.toString();
    return `${x.s < 0n ? '-' : ''}\\frac{${x.n.toString()}}{${x.d.toString()}}`;
  }
  const fixed = toNumber(x).toFixed(format.decimals);
  return /^-0\.?0*$/.test(fixed) ? fixed.slice(1) : fixed;
}

/** Plain-text form for answer boxes and feedback: `7`, `-3/4`, `0.8808`, `[7, 5]`. */
export function numToText(x: Num, decimals = DEFAULT_DECIMALS): string {
  if (isExact(x)) return x.toFraction();
  const fixed = toNumber(x).toFixed(decimals);
  return /^-0\.?0*$/.test(fixed) ? fixed.slice(1) : fixed;
}

export function valueToText(v: Value, decimals = DEFAULT_DECIMALS): string {
  switch (v.kind) {
    case 'scalar':
      return numToText(v.v, decimals);
    case 'vector':
      return `[${v.v.map((x) => numToText(x, decimals)).join(', ')}]`;
    case 'matrix':
      return `[${v.v.map((r) => `[${r.map((x) => numToText(x, decimals)).join(', ')}]`).join(', ')}]`;
    case 'label':
      return v.v;
  }
}

function bmatrix(rows: string[][]): string {
  return `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
}

/** Escapes text for `\text{…}`. */
export function texText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`));
}

/** @example valueToTex(vector([q(2), q(1)])) // "\\left[ 2,\\ 1 \\right]^{\\top}" */
export function valueToTex(v: Value, format: TexFormat = KEY_FORMAT): string {
  switch (v.kind) {
    case 'scalar':
      return numToTex(v.v, format);
    case 'vector':
      return format.vectors === 'column' ? bmatrix(v.v.map((x) => [numToTex(x, format)])) : `\\left[ ${v.v.map((x) => numToTex(x, format)).join(',\\ ')} \\right]^{\\top}`;
    case 'matrix':
      return bmatrix(v.v.map((r) => r.map((x) => numToTex(x, format))));
    case 'label':
      return `\\text{${texText(v.v)}}`;
  }
}

/**
 * One worked step as the lecture writes it: `lhs = symbolic = template(args) = value`.
 * The numeric middle part is left out when it would only repeat the value.
 * @example stepToTex(step) // "f_{1} = \\sigma(p_{f,1}) = \\sigma(\\left[ 2,\\ 24 \\right]^{\\top}) = \\left[ 0.8808,\\ 1.0000 \\right]^{\\top}"
 */
export function stepToTex(step: Step, format: TexFormat = KEY_FORMAT): string {
  const parts = [step.lhs];
  if (step.symbolic && step.symbolic !== step.lhs) parts.push(step.symbolic);
  // With productColumns, a vector written right after a matrix (`{0}{1}`, the product M v) is a
  // column, as on the blackboard; elsewhere vectors keep the inline form `[2, 1]^T`.
  const middle = step.template.replace(/\{(\d+)\}/g, (_, i: string, offset: number) => {
    const arg = step.args[Number(i)];
    if (!arg) return '';
    const before = /\{(\d+)\}$/.exec(step.template.slice(0, offset));
    const afterMatrix = format.productColumns === true && arg.kind === 'vector' && before !== null && step.args[Number(before[1])]?.kind === 'matrix';
    return valueToTex(arg, arg.kind === 'matrix' || afterMatrix ? STATEMENT_FORMAT : format);
  });
  const value = valueToTex(step.value, format);
  if (middle !== value && middle !== step.symbolic) parts.push(middle);
  parts.push(value);
  return parts.join(' = ');
}
