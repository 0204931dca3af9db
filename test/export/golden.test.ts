/**
 * Golden file: a small bank exported to Moodle XML, byte for byte. Its numbers
 * were checked by hand (below, asserted again on their own), so a change in
 * the file is either a deliberate format change (regenerate with
 * UPDATE_GOLDEN=1 and review the diff) or a bug.
 *
 * Hand check of test/export/fixtures/golden-bank.yaml, version V01:
 * - classwork (lecture): a1 = U h0 + W x1 = [2, -1] + [2, 1] = [4, 0] = h1;
 *   y1 = V h1 = [4, -4, 0]; o1 = softmax = [e^4, e^-4, 1] / (e^4 + e^-4 + 1)
 *   = [0.98169, 0.00033, 0.01798]; label1 = ADJ. a2 = U h1 + W x2 = [8, 4] +
 *   [-1, 1] = [7, 5] = h2; y2 = [7, -2, 15]; o2[2] = 1 / (1 + e^-8 + e^-17)
 *   = 0.99966; label2 = NOUN. Points 1 per field: vectors share them, so the
 *   weights are 3 per a/h component, 2 per y/o component, 6 per label.
 * - LSTM parameters, d = 3, n = 2, k = 3, bias: recurrent 4·(2·2 + 2·3 + 2) = 48,
 *   output 3·2 + 3 = 9, total 57; points 2, 1, 1 give weights 2, 1, 1.
 * - BPTT, identity, u = 1/3, w = 1, h0 = 0, x = [1, 1]: a1 = h1 = 1,
 *   a2 = h2 = 1/3 + 1 = 4/3, d2 = u = 1/3 = ∂h2/∂h1. 4/3 and 1/3 have no
 *   finite decimal: written at full precision with half a unit of the third
 *   significant digit as margin, ± 0.005 and ± 0.0005.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBank } from '../../src/bank/load.js';
import { bankViews } from '../../src/export/from-bank.js';
import { exportMoodleXml } from '../../src/export/moodle.js';
import { parseCloze } from '../../src/export/cloze-parse.js';

const GOLDEN = 'test/export/golden/golden-bank.xml';
const views = bankViews(loadBank('test/export/fixtures/golden-bank.yaml'), 'golden', 1);
const xml = exportMoodleXml(views.exam, views.versions);
if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, xml, 'utf8');

/** The subquestions of one question, by the start of its name. */
function subquestions(name: string): string[] {
  const start = xml.indexOf(`<name><text>${name}`);
  const text = xml.slice(start, xml.indexOf('</questiontext>', start));
  return parseCloze(text).subquestions.map((s) => s.source);
}

describe('golden Moodle export (hand-checked)', () => {
  it('matches the golden file byte for byte', () => {
    expect(xml).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('has the classwork numbers checked by hand', () => {
    const subs = subquestions('classwork V01');
    expect(subs.slice(0, 4)).toEqual(['{3:NUMERICAL:=4:0}', '{3:NUMERICAL:=0:0}', '{3:NUMERICAL:=4:0}', '{3:NUMERICAL:=0:0}']);
    expect(subs.slice(4, 7)).toEqual(['{2:NUMERICAL:=4:0}', '{2:NUMERICAL:=-4:0}', '{2:NUMERICAL:=0:0}']);
    const o1 = subs.slice(7, 10).map((s) => Number(/=([^:]+):/.exec(s)![1]));
    const z = Math.exp(4) + Math.exp(-4) + 1;
    [Math.exp(4) / z, Math.exp(-4) / z, 1 / z].forEach((e, i) => expect(Math.abs(o1[i]! - e)).toBeLessThan(1e-15));
    expect(o1[0]).toBeCloseTo(0.98169, 5);
    expect(subs[10]).toBe('{6:MULTICHOICE_S:=ADJ~DET~NOUN}');
    expect(subs.slice(11, 18)).toEqual(['{3:NUMERICAL:=7:0}', '{3:NUMERICAL:=5:0}', '{3:NUMERICAL:=7:0}', '{3:NUMERICAL:=5:0}', '{2:NUMERICAL:=7:0}', '{2:NUMERICAL:=-2:0}', '{2:NUMERICAL:=15:0}']);
    expect(Number(/=([^:]+):/.exec(subs[20]!)![1])).toBeCloseTo(0.99966, 5);
    expect(subs[21]).toBe('{6:MULTICHOICE_S:ADJ~DET~=NOUN}');
  });

  it('has the parameter count and the BPTT fractions checked by hand', () => {
    expect(subquestions('lstm-params V01')).toEqual(['{2:NUMERICAL:=48:0}', '{1:NUMERICAL:=9:0}', '{1:NUMERICAL:=57:0}']);
    expect(subquestions('bptt-third V01')).toEqual([
      '{1:NUMERICAL:=1:0}',
      '{1:NUMERICAL:=1:0}',
      '{1:NUMERICAL:=1.3333333333333333:0.005}',
      '{1:NUMERICAL:=1.3333333333333333:0.005}',
      '{1:NUMERICAL:=0.3333333333333333:0.0005}',
      '{1:NUMERICAL:=0.3333333333333333:0.0005}',
    ]);
    expect(subquestions('inventors V01')).toHaveLength(1);
    expect(subquestions('inventors V01')[0]).toContain('=Hochreiter and Schmidhuber');
  });
});
