/**
 * Numbers as Moodle stores them, and the answer lists that make a Cloze box
 * credit what rnnquiz's grader credits. Expected texts were worked out by
 * hand (and the PHP forms printed by `php -r 'echo (string) $x;'`, PHP 8.4).
 */
import { describe, expect, it } from 'vitest';
import { graderCredits } from './credit.js';
import { type Fraction, q } from '../../src/core/num.js';
import { COMMA_FEEDBACK, commaCatches, exactForms, moodleNumber, terminatingDecimal, widthFiller } from '../../src/export/numbers.js';

/** What rnnquiz's grader makes of `text` typed for the exact key `x` (a one-number field). */

describe('moodleNumber: a double as PHP prints it (precision 14), the form Moodle stores', () => {
  it.each([
    [0.9816903928255046, '0.9816903928255'],
    [4.138549218855146e-8, '4.1385492188551E-8'],
    [1e-7, '1.0E-7'],
    [-0.00001, '-1.0E-5'],
    [0.0001, '0.0001'],
    [1e14, '1.0E+14'],
    [99999999999999, '99999999999999'],
    [0.1 + 0.2, '0.3'],
    [1 / 3, '0.33333333333333'],
    [-50.25, '-50.25'],
    [38408766588386.5, '38408766588386'], // an exact tie goes to even, as PHP's dtoa does
    [-44422057710784.5, '-44422057710784'],
    [0, '0'],
  ])('%s → %s', (x, text) => {
    expect(moodleNumber(x)).toBe(text);
  });

  it('reads back as itself (what is written is what Moodle keeps)', () => {
    for (const x of [Math.PI, -Math.E * 1e-9, 0.017980286735532, 123456.789, 5e-5]) expect(moodleNumber(Number(moodleNumber(x)))).toBe(moodleNumber(x));
  });

  it('refuses a value that is not finite', () => {
    expect(() => moodleNumber(Number.NaN)).toThrow(/non-finite/);
  });
});

describe('exactForms: the texts a SHORTANSWER box accepts for an exact value', () => {
  it.each([
    ['11/2', q(11, 2), ['5.5', '5.50', '5.500', '5.5000', '5.50000', '11/2', '5,5', '5,50', '5,500', '5,5000', '5,50000']],
    ['4', q(4), ['4', '4.0', '4.00', '4.000', '4.0000', '4,0', '4,00', '4,000', '4,0000']],
    ['0', q(0), ['0', '0.0', '0.00', '0.000', '0.0000', '0,0', '0,00', '0,000', '0,0000']],
    [
      '19/8: 2.38 rounds it, 2.4 shows too few digits',
      q(19, 8),
      ['2.375', '2.3750', '2.37500', '2.375000', '2.3750000', '2.38', '19/8', '2,375', '2,3750', '2,37500', '2,375000', '2,3750000', '2,38'],
    ],
    [
      '1/64: 0.0156 and 0.01563, not 0.016',
      q(1, 64),
      [
        ...['0.015625', '0.0156250', '0.01562500', '0.015625000', '0.0156250000', '0.0156', '0.01563'].flatMap((s) => [s, s.slice(1)]),
        '1/64',
        ...['0,015625', '0,0156250', '0,01562500', '0,015625000', '0,0156250000', '0,0156', '0,01563'],
      ],
    ],
  ] as const)('%s', (_, x, forms) => {
    expect(exactForms(x)).toEqual(forms);
  });

  it('a negative value with the keyboard minus and with −, as the PDF prints it', () => {
    const forms = exactForms(q(-159, 4));
    const unsigned = ['39.75', '39.750', '39.7500', '39.75000', '39.750000', '39.8', '159/4', '39,75', '39,750', '39,7500', '39,75000', '39,750000', '39,8'];
    expect(forms).toEqual([...unsigned.map((s) => `-${s}`), ...unsigned.map((s) => `\u2212${s}`)]);
  });

  it('1/3: correct roundings from 3 to 10 significant digits, and the fraction', () => {
    const forms = exactForms(q(1, 3));
    expect(forms.filter((s) => s.startsWith('0.'))).toEqual(['0.333', '0.3333', '0.33333', '0.333333', '0.3333333', '0.33333333', '0.333333333', '0.3333333333']);
    expect(forms).toContain('1/3');
    expect(forms).toContain('0,333');
    expect(forms).not.toContain('0.33');
  });

  it.each([q(11, 2), q(-159, 4), q(19, 8), q(1, 64), q(1, 3), q(-20, 3), q(4), q(-4), q(0), q(-91, 64), q(1, 30), q(200, 3)])(
    'every form of %s is credited by the grader (no wrong input is listed)',
    (x) => {
      const forms = exactForms(x);
      expect(forms.length).toBeGreaterThan(3);
      expect(new Set(forms).size).toBe(forms.length);
      for (const text of forms) expect(graderCredits(text, x), text).toBe(true);
    },
  );

  it("leaves out what the grader rejects: k/2 for k, a fraction's numerator, 2.380 for 19/8, a rounding with too few digits", () => {
    const cases: [string, Fraction][] = [
      ['4/2', q(4)],
      ['11', q(11, 2)],
      ['2.380', q(19, 8)],
      ['2.4', q(19, 8)],
      ['0.33', q(1, 3)],
      ['0.3334', q(1, 3)],
      ['39.75', q(-159, 4)],
    ];
    for (const [text, x] of cases) {
      expect(graderCredits(text, x), text).toBe(false);
      expect(exactForms(x), text).not.toContain(text);
    }
  });

  it('does not list every right expression: 8/2 or 5.500000 for a key of 4 or 5.5 get no credit in Moodle (the safe side; the question text asks for a decimal or the fraction in lowest terms)', () => {
    for (const [text, x] of [
      ['8/2', q(4)],
      ['5.500000', q(11, 2)],
      ['22/4', q(11, 2)],
    ] as const) {
      expect(graderCredits(text, x), text).toBe(true);
      expect(exactForms(x)).not.toContain(text);
    }
  });
});

