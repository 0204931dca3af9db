/** Item statistics against hand-computed values, and the report page's content and escaping. */
import { describe, expect, it } from 'vitest';
import { gradeAnswerSheets } from '../../src/batch/grade-sheets.js';
import { renderReport } from '../../src/batch/report.js';
import { StatsAccumulator, correlation, difficulty, percentile } from '../../src/batch/stats.js';
import { syntheticManifest } from '../../src/batch/synthetic.js';
import { gradesToCsv, errorsToCsv } from '../../src/batch/output.js';
import { formatKey } from '../../src/grading/key.js';
import type { FieldResult, FieldStatus } from '../../src/grading/types.js';

const field = (status: FieldStatus, points: number, max = 1, mistake?: FieldResult['mistake']): FieldResult => ({ status, points, max, feedback: '', ...(mistake ? { mistake } : {}) });
const sheet = (id: string, a: FieldResult, b: FieldResult) => ({
  line: 2,
  studentId: id,
  version: 'V01',
  result: { score: a.points + b.points, max: a.max + b.max, fields: { 'p1.a': a, 'p2.b': b } },
});

describe('item statistics', () => {
  // Four students; p1.a right for the two who also got p2.b (worth 2) right.
  const acc = new StatsAccumulator(['p1.a', 'p2.b']);
  acc.add(sheet('s1', field('correct', 1), field('correct', 2, 2)));
  acc.add(sheet('s2', field('carried', 1), field('correct', 2, 2)));
  acc.add(sheet('s3', field('incorrect', 0, 1, 'swapped-UW'), field('blank', 0, 2)));
  acc.add(sheet('s4', field('incorrect', 0, 1, 'swapped-UW'), field('incorrect', 0, 2, 'missing-bias')));
  const [a, b] = acc.stats.fields;

  it('difficulty, status counts and mistakes', () => {
    expect(difficulty(a!)).toBe(0.5);
    expect([a!.correct, a!.carried, a!.incorrect, a!.blank]).toEqual([1, 1, 2, 0]);
    expect(a!.mistakes).toEqual({ 'swapped-UW': 2 });
    expect(acc.stats.sheetsSavedByCarried).toBe(1);
    expect(acc.stats.carriedPoints).toBe(1);
  });

  it('discrimination is the correlation with the rest of the exam: here perfectly aligned', () => {
    // credit of p1.a: 1,1,0,0; rest (p2.b / 2): 1,1,0,0 → r = 1.
    expect(correlation(a!)).toBeCloseTo(1, 12);
    expect(correlation(b!)).toBeCloseTo(1, 12);
    expect(acc.stats.questions.map((q) => q.key)).toEqual(['p1', 'p2']);
  });

  it('an item everyone gets right has no discrimination (null), and percentiles read the histogram', () => {
    const acc2 = new StatsAccumulator();
    acc2.add(sheet('x', field('correct', 1), field('incorrect', 0, 2)));
    acc2.add(sheet('y', field('correct', 1), field('correct', 2, 2)));
    expect(correlation(acc2.stats.fields[0]!)).toBeNull();
    // Scores 33.3 % and 100 %.
    expect(percentile(acc2.stats, 0)).toBe(33.3);
    expect(percentile(acc2.stats, 1)).toBe(100);
  });
});

describe('the report', () => {
  const manifest = { ...syntheticManifest(['rnn-forward'], 1, 'report-test'), title: 'Quiz <b>1</b>' };
  const key = formatKey(manifest.versions[0]!.problems[0]!);
  const names = Object.keys(key);
  const header = ['student_id', 'version', ...names.map((n) => `p1.${n}`)].join(',');
  // Nobody answers the last field right; the first is right for all.
  const row = (id: string, good: boolean) => [id, 'V01', ...names.map((n, i) => (i === names.length - 1 ? '999' : good || i === 0 ? `"${key[n]}"` : 'junk'))].join(',');
  const csv = [header, row('a1', true), row('a2', false), row('a3', true), '<img src=x onerror=alert(1)>,V02'].join('\n');

  it('holds the histogram, both item tables, the flagged field and the escaped bad row', async () => {
    const out = await gradeAnswerSheets(csv, manifest);
    const html = renderReport(out, manifest, { generatedAt: new Date('2026-03-12T10:00:00Z') });
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('class="histogram"');
    expect(html.match(/class="bar"/g)).toHaveLength(10);
    expect(html).toContain('<th>difficulty (mean credit)</th><th>discrimination</th>');
    for (const n of names) expect(html).toContain(`<td>p1.${n}</td>`);
    const last = `p1.${names[names.length - 1]}`;
    expect(html).toContain(`<li><strong>${last}</strong>: 0 of 3 correct`);
    expect(html).toContain(`<tr class="flagged"><td>${last}</td>`);
    expect(html).toContain('Quiz &lt;b&gt;1&lt;/b&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('GRADES.csv and the errors file: columns, values, formula-looking text defused', async () => {
    const out = await gradeAnswerSheets(`${header}\n${row('=cmd()', true)}\n,V01\n`, manifest);
    const lines = gradesToCsv(out.sheets, out.fieldKeys).trim().split('\n');
    expect(lines[0]).toBe(`student_id,version,score,max,percent,${names.map((n) => `p1.${n}`).join(',')}`);
    const cells = lines[1]!.split(',');
    expect(cells[0]).toBe("'=cmd()");
    const maxPoints = out.sheets[0]!.result.max;
    const lastPoints = manifest.versions[0]!.problems[0]!.points[names[names.length - 1]!]!;
    expect(cells.slice(2, 5).map(Number)).toEqual([maxPoints - lastPoints, maxPoints, Math.round((10000 * (maxPoints - lastPoints)) / maxPoints) / 100]);
    expect(errorsToCsv(out.errors).trim().split('\n')).toEqual([
      'line,kind,student_id,message',
      '3,wrong-width,,2 cells where the header has ' + (names.length + 2) + ': the row is skipped (its cells cannot be matched to columns)',
    ]);
  });
});
