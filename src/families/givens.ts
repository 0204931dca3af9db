/**
 * Reading a `given` typed by hand or loaded from JSON. Every reader names the
 * field and the expected shape in its GivenError, so `rnnquiz solve` can say
 * "given.W: expected a 2×3 matrix (2 rows of 3 numbers), got 2 rows of 2".
 */
import Fraction from 'fraction.js';
import { GivenError } from '../core/errors.js';
import type { Mat, Vec } from '../core/linalg.js';

export type RawObject = Record<string, unknown>;

/**
 * Every error of a hand-typed given at once. While `collectGivenErrors` runs a
 * family's parse, a reader that fails records its error and returns a stand-in
 * of the expected shape (zeros), so the parse goes on to the next field. When a
 * field that fixes a size (h0 sets n) could not be read, later "wrong size"
 * errors are left out: they would only repeat that one mistake.
 */
interface Collector {
  errors: GivenError[];
  sizeUnknown: boolean;
}
let collector: Collector | null = null;

/** Throws `e`, or records it and returns `standIn` while collecting; `sizeError` marks a wrong-size error. */
function fail<T>(e: GivenError, standIn: T, sizeError = false): T {
  if (!collector) throw e;
  if (!(sizeError && collector.sizeUnknown)) collector.errors.push(e);
  return standIn;
}

/** Records that a size-fixing field could not be read (see Collector). */
function sizeLost(): void {
  if (collector) collector.sizeUnknown = true;
}

const zeros = (n: number): Fraction[] => Array.from({ length: Math.max(1, n) }, () => new Fraction(0));

/**
 * Runs a family's parse so that it reports every error of the given at once:
 * one GivenError (GivenError.combine) listing them all.
 * @example collectGivenErrors(() => parseLstm(raw)) // throws 'given.h0: …\ngiven.Wf: …'
 */
export function collectGivenErrors<T>(parse: () => T): T {
  if (collector) return parse(); // already collecting (a family reading another's given)
  const own: Collector = { errors: [], sizeUnknown: false };
  collector = own;
  let result: T;
  try {
    result = parse();
  } catch (e) {
    // A check of the family's own that throws ends the pass; after a stand-in anything may throw.
    if (e instanceof GivenError && !own.errors.includes(e)) own.errors.push(e);
    else if (own.errors.length === 0) throw e;
  } finally {
    collector = null;
  }
  if (own.errors.length > 0) throw GivenError.combine(own.errors);
  return result!;
}

function describe(raw: unknown): string {
  if (raw === undefined) return 'nothing';
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return `a list of ${raw.length}`;
  if (typeof raw === 'string') return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  return typeof raw === 'object' ? 'an object' : String(raw);
}

/** The given must be an object with only the listed keys. */
export function readObject(raw: unknown, allowed: readonly string[]): RawObject {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new GivenError('(given)', 'an object', describe(raw));
  const obj = raw as RawObject;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(GivenError.unknownField(key, allowed), undefined);
  }
  return obj;
}

/**
 * One exact number: a JSON integer, a decimal with a finite binary/decimal form
 * (0.5), or a string "p/q". @example readExact("-3/2", "U[0][1]") // Fraction -3/2
 */
export function readExact(raw: unknown, field: string): Fraction {
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Fraction(String(raw));
  if (typeof raw === 'string' && /^\s*-?\d+(\.\d+)?(\s*\/\s*0*[1-9]\d*)?\s*$/.test(raw)) return new Fraction(raw.replace(/\s+/g, ''));
  return fail(new GivenError(field, 'a number (an integer, a decimal, or "p/q")', describe(raw)), new Fraction(0));
}

export function readScalar(obj: RawObject, field: string): Fraction {
  if (obj[field] === undefined) return fail(new GivenError(field, 'a number', 'nothing (the field is missing)'), new Fraction(0));
  return readExact(obj[field], field);
}

export function readVector(obj: RawObject, field: string, length?: number): Vec {
  const raw = obj[field];
  const want = length === undefined ? 'a list of numbers' : `a vector of ${length} numbers`;
  if (!Array.isArray(raw) || raw.length === 0) {
    if (length === undefined) sizeLost();
    return fail(new GivenError(field, want, raw === undefined ? 'nothing (the field is missing)' : Array.isArray(raw) ? '0 numbers' : describe(raw)), zeros(length ?? 1));
  }
  if (length !== undefined && raw.length !== length) {
    if (collector) raw.forEach((x, i) => readExact(x, `${field}[${i}]`)); // a wrong size does not hide a wrong number
    return fail(new GivenError(field, want, `${raw.length} numbers`), zeros(length), true);
  }
  return raw.map((x, i) => readExact(x, `${field}[${i}]`));
}

