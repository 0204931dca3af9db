/**
 * The server-side secret that signs version tokens (SPEC §6: a variant is
 * reached by a signed token, never by a guessable seed). It comes from
 * `RNNQUIZ_SECRET`, or is generated on first use and kept in
 * `.rnnquiz/secret` (mode 0600; `.rnnquiz/` is git-ignored) so that a build
 * and a later `serve` in the same folder agree.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './core/errors.js';

export const SECRET_ENV = 'RNNQUIZ_SECRET';
export const SECRET_DIR = '.rnnquiz';
export const SECRET_FILE = 'secret';
/** A secret shorter than this is refused: it could be guessed. */
export const MIN_SECRET_LENGTH = 16;

export interface SecretSource {
  /** Environment to read `RNNQUIZ_SECRET` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Folder that holds `.rnnquiz/` (default the working directory). */
  root?: string;
}

/**
 * The signing secret: `RNNQUIZ_SECRET`, else `.rnnquiz/secret`, created with
 * 32 random bytes (hex) and mode 0600 when it does not exist yet.
 * @example const secret = loadSecret({ root: process.cwd() })
 */
export function loadSecret(source: SecretSource = {}): string {
  const env = source.env ?? process.env;
  const fromEnv = env[SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) throw new UsageError(`${SECRET_ENV} is too short: use at least ${MIN_SECRET_LENGTH} characters`);
    return fromEnv;
  }
  const dir = join(source.root ?? process.cwd(), SECRET_DIR);
  const file = join(dir, SECRET_FILE);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // `wx` never overwrites a secret another process created meanwhile.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadSecret(source);
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  chmodSync(file, 0o600);
  return secret;
}
