/** Reading answer sheets: both layouts, separators, BOM, quoting, and every kind of bad row with its line. */
import { describe, expect, it } from 'vitest';
import { gradeAnswerSheets } from '../../src/batch/grade-sheets.js';
import { readCsvRecords, detectDelimiter } from '../../src/batch/csv-records.js';
import { syntheticManifest } from '../../src/batch/synthetic.js';
import { formatKey } from '../../src/grading/key.js';
import type { RowError } from '../../src/batch/types.js';

const manifest = syntheticManifest(['rnn-forward'], 2, 'sheets-test');
const [v1, v2] = manifest.versions;
const key1 = formatKey(v1!.problems[0]!);
const key2 = formatKey(v2!.problems[0]!);
const fields = Object.keys(key1);
const max = Object.values(v1!.problems[0]!.points).reduce((a, b) => a + b, 0);
const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const wideHeader = ['student_id', 'version', ...fields.map((f) => `p1.${f}`)];
const wideRow = (id: string, version: string, key: Record<string, string>, sep = ','): string => [id, version, ...fields.map((f) => q(key[f] as string))].join(sep);

const brief = (errors: readonly RowError[]): [number, string][] => errors.map((e) => [e.line, e.kind]);

describe('CSV records', () => {
  it('detects the separator from the header line, quotes ignored', () => {
    expect(detectDelimiter('student_id;version;p1.h1')).toBe(';');
    expect(detectDelimiter('student_id,version,"p1;h1"')).toBe(',');
    expect(detectDelimiter('"a;b;c",d')).toBe(',');
  });

  it('numbers records by the line they start on, across quoted line breaks and blank lines', async () => {
    const out = [];
    for await (const r of readCsvRecords('\uFEFFa;b\r\n1;"x\r\ny"\r\n\r\n2;"[7; 5]"\r\n')) out.push(r);
    expect(out).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x\r\ny'] },
      { line: 5, cells: ['2', '[7; 5]'] },
    ]);
  });
});

describe('layouts', () => {
  it('wide, comma separated, quoted vectors: the key scores full marks', async () => {
    const csv = [wideHeader.join(','), wideRow('ana', 'V01', key1), wideRow('ben', 'V02', key2)].join('\n');
    const out = await gradeAnswerSheets(csv, manifest);
    expect(out.layout).toBe('wide');
    expect(out.errors).toEqual([]);
    expect(out.sheets.map((s) => [s.studentId, s.version, s.result.score, s.line])).toEqual([
      ['ana', 'V01', max, 2],
      ['ben', 'V02', max, 3],
    ]);
  });

  it('wide, semicolon separated with a BOM and CRLF; blank cells are blank answers', async () => {
    const partial = { ...key1, [fields[0] as string]: '' };
    const csv = `\uFEFF${wideHeader.join(';')}\r\n${wideRow('ana', 'V01', partial, ';')}\r\n`;
    const out = await gradeAnswerSheets(csv, manifest);
    expect(out.errors).toEqual([]);
    const first = out.sheets[0]!.result.fields[`p1.${fields[0]}`]!;
    expect(first.status).toBe('blank');
    expect(out.sheets[0]!.result.score).toBe(max - first.max);
  });

  it('long form, field names in any case, answers spread over rows', async () => {
    const rows = ['Student_ID,Version,Field,Answer', ...fields.map((f) => `cy,V02,P1.${f.toUpperCase()},${q(key2[f] as string)}`)];
    const out = await gradeAnswerSheets(rows.join('\n'), manifest);
    expect(out.layout).toBe('long');
    expect(out.errors).toEqual([]);
    expect(out.sheets.map((s) => [s.studentId, s.result.score])).toEqual([['cy', max]]);
  });

  it('a header without student_id or version is a usage error naming line 1', async () => {
    await expect(gradeAnswerSheets('name,p1.h1\nana,1\n', manifest)).rejects.toThrow(/line 1: the header needs a student_id and a version column/);
    await expect(gradeAnswerSheets('', manifest)).rejects.toThrow(/empty/);
  });
});

describe('bad rows are reported with their line, good rows still graded', () => {
  it('wide form: every kind', async () => {
    const lines = [
      [...wideHeader, 'p9.zz'].join(','), // 1: unknown column
      `${wideRow('ana', 'V01', key1)},`, // 2: good
      `${wideRow('ben', 'V77', key1)},`, // 3: unknown version
      `${wideRow('', 'V01', key1)},`, // 4: missing student ID
      `${wideRow('ana', 'V02', key2)},`, // 5: duplicate student
      'dan,V01,[1 2]', // 6: wrong width
      `${wideRow('eve', '', key1)},`, // 7: no version
      '', // 8: blank line (skipped, still counted)
      `${wideRow('fay', 'V02', key2)},`, // 9: good
      'gus,V01,"[1, 2]\n', // 10: unclosed quote runs to the end
    ];
    const out = await gradeAnswerSheets(lines.join('\n'), manifest);
    expect(brief(out.errors)).toEqual([
      [1, 'unknown-field'],
      [3, 'unknown-version'],
      [4, 'missing-student-id'],
      [5, 'duplicate-student'],
      [6, 'wrong-width'],
      [7, 'unknown-version'],
      [10, 'malformed-csv'],
    ]);
    expect(out.errors[3]!.message).toContain('already graded from line 2');
    expect(out.sheets.map((s) => [s.studentId, s.line, s.result.score])).toEqual([
      ['ana', 2, max],
      ['fay', 9, max],
    ]);
  });

  it('long form: unknown field, duplicate field, version mismatch, students split apart', async () => {
    const [f1, f2] = fields as [string, string];
    const lines = [
      'student_id,version,field,answer', // 1
      `ana,V01,p1.${f1},${q(key1[f1] as string)}`, // 2
      `ana,V01,p1.nope,3`, // 3: unknown field
      `ana,V01,p1.${f1},0`, // 4: duplicate field
      `ana,V02,p1.${f2},${q(key1[f2] as string)}`, // 5: version mismatch
      `ben,V01,p1.${f1},${q(key1[f1] as string)}`, // 6
      `ana,V01,p1.${f2},${q(key1[f2] as string)}`, // 7: ana again after ben: duplicate student
      `,V01,p1.${f1},1`, // 8: missing student ID
      `cy,V09,p1.${f1},1`, // 9: unknown version
      `dan,V01`, // 10: wrong width
    ];
    const out = await gradeAnswerSheets(lines.join('\n'), manifest);
    expect(brief(out.errors)).toEqual([
      [3, 'unknown-field'],
      [4, 'duplicate-field'],
      [5, 'version-mismatch'],
      [7, 'duplicate-student'],
      [8, 'missing-student-id'],
      [9, 'unknown-version'],
      [10, 'wrong-width'],
    ]);
    const ana = out.sheets.find((s) => s.studentId === 'ana')!;
    expect(ana.line).toBe(2);
    expect(ana.result.fields[`p1.${f1}`]!.status).toBe('correct');
    expect(ana.result.fields[`p1.${f2}`]!.status).toBe('blank');
    expect(out.sheets.map((s) => s.studentId)).toEqual(['ana', 'ben']);
  });
});