/** A matrix as a list of rows; `rows`/`cols` pin the shape when other fields already fixed it. */
export function readMatrix(obj: RawObject, field: string, rows?: number, cols?: number): Mat {
  const raw = obj[field];
  const want =
    rows !== undefined && cols !== undefined
      ? `a ${rows}×${cols} matrix (${rows} rows of ${cols} numbers)`
      : rows !== undefined
        ? `a matrix of ${rows} rows of equal length`
        : cols !== undefined
          ? `a matrix whose rows have ${cols} numbers`
          : 'a matrix (a list of rows of equal length)';
  const standIn = (r: number, c: number): Mat => Array.from({ length: Math.max(1, r) }, () => zeros(c));
  if (!Array.isArray(raw) || raw.length === 0) {
    if (rows === undefined || cols === undefined) sizeLost();
    return fail(new GivenError(field, want, raw === undefined ? 'nothing (the field is missing)' : describe(raw)), standIn(rows ?? 1, cols ?? 1));
  }
  const width = cols ?? (Array.isArray(raw[0]) ? raw[0].length : -1);
  if (rows !== undefined && raw.length !== rows) {
    if (collector) raw.forEach((row, i) => Array.isArray(row) && row.forEach((x, j) => readExact(x, `${field}[${i}][${j}]`))); // a wrong size does not hide a wrong number
    return fail(new GivenError(field, want, `${raw.length} rows`), standIn(rows, Math.max(1, width)), true);
  }
  if (width <= 0) sizeLost();
  return raw.map((row, i) => {
    if (!Array.isArray(row)) return fail(new GivenError(`${field}[${i}]`, `a row of ${width} numbers`, describe(row)), zeros(width));
    if (row.length !== width || width === 0) {
      if (collector) row.forEach((x, j) => readExact(x, `${field}[${i}][${j}]`));
      return fail(new GivenError(field, want, `row ${i} has ${row.length} number${row.length === 1 ? '' : 's'}${cols === undefined ? `, row 0 has ${width}` : ''}`), zeros(width), true);
    }
    return row.map((x, j) => readExact(x, `${field}[${i}][${j}]`));
  });
}

export function readEnum<T extends string>(obj: RawObject, field: string, values: readonly T[]): T {
  const raw = obj[field];
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
  return fail(new GivenError(field, `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, raw === undefined ? 'nothing (the field is missing)' : describe(raw)), values[0] as T);
}

export function readBoolean(obj: RawObject, field: string): boolean {
  const raw = obj[field];
  if (typeof raw === 'boolean') return raw;
  return fail(new GivenError(field, 'true or false', raw === undefined ? 'nothing (the field is missing)' : describe(raw)), false);
}

export function readPositiveInt(obj: RawObject, field: string, max = 10_000): number {
  const raw = obj[field];
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= max) return raw;
  return fail(new GivenError(field, `a whole number from 1 to ${max}`, raw === undefined ? 'nothing (the field is missing)' : describe(raw)), 1);
}

export function readStringList(obj: RawObject, field: string, length?: number): string[] {
  const raw = obj[field];
  const want = length === undefined ? 'a list of strings' : `a list of ${length} strings`;
  const standIn = (): string[] => Array.from({ length: length ?? 2 }, (_, i) => `label${i}`);
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string' || s.trim() === '') || (length !== undefined && raw.length !== length))
    return fail(new GivenError(field, want, raw === undefined ? 'nothing (the field is missing)' : describe(raw)), standIn(), Array.isArray(raw) && length !== undefined && raw.length !== length);
  if (new Set(raw).size !== raw.length) return fail(new GivenError(field, `${want}, all different`, 'a repeated string'), standIn());
  return raw as string[];
}

/** A list of input vectors (`xs`), each of length `d`. */
export function readSequence(obj: RawObject, field: string, d?: number): Vec[] {
  return readMatrix(obj, field, undefined, d);
}
