/** Shared fixtures for the grading tests: sample problems of every registered family and text forms of values. */
import { listFamilies, type AnyFamily } from '../../src/families/registry.js';
import { generateProblemSet, type Problem } from '../../src/problems.js';
import { type Value, components } from '../../src/core/value.js';
import { type Num, formatNum, isExact, toNumber } from '../../src/core/num.js';
import type { ParseResult } from '../../src/grading/parse.js';

/** The options that switch on the most mistakes a family knows (tanh, biases), kept only where the family accepts them. */
export function richOptions(family: AnyFamily): Record<string, unknown> {
  let acc: Record<string, unknown> = {};
  for (const [k, v] of [
    ['activation', 'tanh'],
    ['bias', true],
  ] as const) {
    try {
      family.parseOptions({ ...acc, [k]: v });
      acc = { ...acc, [k]: v };
    } catch {
      /* option not offered by this family */
    }
  }
  return acc;
}

/** A few problems per family: default options and the mistake-rich options, several seeds. */
export function samples(family: AnyFamily, seeds: readonly string[] = ['1', '2', '3', '4', '5', '6']): Problem[] {
  return seeds.flatMap((seed) => [{}, richOptions(family)].map((o) => generateProblemSet(family.id, seed, 1, o).problems[0] as Problem));
}

export const families = (): [string, AnyFamily][] => listFamilies().map((f) => [f.id, f]);

/** Components of a value as text, each through `fmt`. */
export function texts(value: Value, fmt: (x: Num) => string = formatNum): string[] {
  return components(value).map(fmt);
}

/** A numeric component rounded to `k` decimals; exact components as fractions. */
export const rounded =
  (k: number) =>
  (x: Num): string =>
    isExact(x) ? formatNum(x) : toNumber(x).toFixed(k);

/** Exact components as decimals when they terminate (`1/2` → `0.5`), fractions otherwise. */
export function asDecimal(x: Num): string {
  if (!isExact(x)) return String(x);
  let d = x.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n ? String(toNumber(x)) : formatNum(x);
}

/** Joins components in a vector notation, or returns the one number of a scalar. */
export function inNotation(value: Value, parts: string[], notation: (xs: string[]) => string): string {
  return value.kind === 'scalar' ? (parts[0] as string) : notation(parts);
}

export const NOTATIONS: Record<string, (xs: string[]) => string> = {
  brackets: (xs) => `[${xs.join(', ')}]`,
  spaces: (xs) => xs.join(' '),
  commas: (xs) => xs.join(','),
  semicolons: (xs) => `(${xs.join('; ')})`,
  caretT: (xs) => `[${xs.join(' ')}]^T`,
  unicodeT: (xs) => `[${xs.join(' ')}]ᵀ`,
  prime: (xs) => `[${xs.join(' ')}]'`,
  column: (xs) => `[${xs.map((x) => `[${x}]`).join(', ')}]`,
};

/**
 * A parse result as one line: `exact:3/2` or `num:0.880797` per component (a
 * vector in brackets), or `error: message`.
 * @example showParsed(parseNumbers('[4 0]')) // '[exact:4 exact:0]'
 */
export function showParsed(r: ParseResult): string {
  if (!r.ok) return `error: ${r.message}`;
  const parts = r.value.items.map((c) => (isExact(c.v) ? `exact:${formatNum(c.v)}` : `num:${c.v.toPrecision(6)}`));
  return r.value.vector ? `[${parts.join(' ')}]` : (parts[0] as string);
}
