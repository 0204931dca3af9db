/**
 * Command-line plumbing shared by every command: reading a file or stdin,
 * printing JSON, and turning user errors into a message and exit code 2
 * (never a stack trace).
 */
import { isUserError, UsageError } from '../core/errors.js';

export { readInput, readJson } from '../io/json-file.js';

/**
 * JSON for people: objects indented, but a vector or a matrix of plain values
 * on one line (`"U": [[2, 0], [1, 2]]`), as the SPEC's examples write them.
 * @example formatJson({ h1: [4, 0] }) // '{\n  "h1": [4, 0]\n}'
 */
export function formatJson(value: unknown, indent = ''): string {
  const flatArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object')));
  const line = (v: unknown): string => (Array.isArray(v) ? `[${v.map(line).join(', ')}]` : (JSON.stringify(v) ?? 'null'));
  if (flatArray(value)) return line(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${formatJson(value)}\n`);
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
