/** `rnnquiz grade` end to end on the built CLI: files written, exit codes 0 / 1 / 2, worker threads agree with the main thread. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rnnquiz } from '../cli/run.js';
import { manifestFieldKeys } from '../../src/batch/sheets.js';
import { syntheticManifest, syntheticSheets, wideCsvLines } from '../../src/batch/synthetic.js';
import { manifestToJson } from '../../src/manifest.js';

const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-grade-'));
const manifest = syntheticManifest(['rnn-forward', 'gru', 'param-count'], 2, 'cli-test');
const manifestPath = join(dir, 'manifest.json');
writeFileSync(manifestPath, JSON.stringify(manifestToJson(manifest)));
const sheets = [...syntheticSheets(manifest, 120, 'cli')];
const clean = join(dir, 'clean.csv');
writeFileSync(clean, [...wideCsvLines(manifestFieldKeys(manifest), sheets, ';')].join(''));
const dirty = join(dir, 'dirty.csv');
writeFileSync(dirty, `${readFileSync(clean, 'utf8')}${readFileSync(clean, 'utf8').split('\n')[1]}\n;V02\n`);
const at = (name: string): string => join(dir, name);

describe('rnnquiz grade', () => {
  it('grades every row: exit 0, grades, report and feedback written, no errors file', () => {
    const r = rnnquiz(['grade', clean, '--manifest', manifestPath, '--out', at('g0.csv'), '--report', at('r.html'), '--feedback', at('f.jsonl'), '--jobs', '0']);
    expect(r.stderr).toContain('graded 120 sheets');
    expect(r.status).toBe(0);
    const rows = readFileSync(at('g0.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(121);
    expect(rows.slice(1).map((l) => Number(l.split(',')[2]))).toEqual(sheets.map((s) => s.expected));
    const feedback = readFileSync(at('f.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { student_id: string; score: number });
    expect(feedback.map((f) => [f.student_id, f.score])).toEqual(sheets.map((s) => [s.studentId, s.expected]));
    expect(readFileSync(at('r.html'), 'utf8')).toContain('class="histogram"');
    expect(existsSync(at('g0.errors.csv'))).toBe(false);
  });

  it('skipped rows: exit 1, summary on stderr, errors file with lines; worker threads give the same grades', () => {
    const r = rnnquiz(['grade', dirty, '--manifest', manifestPath, '--out', at('g2.csv'), '--jobs', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/duplicate-student: 1 \(line 122\)/);
    expect(r.stderr).toMatch(/wrong-width: 1 \(line 123\)/);
    const errors = readFileSync(at('g2.errors.csv'), 'utf8').trim().split('\n');
    expect(errors[0]).toBe('line,kind,student_id,message');
    expect(errors.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['122,duplicate-student', '123,wrong-width']);
    expect(readFileSync(at('g2.csv'), 'utf8')).toBe(readFileSync(at('g0.csv'), 'utf8'));
  });

  it('usage errors exit 2 with a message, never a stack trace', () => {
    for (const args of [
      ['grade', join(dir, 'missing.csv'), '--manifest', manifestPath, '--out', at('x.csv')],
      ['grade', clean, '--manifest', join(dir, 'nope.json'), '--out', at('x.csv')],
      ['grade', clean, '--manifest', manifestPath, '--out', at('x.csv'), '--jobs', 'many'],
      ['grade', clean, '--manifest', manifestPath],
    ]) {
      const r = rnnquiz(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const r = rnnquiz(['grade', join(dir, 'missing.csv'), '--manifest', manifestPath, '--out', at('x.csv')]);
    expect(r.stderr).toMatch(/rnnquiz: cannot read .*missing\.csv: ENOENT/);
  });

  it('runs on a heap-capped thread: standard input works, the cap can be raised, a bad cap is a usage error', () => {
    const piped = rnnquiz(['grade', '-', '--manifest', manifestPath, '--out', at('g3.csv'), '--jobs', '0'], readFileSync(clean, 'utf8'));
    expect(piped.status).toBe(0);
    expect(readFileSync(at('g3.csv'), 'utf8')).toBe(readFileSync(at('g0.csv'), 'utf8'));
    const bad = rnnquiz(['grade', clean, '--manifest', manifestPath, '--out', at('g4.csv')], undefined, { RNNQUIZ_GRADE_HEAP_MB: '12' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('rnnquiz: RNNQUIZ_GRADE_HEAP_MB=12: expected a heap size in MB, at least 64');
    const roomy = rnnquiz(['grade', clean, '--manifest', manifestPath, '--out', at('g5.csv'), '--jobs', '0'], undefined, { RNNQUIZ_GRADE_HEAP_MB: '256' });
    expect(roomy.status).toBe(0);
    expect(readFileSync(at('g5.csv'), 'utf8')).toBe(readFileSync(at('g0.csv'), 'utf8'));
  });
});
