/**
 * `rnnquiz build` from the command line (compiled dist/, worker threads): a
 * bad bank exits 2 with every error and writes nothing; a good one writes
 * every file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = 'dist/src/cli/main.js';
const env = { ...process.env, RNNQUIZ_SECRET: 'cli-test-secret-0123456789' };

describe('rnnquiz build (CLI)', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync('npx', ['tsc', '-p', '.'], { stdio: 'inherit' });
  }, 180_000);

  it('refuses a bad bank with exit 2, every error with its line and column, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-cli-'));
    const bank = join(dir, 'bad.yaml');
    writeFileSync(bank, 'course: X\ntitle: T\ndate: 2026-03-12\nitems:\n  - family: lstmm\n  - stem: Why?\n    choices: [a, b]\n    answer: c\n');
    const out = join(dir, 'out');
    const r = spawnSync('node', [CLI, 'build', bank, '--versions', '3', '--seed', '1', '--out', out], { encoding: 'utf8', env });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bank}:5:13: item 1 (lstmm), family: unknown family "lstmm": did you mean "lstm"?`);
    expect(r.stderr).toContain(`${bank}:8:13: item 2 (multiple choice), answer: expected one of the choices`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('builds 4 versions on worker threads into DIR, leaving other files alone; draws and records a seed; warns of a loopback link', () => {
    const out = mkdtempSync(join(tmpdir(), 'rnnquiz-cli-out-'));
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    const r = spawnSync('node', [CLI, 'build', 'question-banks/rnn-midterm.yaml', '--versions', '4', '--out', out, '--base-url', 'http://127.0.0.1:3000/'], { encoding: 'utf8', env });
    expect(r.stderr).toMatch(/built 4 versions/);
    expect(r.stderr).toMatch(/warning: the printed link http:\/\/127\.0\.0\.1:3000\/ points at this machine only/);
    const drawn = /drew seed (\S+)/.exec(r.stderr)?.[1];
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).seed).toBe(drawn);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'V01-exam.pdf',
      'V01-key.pdf',
      'V02-exam.pdf',
      'V02-key.pdf',
      'V03-exam.pdf',
      'V03-key.pdf',
      'V04-exam.pdf',
      'V04-key.pdf',
      'manifest.json',
      'notes.txt',
      'print-all.pdf',
    ]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { versions: { id: string; token: string }[]; meta: { baseUrl: string } };
    expect(manifest.meta.baseUrl).toBe('http://127.0.0.1:3000');
    expect(manifest.versions.map((v) => v.id)).toEqual(['V01', 'V02', 'V03', 'V04']);
  }, 120_000);

  it('rejects a bad --versions or --base-url with exit 2', () => {
    for (const args of [
      ['--versions', 'many'],
      ['--versions', '0'],
      ['--versions', '2', '--base-url', 'ftp://x'],
    ]) {
      const r = spawnSync('node', [CLI, 'build', 'question-banks/rnn-midterm.yaml', '--seed', '1', '--out', join(tmpdir(), 'never'), ...args], { encoding: 'utf8', env });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^rnnquiz: --(versions|base-url)/);
    }
  });
});
