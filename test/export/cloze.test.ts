/**
 * Cloze subquestions, their numbers and escaping, against a port of Moodle's
 * own Cloze reader (src/export/cloze-parse.ts, regexes from qtype_multianswer).
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { q } from '../../src/core/num.js';
import { escapeClozeOption, integerWeights, multichoiceSubquestion, numericalAnswer, numericalSubquestion, terminatingDecimal } from '../../src/export/cloze.js';
import { decodeEntities, neutralizeCloze, parseCloze } from '../../src/export/cloze-parse.js';
import { cdata, escapeXml, xmlSafe } from '../../src/export/xml.js';
import { escapeHtml } from '../../src/render/html.js';

const TOL = { rtol: 0.01, atol: 0.01 };

describe('numericalAnswer: value and absolute Moodle tolerance', () => {
  it.each([
    ['integer 7', q(7), TOL, '7', '0'],
    ['integer -4', q(-4), TOL, '-4', '0'],
    ['zero', q(0), TOL, '0', '0'],
    ['half', q(-3, 2), TOL, '-1.5', '0'],
    ['1/64 (bptt)', q(1, 64), TOL, '0.015625', '0'],
    ['(1/2)^4', q(1, 16), TOL, '0.0625', '0'],
    ['1/3: 3 significant digits', q(1, 3), TOL, '0.3333333333333333', '0.0005'],
    ['-20/3', q(-20, 3), TOL, '-6.666666666666667', '0.005'],
    ['1/30', q(1, 30), TOL, '0.03333333333333333', '0.00005'],
    ['numeric: atol wins', 0.9816903928255046, TOL, '0.9816903928255046', '0.01'],
    ['numeric: rtol wins', -50.25, TOL, '-50.25', String(0.01 * 50.25)],
    ['numeric: bank tolerance', 0.5, { rtol: 0.02, atol: 0.005 }, '0.5', '0.01'],
    ['numeric: tiny', 4.138549218855146e-8, TOL, '4.138549218855146e-8', '0.01'],
  ] as const)('%s', (_, x, tol, value, tolerance) => {
    expect(numericalAnswer(x, tol)).toEqual({ value, tolerance });
  });

  it('keeps every double exactly (full precision round trip)', () => {
    for (const x of [Math.PI, 1 / 3, -Math.E * 1e-9, 0.1 + 0.2]) expect(Number(numericalAnswer(x, TOL).value)).toBe(x);
  });

  it('a non-terminating fraction accepts its correct roundings and no nearby small fraction', () => {
    const { value, tolerance } = numericalAnswer(q(1, 3), TOL);
    const accepts = (x: number) => Math.abs(x - Number(value)) <= Number(tolerance);
    expect([0.333, 0.3333, 0.33333].every(accepts)).toBe(true);
    expect([0.332, 0.334, 0.3].some(accepts)).toBe(false);
    // No other fraction r/s with s < 600 is within the margin of 1/3.
    const inside: string[] = [];
    for (let s = 1; s < 600; s++) for (let r = 0; r <= s; r++) if (r * 3 !== s && accepts(r / s)) inside.push(`${r}/${s}`);
    expect(inside).toEqual([]);
  });

  it('terminatingDecimal: exact decimals only for denominators 2^a 5^b', () => {
    expect(terminatingDecimal(q(-7, 8))).toBe('-0.875');
    expect(terminatingDecimal(q(3, 40))).toBe('0.075');
    expect(terminatingDecimal(q(12))).toBe('12');
    expect(terminatingDecimal(q(1, 3))).toBeUndefined();
  });
});

describe('subquestion syntax', () => {
  it('writes the {N:NUMERICAL:=value:tolerance} form', () => {
    expect(numericalSubquestion(1, { value: '4', tolerance: '0.01' })).toBe('{1:NUMERICAL:=4:0.01}');
    expect(numericalSubquestion(3, numericalAnswer(q(-1, 2), TOL))).toBe('{3:NUMERICAL:=-0.5:0}');
  });

  it('writes MULTICHOICE_S with = on the right option and ~ between options, in the given order', () => {
    expect(multichoiceSubquestion(2, ['ADJ', 'DET', 'NOUN'], 'NOUN')).toBe('{2:MULTICHOICE_S:ADJ~DET~=NOUN}');
    expect(() => multichoiceSubquestion(1, ['A', 'B'], 'C')).toThrow(/not among/);
  });

  it('refuses weights Moodle cannot read (digits only)', () => {
    expect(() => numericalSubquestion(0.5, { value: '1', tolerance: '0' })).toThrow(/whole number/);
  });

  it('integerWeights keeps the proportions of points shared over components', () => {
    expect(integerWeights([0.5, 0.5, 2])).toEqual([1, 1, 4]);
    expect(integerWeights([1 / 3, 1 / 3, 1 / 3, 1])).toEqual([1, 1, 1, 3]);
    expect(integerWeights([2, 2, 4])).toEqual([1, 1, 2]);
    expect(integerWeights([0.25, 1.5])).toEqual([1, 6]);
  });
});

describe('option escaping, read back by Moodle\'s parser', () => {
  const tricky = ['a}b', 'c#d', 'e~f', 'g/h', 'say "hi"', 'back\\slash', '{1:NUMERICAL:=3}', 'x & y', 'ends with &', '<b>bold</b>', 'many-to-many (encoder-decoder)', 'ünïcødé σ'];

  it.each(tricky)('%s', (label) => {
    const options = [label, 'other'];
    const parsed = parseCloze(`before ${multichoiceSubquestion(1, options, label)} after`);
    expect(parsed.subquestions).toHaveLength(1);
    const sub = parsed.subquestions[0]!;
    expect(sub.type).toBe('MULTICHOICE_S');
    expect(sub.alternatives.map((a) => a.answer)).toEqual(options);
    expect(sub.alternatives.map((a) => a.fraction)).toEqual([1, 0]);
    expect(parsed.text).toBe('before {#1} after');
  });

  it('escapes } # with a backslash and ~ / " \\ as entities', () => {
    expect(escapeClozeOption('a}b#c~d/e"f\\g')).toBe('a\\}b\\#c&#126;d&#47;e&quot;f&#92;g');
  });

  it('shows why: Moodle keeps the backslash of \\~ (only \\} and \\# are unescaped)', () => {
    const sub = parseCloze('{1:MULTICHOICE_S:=a\\~b~c}').subquestions[0]!;
    expect(sub.alternatives.map((a) => a.answer)).toEqual(['a\\~b', 'c']);
  });

  it('decodeEntities handles numeric and named entities', () => {
    expect(decodeEntities('&#126;&#x7e;&amp;&lt;&quot;&unknown;')).toBe('~~&<"&unknown;');
  });
});

describe('TeX braces in the text, against Moodle\'s ANSWER_REGEX', () => {
  it('leaves TeX braces alone: only {digits:TYPE: starts a subquestion', () => {
    const text = '\\(h^{(1)} = \\frac{1}{2}\\) and \\(\\mathbf{W}_{f}\\) = {1:NUMERICAL:=4:0} then \\(x_{2}\\) {2:MULTICHOICE_S:=a~b}';
    const parsed = parseCloze(text);
    expect(parsed.subquestions.map((s) => [s.weight, s.type, s.alternatives[0]?.answer, s.alternatives[0]?.tolerance])).toEqual([
      [1, 'NUMERICAL', '4', '0'],
      [2, 'MULTICHOICE_S', 'a', undefined],
    ]);
    expect(parsed.text).toBe('\\(h^{(1)} = \\frac{1}{2}\\) and \\(\\mathbf{W}_{f}\\) = {#1} then \\(x_{2}\\) {#2}');
  });

  it('would read a brace group shaped like {1:NM: as a subquestion (the one TeX risk, checked on export)', () => {
    expect(parseCloze('\\(a_{1:NM:3}\\)').subquestions).toHaveLength(1);
  });

  it('neutralizeCloze hides exactly those braces from Moodle, and no others', () => {
    const typed = 'see {1:NM:=3}, {:MULTICHOICE_S:a~b}, {#2} but keep h^{(1)}, \\frac{1}{2}, {x:y} and {#a}';
    const safe = neutralizeCloze(typed);
    expect(safe).toBe('see &#123;1:NM:=3}, &#123;:MULTICHOICE_S:a~b}, &#123;#2} but keep h^{(1)}, \\frac{1}{2}, {x:y} and {#a}');
    expect(parseCloze(typed).subquestions).toHaveLength(2);
    expect(parseCloze(safe).subquestions).toHaveLength(0);
    expect(decodeEntities(safe)).toBe(typed);
  });

  it('reads numbers with exponents and a tolerance', () => {
    const alt = parseCloze('{1:NUMERICAL:=4.138549218855146e-8:0.01}').subquestions[0]!.alternatives[0]!;
    expect([alt.answer, alt.tolerance, alt.fraction]).toEqual(['4.138549218855146e-8', '0.01', 1]);
  });
});

describe('XML text', () => {
  const parser = new XMLParser({ parseTagValue: false, trimValues: false });

  it('splits ]]> across CDATA sections and a parser joins them back', () => {
    const text = 'a ]]> b <c> & ]]]]> d';
    const doc = parser.parse(`<r>${cdata(text)}</r>`) as { r: string };
    expect(doc.r).toBe(text);
  });

  it('escapes names for element text and drops characters XML cannot carry', () => {
    expect(escapeXml('a<b & "c" \'d\'')).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;');
    expect(xmlSafe('a\u0001b\uD800c')).toBe('a\uFFFDb\uFFFDc');
    expect(escapeHtml('\\begin{bmatrix} 1 & 2 \\end{bmatrix} < x')).toBe('\\begin{bmatrix} 1 &amp; 2 \\end{bmatrix} &lt; x');
  });
});
