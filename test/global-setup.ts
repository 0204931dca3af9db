/**
 * Vitest global setup. Scratch space: every test's temporary folder (and the
 * CLIs, servers and browsers the tests start) goes under one folder made here,
 * set as TMPDIR before the test workers start, and removed when the run ends,
 * so no test leaves folders in /tmp whether it passes, fails or forgets.
 *
 * Build: the CLI, server and writer-thread tests run the compiled
 * dist/, so it is rebuilt (`tsc -p tsconfig.json`, once per run) whenever a
 * source or the build config is newer than the last build. A stale dist/ can
 * then never pass a test the sources would fail; an up-to-date one costs a stat
 * of each source.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// tsc rewrites every output on each build, so the CLI entry's time is the last build's (npm's prepare included).
const BUILT = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SOURCES = ['src', 'server', 'tsconfig.json', 'package.json'];

/** Newest modification time under `path` (a file or a folder, walked). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), stat.mtimeMs);
}

/** Runs `tsc -p tsconfig.json` when a source is newer than the last build. */
function buildIfStale(): void {
  const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  const changed = Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
  if (built > changed) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
}

export default function setup(): () => void {
  // Vitest runs a global setup once per project (vitest.config.ts has two): the first makes the
  // scratch folder, the others find it. Nesting one in another made paths too long for Chromium's socket.
  if (process.env.RNNQUIZ_SCRATCH !== undefined) return () => undefined;
  buildIfStale();
  const scratch = mkdtempSync(join(tmpdir(), 'rnnquiz-test-'));
  process.env.TMPDIR = scratch;
  process.env.RNNQUIZ_SCRATCH = scratch;
  return () => {
    rmSync(scratch, { recursive: true, force: true });
    delete process.env.RNNQUIZ_SCRATCH;
  };
}
