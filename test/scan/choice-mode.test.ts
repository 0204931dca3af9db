/**
 * Choice mode and diagnosis: options hold the key once and real mistakes,
 * pairwise beyond tolerance; the key's position is spread over A–E; a letter
 * grades as its option and a distractor names its mistake; the report's
 * mistake table counts per question and overall.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBank } from '../../src/bank/load.js';
import { planVersion, versionIds } from '../../src/plan/plan.js';
import { optionsApart } from '../../src/plan/choice-options.js';
import { gradeProblem } from '../../src/grading/grade.js';
import { parseNumbers } from '../../src/grading/parse.js';
import { mistakeTable } from '../../src/batch/report.js';
import { resolveChoiceLetter } from '../../src/grading/choice-letter.js';
import { scalar } from '../../src/core/value.js';
import { type ItemStats, emptyItem } from '../../src/batch/stats.js';

const FILE = 'test/scan/choice-bank.yaml';
const bank = parseBank(readFileSync(FILE, 'utf8'), FILE);
const versions = versionIds(12).map((id) => planVersion(bank, '2026', id, 'secret'));

describe('choice mode', () => {
  it('asks every exact and numeric field with five options, one key, labels left alone', () => {
    for (const v of versions) {
      for (const p of v.problems) {
        for (const f of p.fields) {
          const options = p.choices?.[f.name];
          if (f.kind === 'label') {
            expect(options).toBeUndefined();
            continue;
          }
          expect(options?.length).toBe(5);
          expect(options!.filter((o) => o.key).length).toBe(1);
          expect(options!.filter((o) => !o.key).every((o) => o.mistake !== undefined)).toBe(true);
          expect(new Set(options!.map((o) => o.text)).size).toBe(5);
        }
      }
    }
  });

  it('the classwork h1 = [4, 0] (worked by hand: identity of U h0 + W x1 = [2, -1] + [2, 1]) is one option, its neighbour h2 = [7, 5] an off-by-one', () => {
    const h1 = versions[0]!.problems[0]!.choices!.h1!;
    expect(h1.find((o) => o.key)?.text).toBe('[4, 0]');
    expect(h1.find((o) => o.mistake === 'off-by-one')?.text).toBe('[7, 5]');
  });

  it('spreads the key over positions A–E across fields and versions (each 12–28 %)', () => {
    const at = [0, 0, 0, 0, 0];
    for (const v of versions) for (const p of v.problems) for (const o of Object.values(p.choices ?? {})) at[o.findIndex((x) => x.key)]!++;
    const total = at.reduce((a, b) => a + b, 0);
    for (const n of at) expect(n / total).toBeGreaterThan(0.12);
    for (const n of at) expect(n / total).toBeLessThan(0.28);
  });

  it('keeps options further apart than twice the tolerance, so no distractor grades as right', () => {
    const tol = { rtol: 0.01, atol: 0.01 };
    expect(optionsApart(scalar(0.5), scalar(0.515), tol)).toBe(false);
    expect(optionsApart(scalar(0.5), scalar(0.53), tol)).toBe(true);
    for (const v of versions)
      for (const p of v.problems)
        for (const [field, options] of Object.entries(p.choices ?? {})) {
          const letters = options.map((_, i) => String.fromCharCode(65 + i));
          const results = letters.map((l) => gradeProblem(p, { [field]: l }).fields[field]!.status);
          expect(results.filter((s) => s === 'correct').length).toBe(1);
          expect(results[options.findIndex((o) => o.key)]).toBe('correct');
        }
  });

  it('grades a marked named-mistake distractor as a named mistake (the one it stands for unless two mistakes give one value)', () => {
    let named = 0;
    let same = 0;
    for (const v of versions)
      for (const p of v.problems)
        for (const [field, options] of Object.entries(p.choices ?? {})) {
          options.forEach((o, i) => {
            if (!o.mistake || o.mistake === 'nearby' || o.mistake === 'carried-forward') return;
            const r = gradeProblem(p, { [field]: String.fromCharCode(65 + i) }).fields[field]!;
            expect(r.mistake, `${field} ${o.text}`).toBeDefined();
            named++;
            if (r.mistake === o.mistake) same++;
          });
        }
    expect(named).toBeGreaterThan(50);
    expect(same / named).toBeGreaterThan(0.8);
  });

  it('reads letters in any case and leaves other text alone', () => {
    const options = [{ text: '7' }, { text: '5', key: true as const }];
    expect(resolveChoiceLetter(options, ' b ')).toBe('5');
    expect(resolveChoiceLetter(options, 'E')).toBe('E'); // no option E: graded as typed (unreadable)
    expect(resolveChoiceLetter(undefined, 'A')).toBe('A');
    expect(parseNumbers('5').ok).toBe(true);
  });
});

describe("the report's mistake table", () => {
  const item = (key: string, mistakes: Record<string, number>): ItemStats => ({ ...emptyItem(key), n: 10, mistakes });
  it('sums per question and overall, most frequent mistake first', () => {
    const html = mistakeTable(
      [item('p1.h1', { 'swapped-UW': 2 }), item('p1.h2', { 'swapped-UW': 3, 'off-by-one': 1 }), item('p2.z1', { 'tanh-for-sigmoid': 4 })],
      new Map([
        ['p1', 'classwork'],
        ['p2', 'gru'],
      ]),
    );
    expect(html).toContain('<th>swapped UW</th><th>tanh for sigmoid</th><th>off by one</th>');
    expect(html).toContain('<td>p1</td><td>classwork</td><td class="num">5</td><td class="num">0</td><td class="num">1</td>');
    expect(html).toContain('<th colspan="2">overall</th><td class="num">5</td><td class="num">4</td><td class="num">1</td>');
  });
});
