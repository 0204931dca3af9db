/**
 * Input validation for submissions, by hand rather than by schema so that
 * each message names the field exactly as the client sent it (`answers.p3.h2`)
 * and so that keys such as `__proto__` are refused before anything copies
 * them. Objects returned are fresh, built from own keys only.
 */
import type { ManifestVersion } from '../src/manifest.js';
import { validateResponseKeys } from '../src/grading/index.js';
import { HttpError } from './errors.js';

/** Longest answer accepted on the wire; the grader reads at most 500 characters and says so for longer ones. */
export const MAX_ANSWER_CHARS = 2000;
export const MAX_TOKEN_CHARS = 512;
/** A student id: letters, digits, space and `. _ @ -`, at most 64 characters. */
export const STUDENT_PATTERN = /^[\p{L}\p{N} ._@-]{0,64}$/u;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function bad(message: string): HttpError {
  return new HttpError(400, message);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Rejects prototype-polluting keys anywhere in an object's own keys. */
function checkKeys(obj: Record<string, unknown>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(key)) throw bad(`${where}${key}: this field name is not allowed`);
  }
}

/** The student id, trimmed; '' when absent. */
export function readStudent(raw: unknown, where = 'student'): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') throw bad(`${where}: expected a string`);
  const s = raw.trim();
  if (!STUDENT_PATTERN.test(s)) throw bad(`${where}: expected at most 64 letters, digits, spaces or . _ @ -`);
  return s;
}

/**
 * Reads the answers object: every key a known field of the version
 * (`p{N}.{name}`), every value a string.
 * @example readAnswers({ 'p1.h1': '[4, 0]' }, version) // { 'p1.h1': '[4, 0]' }
 */
export function readAnswers(raw: unknown, version: ManifestVersion, where = 'answers'): Record<string, string> {
  if (!isPlainObject(raw)) throw bad(`${where}: expected an object like { "p1.h1": "[4, 0]" }`);
  checkKeys(raw, `${where}.`);
  const unknown = validateResponseKeys(version.problems, raw)[0];
  if (unknown !== undefined) throw bad(`${where}.${unknown.slice(0, 64)}: unknown answer field (fields are named like p1.h1)`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw bad(`${where}.${key}: expected a string (write a vector as "[7, 5]")`);
    if (value.length > MAX_ANSWER_CHARS) throw bad(`${where}.${key}: longer than ${MAX_ANSWER_CHARS} characters`);
    out[key] = value;
  }
  return out;
}

/** The shape of a submission body, before the token is resolved: `{ token, answers, student? }`. */
export function readSubmissionEnvelope(body: unknown): { token: string; answers: unknown; student: string } {
  if (!isPlainObject(body)) throw bad('body: expected a JSON object { "token", "answers" }');
  checkKeys(body, '');
  for (const key of Object.keys(body)) {
    if (key !== 'token' && key !== 'answers' && key !== 'student') throw bad(`${key.slice(0, 64)}: unknown field (expected token, answers and optionally student)`);
  }
  if (typeof body.token !== 'string' || body.token === '') throw bad('token: expected a string');
  if (body.token.length > MAX_TOKEN_CHARS) throw bad(`token: longer than ${MAX_TOKEN_CHARS} characters`);
  if (body.answers === undefined) throw bad('answers: missing');
  return { token: body.token, answers: body.answers, student: readStudent(body.student) };
}

/**
 * A urlencoded form body as a flat map, refusing repeated and forbidden names.
 * Parsed with URLSearchParams (no nesting: `p3.h2` stays one name).
 */
export function parseFormBody(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (FORBIDDEN_KEYS.has(key)) throw bad(`${key}: this field name is not allowed`);
    if (Object.hasOwn(out, key)) throw bad(`${key.slice(0, 64)}: sent twice`);
    out[key] = value;
  }
  return out;
}
