/**
 * `rnnquiz scan` through the compiled CLI (dist/): a blank sheet is read but
 * cannot be placed (no student id: exit 1, said why); a manifest without
 * answer sheets, a missing scan and a garbled corrections file are usage
 * errors (exit 2) that name the file.
 */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rnnquiz } from '../cli/run.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rnnquiz-scan-cli-'));
  const built = rnnquiz(['build', 'test/scan/choice-bank.yaml', '--versions', '1', '--seed', '3', '--out', join(dir, 'choice'), '--no-online']);
  expect(built.status).toBe(0);
}, 120_000);

describe('rnnquiz scan (CLI)', () => {
  it('reads an unfilled sheet PDF, and says its pages have no student id (exit 1)', () => {
    const r = rnnquiz(['scan', join(dir, 'choice', 'V01-sheet.pdf'), '--manifest', join(dir, 'choice', 'manifest.json'), '--out', join(dir, 'a.csv')]);
    expect(r.stderr).toMatch(/read 2 of 2 pages/);
    expect(r.stderr).toMatch(/#1: the student id could not be read \(the grid is blank\)/);
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('student_id,version,field,answer\n');
  });

  it('refuses a manifest without answer sheets, a missing scan and a garbled corrections file (exit 2)', () => {
    const typed = join(dir, 'typed.json');
    const m = JSON.parse(readFileSync(join(dir, 'choice', 'manifest.json'), 'utf8')) as { versions: { sheet?: unknown }[] };
    for (const v of m.versions) delete v.sheet;
    writeFileSync(typed, JSON.stringify(m));
    const noSheets = rnnquiz(['scan', 'x.pdf', '--manifest', typed, '--out', join(dir, 'b.csv')]);
    expect(noSheets.status).toBe(2);
    expect(noSheets.stderr).toContain('no version has an answer sheet');
    const missing = rnnquiz(['scan', join(dir, 'nope.pdf'), '--manifest', join(dir, 'choice', 'manifest.json'), '--out', join(dir, 'b.csv')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the scan .*nope\.pdf: ENOENT/);
    writeFileSync(join(dir, 'bad.csv'), 'who,what\n1,2\n');
    const bad = rnnquiz(['scan', join(dir, 'choice', 'V01-sheet.pdf'), '--manifest', join(dir, 'choice', 'manifest.json'), '--out', join(dir, 'b.csv'), '--corrections', join(dir, 'bad.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('expected the columns source, field, answer');
  });
});
