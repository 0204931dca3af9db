/**
 * Vectors and matrices over `Num` (exact or numeric). A matrix is a list of
 * rows; vectors are columns (SPEC §2). Shapes are checked: a mismatch throws a
 * ShapeError naming both shapes, which callers turn into a user-facing error
 * (or, for mistaken-rule recomputation, into "this mistake cannot apply").
 */
import { type Num, add, mul, sub, ZERO, ONE, toNumber } from './num.js';
import { dyadicProduct, dyadicSum } from './dyadic.js';

export type Vec = Num[];
export type Mat = Num[][];

export class ShapeError extends Error {
  override name = 'ShapeError';
}

export function shape(m: Mat): [number, number] {
  return [m.length, m[0]?.length ?? 0];
}

/**
 * `M v`: exact when both are exact, numeric (doubles) as soon as one component is.
 * @example matVec([[q(2), q(0)], [q(1), q(2)]], [q(1), q(-1)]) // [2, -1], exact
 */
export function matVec(m: Mat, v: Vec): Vec {
  const cols = m[0]?.length ?? 0;
  if (cols !== v.length) throw new ShapeError(`cannot multiply a ${m.length}×${cols} matrix by a vector of length ${v.length}`);
  // An empty vector has no numeric component: its products (empty sums) are exact zeros.
  if (v.length > 0 && allNumeric(v)) {
    const out: Vec = new Array<Num>(m.length);
    for (let i = 0; i < m.length; i++) {
      const row = m[i] as Vec;
      let s = 0;
      for (let j = 0; j < row.length; j++) s += toNumber(row[j] as Num) * (v[j] as number);
      out[i] = s;
    }
    return out;
  }
  const fast = dyadicProduct(m, v);
  if (fast) return fast;
  return m.map((row) => {
    let s: Num = ZERO;
    for (let j = 0; j < row.length; j++) s = add(s, mul(row[j] as Num, v[j] as Num));
    return s;
  });
}

function allNumeric(v: Vec): boolean {
  for (let j = 0; j < v.length; j++) if (typeof v[j] !== 'number') return false;
  return true;
}

function sameLength(a: Vec, b: Vec, what: string): void {
  if (a.length !== b.length) throw new ShapeError(`cannot ${what} vectors of lengths ${a.length} and ${b.length}`);
}

export function vecAdd(a: Vec, b: Vec): Vec {
  sameLength(a, b, 'add');
  return a.map((x, i) => add(x, b[i] as Num));
}

/** Sum of several vectors of one length. @example vecSum([[q(2), q(1)], [q(0), q(23)]]) // [2, 24] */
export function vecSum(vs: Vec[]): Vec {
  if (vs.length === 0) throw new ShapeError('cannot sum no vectors');
  const first = vs[0] as Vec;
  if (vs.every((v) => v.length === first.length)) {
    const fast = dyadicSum(vs);
    if (fast) return fast;
  }
  return vs.slice(1).reduce(vecAdd, first);
}

/** Element-wise product `a * b` (the lecture's `*`, written ⊙ in print). */
export function hadamard(a: Vec, b: Vec): Vec {
  sameLength(a, b, 'multiply element-wise');
  return a.map((x, i) => mul(x, b[i] as Num));
}

/** `1 - v`, element-wise. */
export function oneMinus(v: Vec): Vec {
  return v.map((x) => sub(ONE, x));
}

/** `[a, b]`: concatenation, `a` first (the lecture puts `h_{t-1}` first). */
export function concat(a: Vec, b: Vec): Vec {
  return [...a, ...b];
}

/** Columns `from..to-1` of a matrix: splits a concatenated `W·[h, x]` into its `h` and `x` blocks. */
export function columns(m: Mat, from: number, to: number): Mat {
  return m.map((row) => row.slice(from, to));
}

export function zeros(n: number): Vec {
  return Array.from({ length: n }, () => ZERO);
}
