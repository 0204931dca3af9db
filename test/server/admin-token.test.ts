/**
 * The instructor's bearer token (server/admin-token.ts): generated once into
 * `.rnnquiz/admin-token` (mode 0600) and read back on later starts, or taken
 * from RNNQUIZ_ADMIN_TOKEN when that is long and printable enough to travel
 * in an HTTP header.
 */
import { readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { ADMIN_TOKEN_ENV, ADMIN_TOKEN_FILE, loadAdminToken, MIN_ADMIN_TOKEN_LENGTH } from '../../server/admin-token.js';
import { tempDir } from './fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/admin-token.js'));

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function root(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

describe('loadAdminToken', () => {
  it('has the documented names and minimum', () => {
    expect([ADMIN_TOKEN_ENV, ADMIN_TOKEN_FILE, MIN_ADMIN_TOKEN_LENGTH]).toEqual(['RNNQUIZ_ADMIN_TOKEN', 'admin-token', 16]);
  });

  it('generates 32 random bytes in hex once, kept with mode 0600, then reads them back', () => {
    vi.stubEnv(ADMIN_TOKEN_ENV, ''); // an empty variable counts as unset
    const dir = root();
    const file = join(dir, '.rnnquiz', 'admin-token');
    const first = loadAdminToken({ root: dir });
    expect(first.token).toMatch(/^[0-9a-f]{64}$/);
    expect(first).toEqual({ token: first.token, source: file, created: true });
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.rnnquiz')).mode & 0o777).toBe(0o700);
    expect(loadAdminToken({ root: dir })).toEqual({ token: first.token, source: file, created: false });
    // Another folder, another token.
    expect(loadAdminToken({ root: root() }).token).not.toBe(first.token);
  });

  it('reads the environment it is given before process.env', () => {
    vi.stubEnv(ADMIN_TOKEN_ENV, 'from-process-env-0123');
    const dir = root();
    expect(loadAdminToken({ root: dir })).toEqual({ token: 'from-process-env-0123', source: 'env', created: false });
    expect(loadAdminToken({ root: dir, env: { [ADMIN_TOKEN_ENV]: 'from-given-env-0123' } }).token).toBe('from-given-env-0123');
    expect(existsSync(join(dir, '.rnnquiz'))).toBe(false); // nothing generated
  });

  it.each([
    ['16 printable characters', 'abcdefghijklmnop'],
    ['"!" and "~", the ends of printable ASCII', '!~!~!~!~!~!~!~!~'],
    ['a long token with symbols', 'Zx9-_.~+/=@#$%^&*()[]{}'],
  ])('accepts %s', (_name, token) => {
    expect(loadAdminToken({ root: root(), env: { RNNQUIZ_ADMIN_TOKEN: token } })).toEqual({ token, source: 'env', created: false });
  });

  it.each([
    ['15 characters', 'abcdefghijklmno', 'RNNQUIZ_ADMIN_TOKEN is too short: use at least 16 characters'],
    ['a space', 'abcdefgh ijklmnop', 'RNNQUIZ_ADMIN_TOKEN: use printable characters without spaces'],
    ['a tab', 'abcdefgh\tijklmnop', 'RNNQUIZ_ADMIN_TOKEN: use printable characters without spaces'],
    ['DEL', 'abcdefgh\x7fijklmnop', 'RNNQUIZ_ADMIN_TOKEN: use printable characters without spaces'],
    ['a letter outside ASCII', 'abcdefghéijklmnop', 'RNNQUIZ_ADMIN_TOKEN: use printable characters without spaces'],
  ])('refuses a token with %s', (_name, token, message) => {
    const dir = root();
    expect(() => loadAdminToken({ root: dir, env: { RNNQUIZ_ADMIN_TOKEN: token } })).toThrow(new UsageError(message));
    expect(() => loadAdminToken({ root: dir, env: { RNNQUIZ_ADMIN_TOKEN: token } })).toThrow(UsageError);
  });

  it('refuses a kept token that is too short', () => {
    const dir = root();
    mkdirSync(join(dir, '.rnnquiz'));
    const file = join(dir, '.rnnquiz', 'admin-token');
    writeFileSync(file, 'short\n');
    expect(() => loadAdminToken({ root: dir, env: {} })).toThrow(`${file} holds fewer than 16 characters: delete it to generate a new one`);
  });
});
