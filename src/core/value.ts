/**
 * The values a problem states and a solver answers: scalars, vectors, matrices
 * (givens and worked steps only) and labels. Components are `Num`s, so a value
 * is exact exactly when all its components are.
 */
import { Fraction, type Num, isExact, scaled } from './num.js';

export type Value = { kind: 'scalar'; v: Num } | { kind: 'vector'; v: Num[] } | { kind: 'matrix'; v: Num[][] } | { kind: 'label'; v: string };

export const scalar = (v: Num): Value => ({ kind: 'scalar', v });
export const vector = (v: Num[]): Value => ({ kind: 'vector', v });
export const matrix = (v: Num[][]): Value => ({ kind: 'matrix', v });
export const label = (v: string): Value => ({ kind: 'label', v });

/** Every number of a value, flattened in reading order (rows first). */
export function components(value: Value): Num[] {
  switch (value.kind) {
    case 'scalar':
      return [value.v];
    case 'vector':
      return value.v;
    case 'matrix':
      return value.v.flat();
    case 'label':
      return [];
  }
}

/** Exact when every component is exact (a label counts as exact: it is matched literally). */
export function isExactValue(value: Value): boolean {
  return components(value).every(isExact);
}

/** JSON form of one number, SPEC §5: exact integers as JSON integers, other exact values as "p/q", numeric at full precision. */
export type JsonNum = number | string;
export type JsonValue = JsonNum | JsonNum[] | JsonNum[][];

export function numToJson(x: Num): JsonNum {
  if (typeof x === 'number') return x;
  return x.d === 1n ? Number(x.n) * Number(x.s) : x.toFraction();
}

export function valueToJson(value: Value): JsonValue {
  switch (value.kind) {
    case 'scalar':
      return numToJson(value.v);
    case 'vector':
      return value.v.map(numToJson);
    case 'matrix':
      return value.v.map((row) => row.map(numToJson));
    case 'label':
      return value.v;
  }
}

/**
 * Reads one JSON number back. `exact` says how the field is known to be stored
 * (SPEC §5: a JSON integer or "p/q" string is exact; a float is numeric).
 * Returns undefined for anything else.
 */
export function numFromJson(raw: unknown, exact: boolean): Num | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    if (exact) return Number.isInteger(raw) ? scaled(raw, 1) : undefined;
    return raw;
  }
  if (typeof raw === 'string' && exact && /^-?\d+(\/0*[1-9]\d*)?$/.test(raw.trim())) {
    const f = new Fraction(raw.trim());
    return f;
  }
  return undefined;
}
