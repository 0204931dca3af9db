import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readStudentToken, signStudentToken, signVersionToken, verifyStudentToken, verifyVersionToken } from '../../src/version-token.js';
import { loadSecret } from '../../src/secret.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/version-token.js'));

const SECRET = 'a-test-secret-of-some-length';

// Fixtures are made inside each test, never while the file is collected: a value computed at
// collection cannot change when StrykerJS switches a mutant on, so it could not catch one.
const v07 = () => signVersionToken(SECRET, 'rnn-midterm', 'V07');
const s1042 = { bank: 'rnn-midterm', buildId: 'build-aaaa', versionId: 'V03', student: 's1042', generation: 0 };

/** The documented tag, computed here without the module: HMAC-SHA256 over purpose, claims, 12 bytes, base64url. */
function expectedTag(lines: readonly (string | number)[]): string {
  return createHmac('sha256', SECRET).update(lines.join('\n')).digest().subarray(0, 12).toString('base64url');
}
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** The same bytes in a non-canonical spelling: the last character's unused low bit flipped. */
function respelt(encoded: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(encoded.at(-1)!);
  return encoded.slice(0, -1) + alphabet[last ^ 1];
}

describe('version tokens', () => {
  it('open the version they were signed for', () => {
    const token = v07();
    expect(verifyVersionToken(SECRET, token)).toEqual({ versionId: 'V07', bank: 'rnn-midterm' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}$/);
  });

  it('are refused when tampered with, signed with another secret, or malformed', () => {
    const token = v07();
    const [payload, tag] = token.split('.') as [string, string];
    const other = Buffer.from('rnn-midterm\nV08').toString('base64url');
    expect(verifyVersionToken(SECRET, `${other}.${tag}`)).toBeNull();
    expect(verifyVersionToken(SECRET, `${payload}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(verifyVersionToken('another-secret-entirely', token)).toBeNull();
    for (const bad of ['', 'abc', `${payload}.`, `.${tag}`, `${payload}.${tag}.x`, 'a'.repeat(600)]) expect(verifyVersionToken(SECRET, bad)).toBeNull();
  });

  it('differ per version and per secret, and do not contain the seed', () => {
    const token = v07();
    expect(signVersionToken(SECRET, 'rnn-midterm', 'V08')).not.toBe(token);
    expect(signVersionToken('another-secret-entirely', 'rnn-midterm', 'V07')).not.toBe(token);
    expect(token).not.toContain('2026');
  });
});

describe('version tokens of a build with a build id', () => {
  it('open that build only: the id is signed, not carried', () => {
    const token = signVersionToken(SECRET, 'rnn-midterm', 'V07');
    const a = signVersionToken(SECRET, 'rnn-midterm', 'V07', 'build-aaaa');
    expect(a.split('.')[0]).toBe(token.split('.')[0]); // same payload as before build ids: bank and version
    expect(verifyVersionToken(SECRET, a, 'build-aaaa')).toEqual({ versionId: 'V07', bank: 'rnn-midterm' });
    expect(verifyVersionToken(SECRET, a, 'build-bbbb')).toBeNull();
    expect(verifyVersionToken(SECRET, a)).toBeNull();
    expect(verifyVersionToken(SECRET, token, 'build-aaaa')).toBeNull();
  });
});

describe('student tokens', () => {
  const claims = s1042;
  const signed = () => signStudentToken(SECRET, claims);

  it('carry the student id and generation, and verify against exactly the claims they were signed for', () => {
    const own = signed();
    expect(own).toMatch(/^czEwNDI\.0\.[A-Za-z0-9_-]{16}$/); // base64url('s1042') = czEwNDI
    expect(readStudentToken(own)).toEqual({ student: 's1042', generation: 0 });
    expect(verifyStudentToken(SECRET, own, claims)).toBe(true);
  });

  it('fail for another build, version, student, generation, bank or secret', () => {
    const own = signed();
    for (const change of [{ buildId: 'build-bbbb' }, { versionId: 'V04' }, { student: 's1043' }, { generation: 1 }, { bank: 'rnn-final' }]) {
      expect(verifyStudentToken(SECRET, own, { ...claims, ...change }), JSON.stringify(change)).toBe(false);
    }
    expect(verifyStudentToken('another-secret-entirely', own, claims)).toBe(false);
  });

  it('are refused when tampered with or malformed, and are never read as version tokens', () => {
    const own = signed();
    const [id, gen, tag] = own.split('.') as [string, string, string];
    const reissued = signStudentToken(SECRET, { ...claims, generation: 1 });
    expect(reissued).not.toBe(own);
    expect(verifyStudentToken(SECRET, `${id}.1.${tag}`, { ...claims, generation: 1 })).toBe(false); // the generation is signed
    expect(verifyStudentToken(SECRET, `${id}.${gen}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`, claims)).toBe(false);
    for (const bad of ['', `${id}.${tag}`, `${id}.01.${tag}`, `${id}.-1.${tag}`, `${id}=.0.${tag}`, 'a'.repeat(600)]) expect(readStudentToken(bad), bad).toBeNull();
    expect(verifyVersionToken(SECRET, own)).toBeNull();
  });
});

describe('token format, byte for byte', () => {
  it('a version token is base64url(bank \\n version) . the first 12 bytes of HMAC-SHA256(purpose \\n bank \\n version [\\n build])', () => {
    expect(v07()).toBe(`${b64('rnn-midterm\nV07')}.${expectedTag(['rnnquiz/version-token/v1', 'rnn-midterm', 'V07'])}`);
    expect(signVersionToken(SECRET, 'b', 'V1', 'build-1')).toBe(`${b64('b\nV1')}.${expectedTag(['rnnquiz/version-token/v1', 'b', 'V1', 'build-1'])}`);
  });

  it('a student token is base64url(student) . generation . the first 12 bytes of HMAC-SHA256(purpose and every claim)', () => {
    const claims = { ...s1042, generation: 12 };
    expect(signStudentToken(SECRET, claims)).toBe(`czEwNDI.12.${expectedTag(['rnnquiz/student-token/v1', 'rnn-midterm', 'build-aaaa', 'V03', 's1042', 12])}`);
  });

  it('refuses to sign claims a token could not carry, saying why', () => {
    expect(() => signVersionToken(SECRET, 'rnn\nmidterm', 'V07')).toThrow('bank and version id must not contain a newline');
    expect(() => signVersionToken(SECRET, 'rnn-midterm', 'V\n07')).toThrow('bank and version id must not contain a newline');
    for (const generation of [-1, 1.5, Number.NaN]) expect(() => signStudentToken(SECRET, { ...s1042, generation })).toThrow('token generation must be a whole number ≥ 0');
    for (const key of ['bank', 'buildId', 'versionId', 'student'] as const) expect(() => signStudentToken(SECRET, { ...s1042, [key]: 'a\nb' }), key).toThrow('token claims must not contain a newline');
  });

  it('opens a version token of up to 512 characters and refuses a longer one, even when its tag is right', () => {
    // A bank name long enough for the token to be exactly 512 characters: 20 + 1 + 16 … the payload grows 4 characters per 3 bytes.
    const sized = (length: number) => signVersionToken(SECRET, 'b'.repeat(length), 'V07');
    const at512 = Array.from({ length: 400 }, (_, n) => n).find((n) => sized(n).length === 512)!;
    expect(sized(at512)).toHaveLength(512);
    expect(verifyVersionToken(SECRET, sized(at512))).toEqual({ bank: 'b'.repeat(at512), versionId: 'V07' });
    const longer = sized(at512 + 3);
    expect(longer.length).toBeGreaterThan(512);
    expect(verifyVersionToken(SECRET, longer)).toBeNull();
  });

  it('refuses text around a version token, a spelling that is not canonical, and a tag of another length without throwing', () => {
    const token = signVersionToken(SECRET, 'rnn-midterm', 'V7'); // 14 bytes: the payload's last character has unused bits
    const [payload, tag] = token.split('.') as [string, string];
    expect(verifyVersionToken(SECRET, token)).toEqual({ bank: 'rnn-midterm', versionId: 'V7' });
    expect(verifyVersionToken(SECRET, `!${token}`)).toBeNull();
    // From JavaScript a token may arrive as anything: an array would print as the token itself.
    expect(verifyVersionToken(SECRET, [token] as unknown as string)).toBeNull();
    expect(readStudentToken([signStudentToken(SECRET, s1042)] as unknown as string)).toBeNull();
    expect(verifyVersionToken(SECRET, `${token}!`)).toBeNull();
    expect(Buffer.from(respelt(payload), 'base64url')).toEqual(Buffer.from(payload, 'base64url'));
    expect(verifyVersionToken(SECRET, `${respelt(payload)}.${tag}`)).toBeNull();
    expect(verifyVersionToken(SECRET, `${payload}.${tag}A`)).toBeNull(); // 17 characters decode to the same 12 bytes
    expect(verifyVersionToken(SECRET, `${payload}.${tag.slice(0, 11)}`)).toBeNull(); // 8 bytes: no compare of unequal lengths
  });

  it('refuses a payload without exactly one newline, even with the tag of its reading', () => {
    expect(verifyVersionToken(SECRET, `${b64('abc')}.${expectedTag(['rnnquiz/version-token/v1', 'ab', 'abc'])}`)).toBeNull();
    expect(verifyVersionToken(SECRET, `${b64('a\nb\nc')}.${expectedTag(['rnnquiz/version-token/v1', 'a', 'b\nc'])}`)).toBeNull();
    expect(verifyVersionToken(SECRET, `${b64('\nV07')}.${expectedTag(['rnnquiz/version-token/v1', '', 'V07'])}`)).toEqual({ bank: '', versionId: 'V07' });
  });

  it('reads a student token of generation up to 999999 and of at most 512 characters, canonical and whole', () => {
    const tag = 'A'.repeat(16);
    expect(readStudentToken(`czEwNDI.999999.${tag}`)).toEqual({ student: 's1042', generation: 999999 });
    expect(readStudentToken(`czEwNDI.1234567.${tag}`)).toBeNull();
    expect(readStudentToken(`czEwNDI.1x.${tag}`)).toBeNull();
    expect(readStudentToken(`!czEwNDI.0.${tag}`)).toBeNull();
    expect(readStudentToken(`czEwNDI.0.${tag}!`)).toBeNull();
    expect(readStudentToken(`${respelt('czEwNDI')}.0.${tag}`)).toBeNull();
    const id = 'a'.repeat(492); // canonical base64url; 492 + '.10.' + 16 = 512 characters
    expect(readStudentToken(`${id}.10.${tag}`)?.generation).toBe(10);
    expect(readStudentToken(`${id}.100.${tag}`)).toBeNull(); // 513
  });

  it('verifies a student token only with its own tag, canonical and whole', () => {
    const own = signStudentToken(SECRET, s1042);
    const tag = own.split('.')[2]!;
    expect(verifyStudentToken(SECRET, own, s1042)).toBe(true);
    expect(verifyStudentToken(SECRET, `${own}A`, s1042)).toBe(false); // 17 characters, the same 12 bytes
    const short = Buffer.from(tag, 'base64url').subarray(0, 8).toString('base64url'); // canonical, 8 bytes
    expect(verifyStudentToken(SECRET, `czEwNDI.0.${short}`, s1042)).toBe(false); // and no compare of unequal lengths
    // The carried id and generation must be the claims' own, even beside the claims' right tag.
    expect(verifyStudentToken(SECRET, `${b64('s1043')}.0.${tag}`, s1042)).toBe(false);
    const second = signStudentToken(SECRET, { ...s1042, generation: 1 }).split('.')[2]!;
    expect(verifyStudentToken(SECRET, `czEwNDI.0.${second}`, { ...s1042, generation: 1 })).toBe(false);
    expect(verifyStudentToken(SECRET, `czEwNDI.1.${second}`, { ...s1042, generation: 1 })).toBe(true);
    expect(verifyStudentToken(SECRET, own, { ...s1042, generation: 1 })).toBe(false);
    expect(verifyStudentToken(SECRET, own, { ...s1042, student: 's1043' })).toBe(false);
    expect(verifyStudentToken(SECRET, 'not a token', s1042)).toBe(false);
  });
});

describe('the signing secret', () => {
  it('comes from RNNQUIZ_SECRET when set', () => {
    expect(loadSecret({ env: { RNNQUIZ_SECRET: 'x'.repeat(20) }, root: '/nonexistent' })).toBe('x'.repeat(20));
    expect(() => loadSecret({ env: { RNNQUIZ_SECRET: 'short' } })).toThrow(/too short/);
  });

  it('is generated once into .rnnquiz/secret with mode 0600 and then reused', () => {
    const root = mkdtempSync(join(tmpdir(), 'rnnquiz-secret-'));
    const first = loadSecret({ env: {}, root });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSecret({ env: {}, root })).toBe(first);
    const file = join(root, '.rnnquiz', 'secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
