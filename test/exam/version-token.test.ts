import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStudentToken, signStudentToken, signVersionToken, verifyStudentToken, verifyVersionToken } from '../../src/version-token.js';
import { loadSecret } from '../../src/secret.js';

const SECRET = 'a-test-secret-of-some-length';

describe('version tokens', () => {
  const token = signVersionToken(SECRET, 'rnn-midterm', 'V07');

  it('open the version they were signed for', () => {
    expect(verifyVersionToken(SECRET, token)).toEqual({ versionId: 'V07', bank: 'rnn-midterm' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}$/);
  });

  it('are refused when tampered with, signed with another secret, or malformed', () => {
    const [payload, tag] = token.split('.') as [string, string];
    const other = Buffer.from('rnn-midterm\nV08').toString('base64url');
    expect(verifyVersionToken(SECRET, `${other}.${tag}`)).toBeNull();
    expect(verifyVersionToken(SECRET, `${payload}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(verifyVersionToken('another-secret-entirely', token)).toBeNull();
    for (const bad of ['', 'abc', `${payload}.`, `.${tag}`, `${payload}.${tag}.x`, 'a'.repeat(600)]) expect(verifyVersionToken(SECRET, bad)).toBeNull();
  });

  it('differ per version and per secret, and do not contain the seed', () => {
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
  const claims = { bank: 'rnn-midterm', buildId: 'build-aaaa', versionId: 'V03', student: 's1042', generation: 0 };
  const own = signStudentToken(SECRET, claims);

  it('carry the student id and generation, and verify against exactly the claims they were signed for', () => {
    expect(own).toMatch(/^czEwNDI\.0\.[A-Za-z0-9_-]{16}$/); // base64url('s1042') = czEwNDI
    expect(readStudentToken(own)).toEqual({ student: 's1042', generation: 0 });
    expect(verifyStudentToken(SECRET, own, claims)).toBe(true);
  });

  it('fail for another build, version, student, generation, bank or secret', () => {
    for (const change of [{ buildId: 'build-bbbb' }, { versionId: 'V04' }, { student: 's1043' }, { generation: 1 }, { bank: 'rnn-final' }]) {
      expect(verifyStudentToken(SECRET, own, { ...claims, ...change }), JSON.stringify(change)).toBe(false);
    }
    expect(verifyStudentToken('another-secret-entirely', own, claims)).toBe(false);
  });

  it('are refused when tampered with or malformed, and are never read as version tokens', () => {
    const [id, gen, tag] = own.split('.') as [string, string, string];
    const reissued = signStudentToken(SECRET, { ...claims, generation: 1 });
    expect(reissued).not.toBe(own);
    expect(verifyStudentToken(SECRET, `${id}.1.${tag}`, { ...claims, generation: 1 })).toBe(false); // the generation is signed
    expect(verifyStudentToken(SECRET, `${id}.${gen}.${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`, claims)).toBe(false);
    for (const bad of ['', `${id}.${tag}`, `${id}.01.${tag}`, `${id}.-1.${tag}`, `${id}=.0.${tag}`, 'a'.repeat(600)]) expect(readStudentToken(bad), bad).toBeNull();
    expect(verifyVersionToken(SECRET, own)).toBeNull();
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
