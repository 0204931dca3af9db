/**
 * Reading a text or JSON file (or standard input for `-`) with a user-facing
 * error. Shared by the command line (src/cli) and the server (server/), which
 * must not import from src/cli: the CLI sits on top of the server, not under it.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/**
 * Reads a file, or standard input for `-`; a UsageError names the file and the reason.
 * @example readInput('out/manifest.json')
 */
export function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path === '-' ? 'standard input' : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Reads and parses a JSON file; a UsageError names the file when it is not JSON.
 * @example readJson('out/manifest.json')
 */
export function readJson(path: string): unknown {
  const text = readInput(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path === '-' ? 'standard input' : path} is not valid JSON: ${(e as Error).message}`);
  }
}
