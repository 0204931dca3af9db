import { describe, expect, it } from 'vitest';
import { gradeAnswerSheets } from '../../src/batch/grade-sheets.js';
import { manifestFieldKeys } from '../../src/batch/sheets.js';
import { syntheticManifest, syntheticSheets, wideCsvLines, longCsvLines } from '../../src/batch/synthetic.js';
import { listFamilies } from '../../src/families/registry.js';
import { manifestFromJson, manifestToJson } from '../../src/manifest.js';

// Built, written to JSON and read back, as `rnnquiz grade` would read it from disk.
const FAMILIES = listFamilies().map((f) => f.id);
const manifest = manifestFromJson(JSON.parse(JSON.stringify(manifestToJson(syntheticManifest(FAMILIES, 3, 'batch-test')))));
const keys = manifestFieldKeys(manifest);

describe('1,000 synthetic sheets', () => {
  const sheets = [...syntheticSheets(manifest, 1000, 'sheets')];
  const styles = sheets.flatMap((s) => Object.values(s.styles));

  it('cover every kind of answer', () => {
    for (const style of ['right', 'rounded', 'blank', 'garbled', 'wrong', 'carried', 'mistaken']) expect(styles).toContain(style);
  });

  it('wide layout: every total matches the intended score', async () => {
    const out = await gradeAnswerSheets([...wideCsvLines(keys, sheets)].join(''), manifest);
    expect(out.errors).toEqual([]);
    expect(out.layout).toBe('wide');
    expect(out.graded).toBe(1000);
    const mismatches = out.sheets.map((g, i) => ({ id: g.studentId, got: g.result.score, want: (sheets[i] as (typeof sheets)[number]).expected, fields: g.result.fields, styles: sheets[i]!.styles })).filter((m) => Math.abs(m.got - m.want) > 1e-6);
    const bad = new Map<string, number>();
    for (const m of mismatches) for (const [k, f] of Object.entries(m.fields)) { const st = m.styles[k]; const ok = (st === 'right' || st === 'rounded' || st === 'carried') ? f.points === f.max : f.points === 0; if (!ok) { const tag = `${k}:${st}->${f.status}:${f.mistake ?? ''}`; bad.set(tag, (bad.get(tag) ?? 0) + 1); } }
    console.log([...bad].sort((a, b) => b[1] - a[1]).slice(0, 30));
    expect(mismatches.length).toBe(0);
  });
});
