/**
 * Cloze subquestions, their numbers and escaping, against a port of Moodle's
 * own Cloze reader (src/export/cloze-parse.ts, regexes from qtype_multianswer).
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { q } from '../../src/core/num.js';
import { boxSubquestion, escapeClozeOption, integerWeight, multichoiceSubquestion, weightMultiplier } from '../../src/export/cloze.js';
import { decodeEntities, neutralizeCloze, parseCloze } from '../../src/export/cloze-parse.js';
import { cdata, escapeXml, xmlSafe } from '../../src/export/xml.js';
import { escapeHtml } from '../../src/render/html.js';

describe('subquestion syntax', () => {
  it('writes NUMERICAL answers in order: the right one, then 0 % answers with feedback', () => {
    expect(boxSubquestion(2, 'NUMERICAL', [{ text: '4', fraction: 1, tolerance: '0.01' }])).toBe('{2:NUMERICAL:=4:0.01}');
    expect(
      boxSubquestion(1, 'NUMERICAL', [
        { text: '0.5', fraction: 1, tolerance: '0.01' },
        { text: '5', fraction: 0, tolerance: '0.1', feedback: 'a~b}c#d' },
      ]),
    ).toBe('{1:NUMERICAL:=0.5:0.01~%0%5:0.1#a&#126;b\\}c\\#d}');
  });

  it('writes SHORTANSWER texts escaped, several of them right', () => {
    const text = boxSubquestion(3, 'SHORTANSWER', [
      { text: '5.5', fraction: 1 },
      { text: '11/2', fraction: 1 },
      { text: '−5.5', fraction: 0 },
    ]);
    expect(text).toBe('{3:SHORTANSWER:=5.5~=11&#47;2~%0%−5.5}');
    const read = parseCloze(text).subquestions[0]!;
    expect([read.type, read.weight]).toEqual(['SHORTANSWER', 3]);
    expect(read.alternatives.map((a) => [a.answer, a.fraction])).toEqual([
      ['5.5', 1],
      ['11/2', 1],
      ['−5.5', 0],
    ]);
    expect(() => boxSubquestion(1, 'SHORTANSWER', [{ text: '1', fraction: 0 }])).toThrow(/right answer/);
  });

  it('writes MULTICHOICE_S (drop-down) or MULTICHOICE_VS (radio list) with = on the right option, in the given order', () => {
    expect(multichoiceSubquestion(2, ['ADJ', 'DET', 'NOUN'], 'NOUN')).toBe('{2:MULTICHOICE_S:ADJ~DET~=NOUN}');
    expect(multichoiceSubquestion(2, ['\\(C_{t-1}\\)', 'b'], 'b', 'MULTICHOICE_VS')).toBe('{2:MULTICHOICE_VS:&#92;(C_&#123;t-1\\}&#92;)~=b}');
    expect(parseCloze(multichoiceSubquestion(1, ['\\(C_{t-1}\\)', 'b'], 'b', 'MULTICHOICE_VS')).subquestions[0]!.alternatives.map((a) => a.answer)).toEqual(['\\(C_{t-1}\\)', 'b']);
    expect(() => multichoiceSubquestion(1, ['A', 'B'], 'C')).toThrow(/not among/);
  });

  it('refuses weights Moodle cannot read (digits only)', () => {
    expect(() => boxSubquestion(0.5, 'NUMERICAL', [{ text: '1', fraction: 1, tolerance: '0' }])).toThrow(/whole number/);
  });

  it('weightMultiplier: the least m making every share whole; integerWeight applies it', () => {
    expect(weightMultiplier([q(1, 2), q(1, 2), q(2)])).toBe(2);
    expect(weightMultiplier([q(1, 3), q(1, 2), q(1)])).toBe(6);
    expect(weightMultiplier([q(2), q(1)])).toBe(1);
    expect(integerWeight(q(1, 3), 6)).toBe(2);
    expect(integerWeight(q(2), 6)).toBe(12);
    expect(() => integerWeight(q(1, 4), 6)).toThrow(/not a whole number/);
  });
});

describe("option escaping, read back by Moodle's parser", () => {
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

describe("TeX braces in the text, against Moodle's ANSWER_REGEX", () => {
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