describe('commaCatches: 0 % answers where a decimal comma sends a value', () => {
  it('one interval per count of decimals typed, 1 … 6', () => {
    const catches = commaCatches(0.98169, 0.01);
    expect(catches.map((c) => [c.value, c.tolerance])).toEqual([1, 2, 3, 4, 5, 6].map((k) => [0.98169 * 10 ** k, 0.01 * 10 ** k]));
    expect(catches.every((c) => c.feedback === COMMA_FEEDBACK)).toBe(true);
    // 0,98 → 98 and 0,9817 → 9817 are inside; neither can be a right answer for 0.98169 ± 0.01.
    expect(catches.some((c) => Math.abs(98 - c.value) <= c.tolerance)).toBe(true);
    expect(catches.some((c) => Math.abs(9817 - c.value) <= c.tolerance)).toBe(true);
  });

  it('none that meets the right interval (a tiny value: its comma forms are indistinguishable from right ones)', () => {
    expect(commaCatches(0.00033, 0.01)).toEqual([]);
    expect(commaCatches(-50.25, 0.5025).map((c) => c.value)).toEqual([1, 2, 3, 4, 5, 6].map((k) => -50.25 * 10 ** k));
  });
});

describe('widthFiller: a wrong answer of a given length that Moodle stores unchanged', () => {
  it.each(Array.from({ length: 21 }, (_, i) => i + 1))('%i characters', (width) => {
    const filler = widthFiller(width);
    expect(filler).toHaveLength(width);
    expect(moodleNumber(Number(filler))).toBe(filler);
    expect(Math.abs(Number(filler))).toBeGreaterThanOrEqual(9);
  });

  it('refuses widths it cannot write', () => {
    expect(() => widthFiller(22)).toThrow(/no width filler/);
  });
});

describe('terminatingDecimal', () => {
  it('exact decimals only for denominators 2^a 5^b', () => {
    expect(terminatingDecimal(q(-7, 8))).toBe('-0.875');
    expect(terminatingDecimal(q(3, 40))).toBe('0.075');
    expect(terminatingDecimal(q(12))).toBe('12');
    expect(terminatingDecimal(q(1, 3))).toBeUndefined();
  });
});
