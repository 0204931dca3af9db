/**
 * `rnnquiz check` end to end (the built CLI, worker threads): the default
 * bank passes and every item is reported; a bank written to fail exits 1 and
 * names each problem; the HTML and JSON reports hold what a reader needs.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rnnquiz } from '../cli/run.js';
import type { CheckReport } from '../../src/check/run.js';

const DEFAULT_BANK = 'question-banks/rnn-midterm.yaml';
const FAILING_BANK = 'test/check/fixtures/failing-bank.yaml';

describe('rnnquiz check', () => {
  it('passes the default bank, reports every item as JSON and writes the HTML report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-check-'));
    const html = join(dir, 'check.html');
    const r = rnnquiz(['check', DEFAULT_BANK, '--variants', '120', '--versions', '6', '--json', '--report', html]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => i.id)).toEqual([
      'classwork',
      'simple-rnn',
      'birnn',
      'classify',
      'lstm',
      'gru',
      'vanishing',
      'parameters',
      'architecture',
      'history',
      'drawbacks',
      'gates',
      'vanishing-concept',
      'tagging',
    ]);
    const classwork = report.items[0];
    expect(classwork?.variants).toBe(1);
    expect(classwork?.work.median).toBe(24); // counted by hand in work.test.ts
    const lstm = report.items.find((i) => i.id === 'lstm');
    expect(lstm?.variants).toBe(120);
    expect(lstm?.distinct.count).toBe(120);
    expect(lstm?.versions).toHaveLength(6);
    // Every planned version lies in the band the report states.
    for (const v of lstm?.versions ?? []) expect(v.work).toBeGreaterThanOrEqual(lstm?.work.band?.low ?? Infinity);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('rnn-midterm: check report');
    expect(page).toContain('class="plot"');
    expect(page.match(/<details/g)).toHaveLength(14);
  }, 180_000);

  it('exits 1 on a bank written to fail and names each problem', () => {
    const r = rnnquiz(['check', FAILING_BANK, '--variants', '30', '--versions', '0']);
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    const verdict = (id: string) => lines.find((l) => new RegExp(`^\\S+\\s+${id}\\s`).test(l));
    expect(verdict('impossible')).toMatch(/^FAIL/);
    expect(verdict('always-first')).toMatch(/^FAIL/);
    expect(verdict('twin-weights')).toMatch(/^FAIL/);
    expect(verdict('fine')).toMatch(/^ok/);
    expect(r.stdout).toMatch(/problem: cannot be generated in 3 of 3 variants \(stopped early\).*y\d has \|-?\d+\| > 50/);
    expect(r.stdout).toMatch(/problem: choice is "The forget gate" \(index 0\) in 100 % of variants/);
    expect(r.stdout).toMatch(/problem: mistake swapped-UW gives the key's answer in every field it changes in 1 of 1 variants/);
    expect(r.stdout).toMatch(/3 of 4 items fail/);
  }, 180_000);

  it('is a usage error (exit 2) for a bad --variants or a missing bank', () => {
    expect(rnnquiz(['check', DEFAULT_BANK, '--variants', 'many']).status).toBe(2);
    const missing = rnnquiz(['check', 'no-such-bank.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the bank no-such-bank.yaml/);
  });
});
