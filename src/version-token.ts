/**
 * Signed version tokens: the `:token` of `GET /q/:token` that opens one
 * version of one exam. A token carries the bank and the version id in the
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

function tag(secret: string, bank: string, versionId: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${bank}\n${versionId}`).digest().subarray(0, TAG_BYTES);
}

/**
 * @example signVersionToken(secret, 'rnn-midterm', 'V07') // "cm5uLW1pZHRlcm0KVjA3.Xf3…"
 */
export function signVersionToken(secret: string, bank: string, versionId: string): string {
  if (bank.includes('\n') || versionId.includes('\n')) throw new Error('bank and version id must not contain a newline');
  const payload = Buffer.from(`${bank}\n${versionId}`, 'utf8').toString('base64url');
  return `${payload}.${tag(secret, bank, versionId).toString('base64url')}`;
}

/**
 * The version (and bank) a token opens, or null when it is malformed or its tag
 * does not match (compared in constant time).
 * @example verifyVersionToken(secret, token) // { versionId: 'V07', bank: 'rnn-midterm' }
 */
export function verifyVersionToken(secret: string, token: string): { versionId: string; bank: string } | null {
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
  const expected = tag(secret, bank, versionId);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { versionId, bank };
}
