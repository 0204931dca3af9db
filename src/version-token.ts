/**
 * Signed tokens: the `:token` of `GET /q/:token`. A **version token** opens
 * one version of an anonymous build (practice sets); a **student token**
 * (below) opens one roster student's exam.
 *
 * Version tokens: A token carries the bank and the version id in the
 * clear and an HMAC-SHA256 tag over both, keyed by the server secret
 * (src/secret.ts), so it cannot be forged or guessed from the seed.
 *
 * Form: `base64url("<bank>\n<versionId>") + "." + base64url(tag[0..12))`.
 * 96 bits of tag (as HMAC-SHA-256-96 in IPsec) keep the printed URL short and
 * are far beyond guessing; only the canonical encoding is accepted, so one
 * version has exactly one token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Bytes of the HMAC tag kept in the token. */
const TAG_BYTES = 12;
/** Domain separation: the same secret may sign other things later. */
const PURPOSE = 'rnnquiz/version-token/v1';

/**
 * The build id (drawn at random by every build, recorded in the manifest) is
 * signed but not carried: the server knows its own, so a token of another
 * build of the same bank fails the check. Manifests from before build ids
 * sign without one.
 */
function tag(secret: string, bank: string, versionId: string, buildId?: string): Buffer {
  const build = buildId === undefined ? '' : `\n${buildId}`;
  return createHmac('sha256', secret).update(`${PURPOSE}\n${bank}\n${versionId}${build}`).digest().subarray(0, TAG_BYTES);
}

/**
 * @example signVersionToken(secret, 'rnn-midterm', 'V07', buildId) // "cm5uLW1pZHRlcm0KVjA3.Xf3…"
 */
export function signVersionToken(secret: string, bank: string, versionId: string, buildId?: string): string {
  if (bank.includes('\n') || versionId.includes('\n')) throw new Error('bank and version id must not contain a newline');
  const payload = Buffer.from(`${bank}\n${versionId}`, 'utf8').toString('base64url');
  return `${payload}.${tag(secret, bank, versionId, buildId).toString('base64url')}`;
}

/**
 * The version (and bank) a token opens, or null when it is malformed or its tag
 * does not match (compared in constant time).
 * @example verifyVersionToken(secret, token) // { versionId: 'V07', bank: 'rnn-midterm' }
 */
export function verifyVersionToken(secret: string, token: string, buildId?: string): { versionId: string; bank: string } | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return null;
  const payloadBytes = Buffer.from(m[1] as string, 'base64url');
  const given = Buffer.from(m[2] as string, 'base64url');
  if (payloadBytes.toString('base64url') !== m[1] || given.toString('base64url') !== m[2]) return null;
  const payload = payloadBytes.toString('utf8');
  const cut = payload.indexOf('\n');
  if (cut < 0 || payload.indexOf('\n', cut + 1) >= 0) return null;
  const bank = payload.slice(0, cut);
  const versionId = payload.slice(cut + 1);
  const expected = tag(secret, bank, versionId, buildId);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { versionId, bank };
}

/** Domain separation from version tokens. */
const STUDENT_PURPOSE = 'rnnquiz/student-token/v1';

/** What a student token is signed over: the server looks all of it up from the student id it carries. */
export interface StudentTokenClaims {
  bank: string;
  /** The build's random id (manifest `buildId`): a token of another build is dead. */
  buildId: string;
  versionId: string;
  student: string;
  /** Bumped when the instructor re-issues the student's token; older generations are dead. */
  generation: number;
}

function studentTag(secret: string, c: StudentTokenClaims): Buffer {
  return createHmac('sha256', secret).update(`${STUDENT_PURPOSE}\n${c.bank}\n${c.buildId}\n${c.versionId}\n${c.student}\n${c.generation}`).digest().subarray(0, TAG_BYTES);
}

/**
 * A roster student's own token: `base64url(student) "." generation "." base64url(tag)`,
 * three parts, so it is never mistaken for a version token (two parts). Only
 * the student id and the generation travel; the bank, build and version are
 * the server's own and enter the tag only.
 * @example signStudentToken(secret, { bank: 'rnn-midterm', buildId, versionId: 'V03', student: 's1042', generation: 0 }) // "czEwNDI.0.Q2x…"
 */
export function signStudentToken(secret: string, c: StudentTokenClaims): string {
  if (!Number.isInteger(c.generation) || c.generation < 0) throw new Error('token generation must be a whole number ≥ 0');
  for (const v of [c.bank, c.buildId, c.versionId, c.student]) if (v.includes('\n')) throw new Error('token claims must not contain a newline');
  return `${Buffer.from(c.student, 'utf8').toString('base64url')}.${c.generation}.${studentTag(secret, c).toString('base64url')}`;
}

/**
 * The student id and generation a student token claims, before any check (null when it is not of that form).
 * Only canonical encodings pass, so one student and generation have exactly one token.
 */
export function readStudentToken(token: string): { student: string; generation: number } | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const m = /^([A-Za-z0-9_-]+)\.(0|[1-9]\d{0,5})\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return null;
  const studentBytes = Buffer.from(m[1] as string, 'base64url');
  if (studentBytes.toString('base64url') !== m[1]) return null;
  return { student: studentBytes.toString('utf8'), generation: Number(m[2]) };
}

/**
 * True when `token` is exactly the token of these claims (constant-time compare of the tag).
 * The caller supplies the claims from its manifest and store (the student's version, the live generation).
 * @example verifyStudentToken(secret, token, { bank, buildId, versionId: 'V03', student: 's1042', generation: 0 })
 */
export function verifyStudentToken(secret: string, token: string, c: StudentTokenClaims): boolean {
  const read = readStudentToken(token);
  if (!read || read.student !== c.student || read.generation !== c.generation) return false;
  const given = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url');
  const expected = studentTag(secret, c);
  return given.length === expected.length && given.toString('base64url') === token.slice(token.lastIndexOf('.') + 1) && timingSafeEqual(given, expected);
}
