/**
 * Balanced versions: the default bank planned into 30 versions keeps every
 * family item's hand work inside the fairness band around the item's median,
 * the same bank and seed give the same versions, the band can be turned off,
 * and the manifest records the work per item.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBank } from '../../src/bank/load.js';
import { BankError } from '../../src/bank/errors.js';
import { itemBand, itemMedian, planVersion, versionIds } from '../../src/plan/plan.js';
import { withinBand, workSpread, median, bandLimits } from '../../src/check/fairness.js';
import { manifestFromJson, manifestToJson } from '../../src/manifest.js';

const FILE = 'question-banks/rnn-midterm.yaml';
const TEXT = readFileSync(FILE, 'utf8');

describe('fairness band', () => {
  it('keeps every version of the default bank within ±25 % of each item’s median hand work (30 versions)', () => {
    const bank = parseBank(TEXT, FILE);
    const versions = versionIds(30).map((id) => planVersion(bank, '2026', id, 'secret'));
    let redrawn = 0;
    for (const item of bank.items) {
      if (item.kind !== 'family') continue;
      const band = itemBand(bank, item);
      expect(band, item.id).toBe(0.25);
      const m = itemMedian(bank, '2026', item);
      for (const v of versions) {
        const work = v.work[item.id] as number;
        expect(withinBand(work, m, 0.25), `${item.id} ${v.id}: work ${work}, median ${m}`).toBe(true);
        if (v.workBefore[item.id] !== work) redrawn++;
      }
    }
    // Without balancing some first draws lie outside (the spread the band removes): the band did something.
    expect(redrawn).toBeGreaterThan(0);
    const spread = workSpread(versions);
    const lstm = spread.find((s) => s.item === 'lstm');
    expect(lstm && lstm.after.max - lstm.after.min).toBeLessThanOrEqual(lstm ? lstm.before.max - lstm.before.min : -1);
  }, 120_000);

  it('gives the same versions for the same bank and seed', () => {
    const a = planVersion(parseBank(TEXT, FILE), '2026', 'V07', 'secret');
    const b = planVersion(parseBank(TEXT, FILE), '2026', 'V07', 'secret');
    expect(JSON.stringify(manifestToJson({ bank: 'b', seed: '2026', policy: { carriedCredit: 1 }, versions: [a] }))).toBe(
      JSON.stringify(manifestToJson({ bank: 'b', seed: '2026', policy: { carriedCredit: 1 }, versions: [b] })),
    );
  }, 60_000);

  it('can be turned off for the bank; an item may set its own band; the first draw is then kept', () => {
    const off = parseBank(TEXT.replace('carried_error_penalty: 0.25', 'carried_error_penalty: 0.25\nfairness: false'), FILE);
    expect(off.fairness).toBeNull();
    const v = planVersion(off, '2026', 'V01', 'secret');
    for (const item of off.items) expect(v.work[item.id], item.id).toBe(v.workBefore[item.id]);
    const own = parseBank(TEXT.replace('    options: { steps: 1 }\n    notation: separate', '    options: { steps: 1 }\n    notation: separate\n    fairness: { band: 0.1 }'), FILE);
    const lstm = own.items.find((i) => i.id === 'lstm');
    expect(lstm && itemBand(own, lstm)).toBe(0.1);
  }, 60_000);

  it('rejects a bad band with its line and column', () => {
    const bad = TEXT.replace('carried_error_penalty: 0.25', 'carried_error_penalty: 0.25\nfairness: { band: 3 }');
    try {
      parseBank(bad, FILE);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BankError);
      const issue = (e as BankError).issues[0];
      const line = bad.split('\n').findIndex((l) => l.startsWith('fairness:')) + 1;
      expect(issue?.line).toBe(line);
      expect(issue?.path).toBe('fairness.band');
      expect(issue?.message).toMatch(/band ≤ 1/);
    }
  });

  it('records the work per item in the manifest and reads it back', () => {
    const v = planVersion(parseBank(TEXT, FILE), '2026', 'V02', 'secret');
    const json = manifestToJson({ bank: 'b', seed: '2026', policy: { carriedCredit: 1 }, versions: [v] });
    const back = manifestFromJson(JSON.parse(JSON.stringify(json)));
    expect(back.versions[0]?.work).toEqual(v.work);
    // The classwork is fixed: 24 operations (test/check/work.test.ts) in every version.
    expect(back.versions[0]?.work?.classwork).toBe(24);
  }, 60_000);

  it('medians and band limits', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(bandLimits(40, 0.25)).toEqual({ low: 30, high: 50 });
    expect(withinBand(50, 40, 0.25)).toBe(true);
    expect(withinBand(51, 40, 0.25)).toBe(false);
  });
});
