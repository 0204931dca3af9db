import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signVersionToken, verifyVersionToken } from '../../src/version-token.js';
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
