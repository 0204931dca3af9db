/**
 * 1,000 synthetic sheets (right, rounded, blank, garbled, wrong, carried and
 * named-mistake answers) whose intended totals are computed from how each
 * sheet was built, never by the grader; graded in both layouts.
 */
import { describe, expect, it } from 'vitest';
import { gradeAnswerSheets } from '../../src/batch/grade-sheets.js';
import { manifestFieldKeys } from '../../src/batch/sheets.js';
import { longCsvLines, syntheticManifest, syntheticSheets, wideCsvLines } from '../../src/batch/synthetic.js';
import { listFamilies } from '../../src/families/registry.js';
import { manifestFromJson, manifestToJson } from '../../src/manifest.js';

// Built, written to JSON and read back, as `rnnquiz grade` reads it from disk; carried answers keep 75 %.
const built = syntheticManifest(
  listFamilies().map((f) => f.id),
  3,
  'batch-test',
);
const manifest = manifestFromJson(JSON.parse(JSON.stringify(manifestToJson({ ...built, policy: { carriedCredit: 0.75 } }))));
const keys = manifestFieldKeys(manifest);
const sheets = [...syntheticSheets(manifest, 1000, 'sheets')];

function mismatches(graded: { studentId: string; result: { score: number } }[]): string[] {
  return graded.flatMap((g, i) => {
    const want = sheets[i]?.expected ?? NaN;
    return g.studentId === sheets[i]?.studentId && Math.abs(g.result.score - want) < 1e-6 ? [] : [`${g.studentId}: got ${g.result.score}, want ${want}`];
  });
}

describe('1,000 synthetic sheets', () => {
  it('cover every kind of answer, and scores spread out', () => {
    const styles = new Set(sheets.flatMap((s) => Object.values(s.styles)));
    expect([...styles].sort()).toEqual(['blank', 'carried', 'garbled', 'mistaken', 'right', 'rounded', 'wrong']);
    const expected = sheets.map((s) => s.expected);
    expect(Math.max(...expected) - Math.min(...expected)).toBeGreaterThan(20);
    // Carried credit is 0.75, so some intended totals are not whole numbers.
    expect(expected.some((x) => !Number.isInteger(x))).toBe(true);
  });

  it('wide layout: every total is the intended score', async () => {
    const out = await gradeAnswerSheets([...wideCsvLines(keys, sheets)].join(''), manifest);
    expect(out.errors).toEqual([]);
    expect(out.layout).toBe('wide');
    expect(out.graded).toBe(1000);
    expect(mismatches(out.sheets)).toEqual([]);
    const carried = sheets.reduce((n, s) => n + Object.values(s.styles).filter((x) => x === 'carried').length, 0);
    expect(out.stats.fields.reduce((n, f) => n + f.carried, 0)).toBe(carried);
    const mistaken = sheets.reduce((n, s) => n + Object.values(s.styles).filter((x) => x === 'mistaken').length, 0);
    // Every named-mistake answer is named (a wrong answer may also match one by chance, so ≥).
    expect(out.stats.fields.reduce((n, f) => n + Object.values(f.mistakes).reduce((a, b) => a + b, 0), 0)).toBeGreaterThanOrEqual(mistaken);
  });

  it('long layout (semicolon-free, row per answer) gives the same totals', async () => {
    const out = await gradeAnswerSheets([...longCsvLines(sheets)].join(''), manifest);
    expect(out.errors).toEqual([]);
    expect(out.layout).toBe('long');
    expect(out.graded).toBe(1000);
    expect(mismatches(out.sheets)).toEqual([]);
  });
});
