/**
 * Reading a `given` typed by hand or loaded from JSON. Every reader names the
 * field and the expected shape in its GivenError, so `rnnquiz solve` can say
 * "given.W: expected a 2×3 matrix (2 rows of 3 numbers), got 2 rows of 2".
 */
import Fraction from 'fraction.js';
import { GivenError } from '../core/errors.js';
import type { Mat, Vec } from '../core/linalg.js';

export type RawObject = Record<string, unknown>;

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
    if (!allowed.includes(key)) throw GivenError.unknownField(key, allowed);
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
  throw new GivenError(field, 'a number (an integer, a decimal, or "p/q")', describe(raw));
}

export function readScalar(obj: RawObject, field: string): Fraction {
  if (obj[field] === undefined) throw new GivenError(field, 'a number', 'nothing (the field is missing)');
  return readExact(obj[field], field);
}

export function readVector(obj: RawObject, field: string, length?: number): Vec {
  const raw = obj[field];
  const want = length === undefined ? 'a list of numbers' : `a vector of ${length} numbers`;
  if (!Array.isArray(raw)) throw new GivenError(field, want, raw === undefined ? 'nothing (the field is missing)' : describe(raw));
  if (raw.length === 0 || (length !== undefined && raw.length !== length)) throw new GivenError(field, want, `${raw.length} numbers`);
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
  if (!Array.isArray(raw) || raw.length === 0) throw new GivenError(field, want, raw === undefined ? 'nothing (the field is missing)' : describe(raw));
  if (rows !== undefined && raw.length !== rows) throw new GivenError(field, want, `${raw.length} rows`);
  const width = cols ?? (Array.isArray(raw[0]) ? raw[0].length : -1);
  return raw.map((row, i) => {
    if (!Array.isArray(row)) throw new GivenError(`${field}[${i}]`, `a row of ${width} numbers`, describe(row));
    if (row.length !== width || width === 0) throw new GivenError(field, want, `row ${i} has ${row.length} number${row.length === 1 ? '' : 's'}${cols === undefined ? `, row 0 has ${width}` : ''}`);
    return row.map((x, j) => readExact(x, `${field}[${i}][${j}]`));
  });
}

export function readEnum<T extends string>(obj: RawObject, field: string, values: readonly T[]): T {
  const raw = obj[field];
  if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
  throw new GivenError(field, `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, raw === undefined ? 'nothing (the field is missing)' : describe(raw));
}

export function readBoolean(obj: RawObject, field: string): boolean {
  const raw = obj[field];
  if (typeof raw === 'boolean') return raw;
  throw new GivenError(field, 'true or false', raw === undefined ? 'nothing (the field is missing)' : describe(raw));
}

export function readPositiveInt(obj: RawObject, field: string, max = 10_000): number {
  const raw = obj[field];
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= max) return raw;
  throw new GivenError(field, `a whole number from 1 to ${max}`, raw === undefined ? 'nothing (the field is missing)' : describe(raw));
}

export function readStringList(obj: RawObject, field: string, length?: number): string[] {
  const raw = obj[field];
  const want = length === undefined ? 'a list of strings' : `a list of ${length} strings`;
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string' || s.trim() === '') || (length !== undefined && raw.length !== length))
    throw new GivenError(field, want, raw === undefined ? 'nothing (the field is missing)' : describe(raw));
  if (new Set(raw).size !== raw.length) throw new GivenError(field, `${want}, all different`, 'a repeated string');
  return raw as string[];
}

/** A list of input vectors (`xs`), each of length `d`. */
export function readSequence(obj: RawObject, field: string, d?: number): Vec[] {
  return readMatrix(obj, field, undefined, d);
}
