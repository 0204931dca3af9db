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

/** A secret kept in an environment variable or, failing that, in a file under `.rnnquiz/`. */
export interface StoredSecret {
  value: string;
  /** `env`, or the file it was read from or written to. */
  source: string;
  /** True when this call generated it. */
  created: boolean;
}

/**
 * Reads `envName`, else `.rnnquiz/<fileName>`; when neither exists, generates
 * 32 random bytes (hex) and stores them with mode 0600 (`wx`: never overwrites
 * one another process created meanwhile). Shared by the signing secret and the
 * instructor's admin token.
 * @example loadStoredSecret({ envName: 'RNNQUIZ_SECRET', fileName: 'secret', minLength: 16 }).value
 */
export function loadStoredSecret(spec: { envName: string; fileName: string; minLength: number; envRule?: (value: string) => string | null }, source: SecretSource = {}): StoredSecret {
  const env = source.env ?? process.env;
  const fromEnv = env[spec.envName];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < spec.minLength) throw new UsageError(`${spec.envName} is too short: use at least ${spec.minLength} characters`);
    const problem = spec.envRule?.(fromEnv);
    if (problem) throw new UsageError(`${spec.envName}: ${problem}`);
    return { value: fromEnv, source: 'env', created: false };
  }
  const dir = join(source.root ?? process.cwd(), SECRET_DIR);
  const file = join(dir, spec.fileName);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= spec.minLength) return { value: stored, source: file, created: false };
    throw new UsageError(`${file} holds fewer than ${spec.minLength} characters: delete it to generate a new one`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const value = randomBytes(32).toString('hex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadStoredSecret(spec, source);
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  chmodSync(file, 0o600);
  return { value, source: file, created: true };
}

/**
 * The signing secret: `RNNQUIZ_SECRET`, else `.rnnquiz/secret`, created when missing.
 * @example const secret = loadSecret({ root: process.cwd() })
 */
export function loadSecret(source: SecretSource = {}): string {
  return loadStoredSecret({ envName: SECRET_ENV, fileName: SECRET_FILE, minLength: MIN_SECRET_LENGTH }, source).value;
}
