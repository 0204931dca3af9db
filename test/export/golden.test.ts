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
 *   = 0.99966; label2 = NOUN.
 * - Marks: every field is worth 1 point; shared over 2 components (a, h) that
 *   is 1/2, over 3 (y, o) 1/3, so the file's weight multiplier is 6: weights
 *   3 per a/h component, 2 per y/o component, 6 per label; the classwork's
 *   10 fields give the mark 60 = 6 × 10 points.
 * - Exact values are SHORTANSWER boxes: 4 as 4, 4.0 … 4.0000, 4,0 … 4,0000;
 *   −4 the same with "-" and with "−". o1 and o2 have a tolerance: NUMERICAL, the
 *   value at 14 significant digits ± 0.01 (atol, since 0.01·|e| < 0.01), and
 *   0 % comma catches at 9.8169…, 98.169…, … (0,9817 is read as 9817).
 *   Widest answer: 0.00033535011658785 (19 characters), so every box gets a
 *   19-character filler: 19 nines (SHORTANSWER), 9.9999999999999E+99 (NUMERICAL,
 *   a number PHP prints back unchanged).
 * - LSTM parameters, d = 3, n = 2, k = 3, bias: recurrent 4·(2·2 + 2·3 + 2) = 48,
 *   output 3·2 + 3 = 9, total 57; points 2, 1, 1 give weights 12, 6, 6
 *   (mark 24 = 6 × 4); widest answer 48.0000, filler 9999999.
 * - BPTT, identity, u = 1/3, w = 1, h0 = 0, x = [1, 1]: a1 = h1 = 1,
 *   a2 = h2 = 1/3 + 1 = 4/3, d2 = u = 1/3 = ∂h2/∂h1. 4/3 and 1/3 have no
 *   finite decimal: their correct roundings with 3 to 10 significant digits
 *   (1.33 … 1.333333333, 0.333 … 0.3333333333, .333 …), the comma forms and
 *   the fractions 4/3, 1/3 are listed; widest 0.3333333333 (12), filler
 *   999999999999.
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
    const filler = '9'.repeat(19); // SHORTANSWER stores text as typed; the NUMERICAL boxes get 9.9999999999999E+99
    const zeros = (k: string) => [k, `${k}.0`, `${k}.00`, `${k}.000`, `${k}.0000`, `${k},0`, `${k},00`, `${k},000`, `${k},0000`];
    const whole = (w: number, k: string, fill = filler) =>
      `{${w}:SHORTANSWER:${zeros(k)
        .map((t) => `=${t}`)
        .join('~')}~%0%${fill}}`;
    expect(subs.slice(0, 4)).toEqual([whole(3, '4'), whole(3, '0'), whole(3, '4'), whole(3, '0')]);
    const minus4 = [...zeros('-4'), ...zeros('−4')].map((t) => `=${t}`).join('~');
    expect(subs.slice(4, 7)).toEqual([whole(2, '4'), `{2:SHORTANSWER:${minus4}~%0%${filler}}`, whole(2, '0')]);
    const o1 = subs.slice(7, 10).map((s) => /^\{2:NUMERICAL:=([^:]+):0\.01~/.exec(s)![1]);
    const z = Math.exp(4) + Math.exp(-4) + 1;
    expect(o1).toEqual(['0.9816903928255', '0.00032932043896389', '0.017980286735532']);
    [Math.exp(4) / z, Math.exp(-4) / z, 1 / z].forEach((e, i) => expect(Math.abs(Number(o1[i]) - e)).toBeLessThan(1e-14));
    // 0,9817 is read as 9817: inside the catch 9816.9… ± 100.
    expect(subs[7]).toContain('~%0%9816.903928255:100#If you typed a decimal comma');
    expect(subs[10]).toBe('{6:MULTICHOICE_S:=ADJ~DET~NOUN}');
    expect(subs.slice(11, 14)).toEqual([whole(3, '7'), whole(3, '5'), whole(3, '7')]);
    expect(Number(/=([^:]+):/.exec(subs[20]!)![1])).toBeCloseTo(0.99966, 5);
    expect(subs[21]).toBe('{6:MULTICHOICE_S:ADJ~DET~=NOUN}');
    expect(xml).toContain('<defaultgrade>60</defaultgrade>');
  });

  it('has the parameter count and the BPTT fractions checked by hand', () => {
    const zeros = (k: string) => [k, `${k}.0`, `${k}.00`, `${k}.000`, `${k}.0000`, `${k},0`, `${k},00`, `${k},000`, `${k},0000`].map((t) => `=${t}`).join('~');
    expect(subquestions('lstm-params V01')).toEqual([`{12:SHORTANSWER:${zeros('48')}~%0%9999999}`, `{6:SHORTANSWER:${zeros('9')}~%0%9999999}`, `{6:SHORTANSWER:${zeros('57')}~%0%9999999}`]);
    const bptt = subquestions('bptt-third V01');
    expect(bptt.slice(0, 2)).toEqual([`{6:SHORTANSWER:${zeros('1')}~%0%999999999999}`, `{6:SHORTANSWER:${zeros('1')}~%0%999999999999}`]);
    const fourThirds = ['1.33', '1.333', '1.3333', '1.33333', '1.333333', '1.3333333', '1.33333333', '1.333333333'];
    expect(bptt[2]).toBe(`{6:SHORTANSWER:${[...fourThirds, '4&#47;3', ...fourThirds.map((t) => t.replace('.', ','))].map((t) => `=${t}`).join('~')}~%0%999999999999}`);
    expect(bptt[4]).toContain('=0.333~=.333~=0.3333~');
    expect(bptt[4]).toContain('=0.3333333333~=.3333333333~=1&#47;3~=0,333~');
    expect(bptt[4]).not.toMatch(/=0\.33~|=0\.3~/);
    expect(subquestions('inventors V01')).toEqual(['{6:MULTICHOICE_S:Cho et al.~=Hochreiter and Schmidhuber~Rumelhart}']);
  });
});
