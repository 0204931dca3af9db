/**
 * Per-version results: Kruskal–Wallis on each question's credit per version,
 * against H worked out by hand, and its use in the batch statistics, the
 * batch report and the server's statistics.
 */
import { describe, expect, it } from 'vitest';
import { addVersionCredit, compareVersions, versionComparisons } from '../../src/batch/versions.js';
import { StatsAccumulator } from '../../src/batch/stats.js';
import { renderReport } from '../../src/batch/report.js';
import { syntheticManifest } from '../../src/batch/synthetic.js';
import { countedAttempts, statistics } from '../../server/gradebook.js';
import type { StoredSubmission } from '../../src/store/index.js';
import { storedSubmission } from '../support/stored-submission.js';

describe('compareVersions (Kruskal–Wallis)', () => {
  it('flags a version whose credits all lie above the other’s, with H worked out by hand', () => {
    // V01: 1 1 1 1 1, V02: 0 0 0 0 0.5. Ranks of the 10 credits: the four 0s share ranks 1–4 (2.5 each),
    // 0.5 is rank 5, the five 1s share 6–10 (8 each). R1 = 40, R2 = 4·2.5 + 5 = 15, N = 10.
    // H = 12/(N(N+1)) · (R1²/5 + R2²/5) − 3(N+1) = 12/110 · (320 + 45) − 33 = 6.8182.
    // Ties: groups of 5 and 4, C = 1 − ((5³−5) + (4³−4)) / (10³−10) = 1 − 180/990 = 0.81818; H/C = 8.3333.
    // p = P(χ²₁ > 8.3333) = erfc(√(8.3333/2)) ≈ 0.0039 < 0.01.
    const c = compareVersions('p1', { V01: [1, 1, 1, 1, 1], V02: [0, 0, 0, 0, 0.5] });
    expect(c.statistic).toBeCloseTo(8.3333, 3);
    expect(c.pValue).toBeCloseTo(0.0039, 4);
    expect(c.flagged).toBe(true);
    expect(c.outlier).toBe('V01');
    expect(c.versions).toEqual([
      { id: 'V01', n: 5, mean: 1 },
      { id: 'V02', n: 5, mean: 0.1 },
    ]);
  });

  it('does not flag versions that share the same credits', () => {
    // Identical multisets: every rank sum is the same, H = 0, p = 1.
    const c = compareVersions('p1', { V01: [1, 0, 1, 0, 0.5, 1], V02: [0, 1, 0, 1, 1, 0.5] });
    expect(c.statistic).toBe(0);
    expect(c.pValue).toBeCloseTo(1, 6);
    expect(c.flagged).toBe(false);
  });

  it('tests nothing when every credit is equal or a version has fewer than 5 answers', () => {
    expect(compareVersions('p1', { V01: [1, 1, 1, 1, 1], V02: [1, 1, 1, 1, 1] }).pValue).toBeNull();
    const few = compareVersions('p1', { V01: [1, 1, 1, 1, 1], V02: [0, 0, 0, 0] });
    expect(few.pValue).toBeNull();
    expect(few.versions.map((v) => v.n)).toEqual([5, 4]);
  });

  it('reads credits kept as counts per value', () => {
    const credits = {};
    for (let i = 0; i < 6; i++) {
      addVersionCredit(credits, 'p2', 'V01', 1);
      addVersionCredit(credits, 'p2', 'V02', i < 5 ? 0 : 1 / 3);
    }
    const [c] = versionComparisons(credits);
    expect(c?.question).toBe('p2');
    expect(c?.versions.map((v) => v.mean)).toEqual([1, 0.0556]);
    expect(c?.flagged).toBe(true);
  });
});

describe('per-version results in the batch statistics and report', () => {
  it('accumulates each question’s credit per version and shows the flag in the report', () => {
    const manifest = syntheticManifest(['bptt'], 2, 'versions');
    const stats = new StatsAccumulator();
    const result = (points: number) => ({ score: points, max: 1, fields: { 'p1.h1': { status: points === 1 ? ('correct' as const) : ('incorrect' as const), points, max: 1, feedback: '' } } });
    for (let i = 0; i < 8; i++) {
      stats.add({ line: i + 2, studentId: `a${i}`, version: 'V01', result: result(1) });
      stats.add({ line: i + 20, studentId: `b${i}`, version: 'V02', result: result(i === 0 ? 1 : 0) });
    }
    expect(stats.stats.versionCredits).toEqual({ p1: { V01: { '1': 8 }, V02: { '1': 1, '0': 7 } } });
    const html = renderReport({ stats: stats.stats, errors: [], graded: 16 }, manifest, { generatedAt: new Date(0) });
    expect(html).toContain('<h2>Versions</h2>');
    expect(html).toMatch(/V01 differs/);
  });
});

describe('per-version results in the server statistics', () => {
  it('lists each question’s mean per version', async () => {
    let id = 0;
    const row = (student: string, versionId: string, points: number): StoredSubmission => storedSubmission({ id: ++id, student, versionId, score: points, max: 2 });
    async function* rows() {
      for (let i = 0; i < 5; i++) {
        yield row(`a${i}`, 'V01', 2);
        yield row(`b${i}`, 'V02', 1);
      }
    }
    const { entries, submissions } = await countedAttempts(rows(), 'last');
    const s = statistics(entries, submissions);
    // V01: 2/2 = 1 for all five; V02: 1/2 = 0.5 for all five: H = 6.818 / C (C = 1 − 2·120/990) = 9, p ≈ 0.0027.
    expect(s.versions).toHaveLength(1);
    expect(s.versions[0]?.versions).toEqual([
      { id: 'V01', n: 5, mean: 1 },
      { id: 'V02', n: 5, mean: 0.5 },
    ]);
    expect(s.versions[0]?.statistic).toBeCloseTo(9, 6);
    expect(s.versions[0]?.flagged).toBe(true);
  });
});
