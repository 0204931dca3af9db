/**
 * Command-line plumbing shared by every command: reading a file or stdin,
 * printing JSON, and turning user errors into a message and exit code 2
 * (never a stack trace).
 */
import { readFileSync } from 'node:fs';
import { isUserError, UsageError } from '../core/errors.js';

/** Reads a file, or standard input for `-`. */
export function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function readJson(path: string): unknown {
  const text = readInput(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path === '-' ? 'standard input' : path} is not valid JSON: ${(e as Error).message}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs a command body; a user error prints `rnnquiz: message` and exits 2. */
export async function runCommand(body: () => void | Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (isUserError(e) || (e instanceof Error && e.name === 'UsageError')) {
      process.stderr.write(`rnnquiz: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}

/** Parses repeated `--set key=value`. */
export function parseSets(sets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of sets) {
    const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(s);
    if (!m) throw new UsageError(`--set ${s}: expected key=value`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}
