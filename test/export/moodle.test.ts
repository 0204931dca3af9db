/**
 * A generated bank exported to Moodle XML, read back with a real XML parser
 * and checked against the manifest: one question per version and problem,
 * category paths, every answer and tolerance, Cloze syntax, and text that
 * Moodle's Cloze reader cannot misread.
 */
import { describe, expect, it } from 'vitest';
import { graderCredits } from './credit.js';
import { XMLParser } from 'fast-xml-parser';
import { loadBank } from '../../src/bank/load.js';
import { type Num, formatNum, isExact, toNumber } from '../../src/core/num.js';
import type { FieldSpec } from '../../src/families/contract.js';
import { components } from '../../src/core/value.js';
import { readAnswer } from '../../src/grading/answer.js';
import { COMMA_FEEDBACK, moodleNumber, terminatingDecimal } from '../../src/export/numbers.js';
import { EXACT_NOTE, TOLERANCE_NOTE, TYPING_NOTE } from '../../src/export/question.js';
import { bankVersions, bankViews } from '../../src/export/from-bank.js';
import { exportMoodleXml } from '../../src/export/moodle.js';
import { type ParsedSubquestion, decodeEntities, parseCloze } from '../../src/export/cloze-parse.js';
import { DEFAULT_TOLERANCE } from '../../src/grading/types.js';
import type { ExamProblem } from '../../src/manifest.js';
import { texToMathml } from '../../src/math/tex.js';

const BANK = 'test/export/fixtures/mixed.yaml';
const VERSIONS = 3;

interface XmlText {
  text: string;
}
interface XmlQuestion {
  '@_type': string;
  category?: XmlText;
  name?: XmlText;
  questiontext?: XmlText & { '@_format': string };
  generalfeedback?: XmlText;
  idnumber?: string;
  defaultgrade?: string;
}

const manifest = bankVersions(loadBank(BANK), 'moodle-test', VERSIONS);
const views = bankViews(loadBank(BANK), 'moodle-test', VERSIONS);
const xml = exportMoodleXml(views.exam, views.versions);
const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => name === 'question' }).parse(xml) as { quiz: { question: XmlQuestion[] } };
const entries = parsed.quiz.question;
const clozes = entries.filter((q) => q['@_type'] === 'cloze');
const MATH = /\\\(|\\\[|\$/;
const problemById = new Map<string, ExamProblem>(manifest.versions.flatMap((v) => v.problems.map((p) => [`mixed/${p.item}/${v.id}/${p.id}`, p] as const)));

/** The strict subquestion forms this exporter writes; every `{N:TYPE:` start must be one of them. */
const SUBQUESTION = /\{(\d+):(NUMERICAL|SHORTANSWER|MULTICHOICE_S|MULTICHOICE_VS):((?:\\.|[^}\\])*)\}/g;

/** A question's boxes as Moodle's reader finds them, beside the numbers or labels of the manifest they stand for. */
type Expected = { field: FieldSpec; label: string; n: number } | { field: FieldSpec; x: Num; n: number };
function boxesOf(q: XmlQuestion): { problem: ExamProblem; read: ParsedSubquestion[]; expected: Expected[] } {
  const problem = problemById.get(q.idnumber ?? '') as ExamProblem;
  const read = parseCloze(q.questiontext?.text ?? '').subquestions;
  const expected = problem.fields.flatMap((f): Expected[] => {
    const value = problem.answers.get(f.name)!;
    if (value.kind === 'label') return [{ field: f, label: value.v, n: 1 }];
    const xs = components(value);
    return xs.map((x) => ({ field: f, x, n: xs.length }));
  });
  return { problem, read, expected };
}

describe('Moodle XML export of a generated bank', () => {
  it('is UTF-8 XML with one Cloze question per version and problem', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')).toBe(true);
    const problems = manifest.versions.reduce((n, v) => n + v.problems.length, 0);
    expect(problems).toBe(VERSIONS * 8); // 7 items, gru1 with count 2
    expect(clozes).toHaveLength(problems);
    expect(new Set(clozes.map((q) => q.idnumber)).size).toBe(problems);
    for (const q of clozes) expect(problemById.has(q.idnumber ?? '')).toBe(true);
  });

  it("puts each item's versions in its own category, written before them", () => {
    const seen: { category: string; questions: string[] }[] = [];
    for (const q of entries) {
      if (q['@_type'] === 'category') seen.push({ category: q.category?.text ?? '', questions: [] });
      else seen[seen.length - 1]?.questions.push(q.idnumber ?? '');
    }
    expect(seen.map((s) => s.category)).toEqual(['classwork', 'lstm1', 'gru1', 'bptt1', 'params', 'arch', 'concept'].map((i) => `$course$/rnnquiz/mixed/${i}`));
    for (const s of seen) {
      const item = s.category.split('/').pop();
      expect(s.questions.every((id) => id.startsWith(`mixed/${item}/`))).toBe(true);
      expect(s.questions).toHaveLength(item === 'gru1' ? 2 * VERSIONS : VERSIONS);
    }
  });

  it('writes one subquestion per component, exact values as listed texts, the others as value ± tolerance', () => {
    let exact = 0;
    let numeric = 0;
    for (const q of clozes) {
      const { problem, read, expected } = boxesOf(q);
      expect(read).toHaveLength(expected.length);
      read.forEach((sub, i) => {
        const want = expected[i]!;
        if ('label' in want) {
          expect(['MULTICHOICE_S', 'MULTICHOICE_VS']).toContain(sub.type);
          expect(sub.alternatives.filter((a) => a.fraction === 1).map((a) => a.answer)).toEqual([want.label]);
          expect(sub.alternatives.map((a) => a.answer)).toEqual(want.field.choices);
          return;
        }
        const tol = problem.tolerance[want.field.name] ?? DEFAULT_TOLERANCE;
        const right = sub.alternatives.filter((a) => a.fraction === 1);
        if (isExact(want.x)) {
          // Exact: a SHORTANSWER box; the key as printed, the exact decimal (when there is one), its comma form and its − form are all right.
          expect(sub.type, sub.source).toBe('SHORTANSWER');
          const texts = right.map((a) => a.answer);
          const printed = formatNum(want.x);
          expect(texts).toContain(printed);
          const decimal = terminatingDecimal(want.x);
          if (decimal !== undefined) expect(texts).toContain(decimal);
          if (decimal?.includes('.')) expect(texts).toContain(decimal.replace('.', ','));
          if (toNumber(want.x) < 0) expect(texts).toContain(printed.replace('-', '\u2212'));
          // Nothing the grader rejects, so never k/2 for a key k: each right text is credited by rnnquiz's own grader.
          expect(texts).not.toContain(`${printed}/2`);
          for (const t of texts) expect(graderCredits(t, want.x, tol), `${t} for ${printed}`).toBe(true);
          exact++;
        } else {
          // With a tolerance: NUMERICAL, the value and max(atol, rtol·|e|) as Moodle stores them (14 digits), listed first.
          const e = toNumber(want.x);
          expect(sub.type, sub.source).toBe('NUMERICAL');
          expect(right).toHaveLength(1);
          expect(sub.alternatives[0]).toBe(right[0]);
          expect(right[0]!.answer).toBe(moodleNumber(e));
          expect(Math.abs(Number(right[0]!.answer) - e)).toBeLessThanOrEqual(1e-13 * Math.abs(e));
          expect(right[0]!.tolerance).toBe(moodleNumber(Math.max(tol.atol, tol.rtol * Math.abs(e))));
          numeric++;
        }
      });
    }
    expect(exact).toBeGreaterThan(50);
    expect(numeric).toBeGreaterThan(50);
  });

  it('catches a decimal comma in a box with a tolerance: a 0 % answer at e·10^k for k = 1 … 6 decimals, never overlapping the right interval', () => {
    let caught = 0;
    for (const q of clozes) {
      const { read, expected } = boxesOf(q);
      read.forEach((sub, i) => {
        const want = expected[i]!;
        if (sub.type !== 'NUMERICAL' || 'label' in want) return;
        const [right, ...others] = sub.alternatives;
        const e = Number(right!.answer);
        const t = Number(right!.tolerance);
        const catches = others.filter((a) => a.feedback === COMMA_FEEDBACK);
        const wanted = [1, 2, 3, 4, 5, 6].filter((k) => Math.abs(e * 10 ** k - e) > t * 10 ** k + t);
        expect(catches.map((c) => c.answer)).toEqual(wanted.map((k) => moodleNumber(toNumber(want.x) * 10 ** k)));
        for (const c of catches) {
          expect(c.fraction).toBe(0);
          expect(Math.abs(Number(c.answer) - e)).toBeGreaterThan(Number(c.tolerance) + t);
        }
        // 0,9817 typed for 0.98169 (read as 9817) lands in a catch.
        if (Math.abs(e - 0.9817) <= t) expect(catches.some((c) => Math.abs(9817 - Number(c.answer)) <= Number(c.tolerance))).toBe(true);
        caught += catches.length;
      });
    }
    expect(caught).toBeGreaterThan(100);
  });

  it('gives every box of a question the same width: a filler answer as long as the longest answer, last and 0 %', () => {
    for (const q of clozes) {
      const boxes = boxesOf(q).read.filter((s) => s.type === 'NUMERICAL' || s.type === 'SHORTANSWER');
      if (boxes.length === 0) continue;
      const fillers = boxes.map((b) => b.alternatives[b.alternatives.length - 1]!);
      expect(fillers.every((f) => f.fraction === 0 && f.feedback === '' && /^[-9.E+]+$/.test(f.answer))).toBe(true);
      const longest = Math.max(...boxes.flatMap((b) => b.alternatives.map((a) => [...a.answer].length)));
      expect(new Set(fillers.map((f) => [...f.answer].length)), q.idnumber).toEqual(new Set([longest]));
      // A NUMERICAL answer is written as Moodle stores it (PHP's 14 digits), so these lengths are the stored ones.
      for (const b of boxes.filter((x) => x.type === 'NUMERICAL')) for (const a of b.alternatives) expect(moodleNumber(Number(a.answer))).toBe(a.answer);
    }
  });

  it('gives each question the mark m × its PDF points, one m for the file (6: a point shared over 2 and over 3 boxes), stated in <defaultgrade>', () => {
    for (const q of clozes) {
      const { problem, read, expected } = boxesOf(q);
      const points = Object.values(problem.points).reduce((a, b) => a + b, 0);
      expect(
        read.reduce((sum, s) => sum + s.weight, 0),
        q.idnumber,
      ).toBe(6 * points);
      expect(Number(q.defaultgrade)).toBe(6 * points);
      // Each box carries its share of its field's points: points / components.
      read.forEach((s, i) => expect(s.weight).toBe((6 * (problem.points[expected[i]!.field.name] ?? 1)) / expected[i]!.n));
    }
  });

  it('says in each question what to type, for the kinds of box it has', () => {
    for (const q of clozes) {
      const text = q.questiontext?.text ?? '';
      const types = new Set(parseCloze(text).subquestions.map((s) => s.type));
      expect(text.includes(TYPING_NOTE)).toBe(types.has('NUMERICAL') || types.has('SHORTANSWER'));
      expect(text.includes(EXACT_NOTE)).toBe(types.has('SHORTANSWER'));
      expect(text.includes(TOLERANCE_NOTE)).toBe(types.has('NUMERICAL'));
    }
  });

  it("uses the bank's per-item tolerance (lstm1: rtol 0.02, atol 0.005)", () => {
    const lstm = clozes.find((q) => q.idnumber?.startsWith('mixed/lstm1/'))!;
    const numeric = parseCloze(lstm.questiontext?.text ?? '')
      .subquestions.filter((s) => s.type === 'NUMERICAL')
      .map((s) => [Number(s.alternatives[0]!.answer), Number(s.alternatives[0]!.tolerance)] as const);
    expect(numeric.length).toBeGreaterThan(10);
    for (const [value, tolerance] of numeric) expect(tolerance).toBeCloseTo(Math.max(0.005, 0.02 * Math.abs(value)), 12);
    expect(numeric.some(([, t]) => t === 0.005)).toBe(true);
  });

  it('leaves no unescaped < or & and no brace Moodle would misread in the text', () => {
    for (const q of clozes) {
      const text = q.questiontext?.text ?? '';
      expect(q.questiontext?.['@_format']).toBe('html');
      const outside = text.replace(SUBQUESTION, '');
      // Only our own tags; every & starts an entity.
      expect(outside.replace(/<\/?(p|small)>/g, '')).not.toMatch(/[<>]/);
      expect(outside).not.toMatch(/&(?!(amp|lt|gt|quot|#\d+);)/);
      // No subquestion start or {#n} placeholder left over, and TeX braces balanced.
      expect(outside).not.toMatch(/\{\d*:[A-Z_]+:|\{#\d+\}/);
      let depth = 0;
      let lowest = 0;
      for (const c of outside.replaceAll('&#123;', '{').replace(/\\[{}]/g, '')) {
        depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        lowest = Math.min(lowest, depth);
      }
      expect([lowest, depth]).toEqual([0, 0]);
      // Moodle's own reader finds exactly our subquestions.
      expect(parseCloze(text).subquestions.map((s) => s.source)).toEqual([...text.matchAll(SUBQUESTION)].map((m) => m[0]));
    }
  });

  it('puts TeX math in \\( … \\) / \\[ … \\] and the worked solution in the general feedback', () => {
    const classwork = clozes.find((q) => q.idnumber === 'mixed/classwork/V01/p1')!;
    expect(classwork.questiontext?.text).toContain('\\[ \\mathbf{U} = \\begin{bmatrix} 2 &amp; 0 \\\\ 1 &amp; 2 \\end{bmatrix}');
    // The identity classwork asks h_t = a_t once (identity_once), in the question's bold symbols.
    expect(classwork.questiontext?.text).toContain('<p>\\(\\mathbf{h}^{(1)}\\) = [ {');
    expect(classwork.generalfeedback?.text).toContain(
      '\\(\\mathbf{a}^{(2)} = \\mathbf{U} \\, \\mathbf{h}^{(1)} + \\mathbf{W} \\, \\mathbf{x}^{(2)} = \\left[ 8,\\ 4 \\right]^{\\top} + \\left[ -1,\\ 1 \\right]^{\\top} = \\left[ 7,\\ 5 \\right]^{\\top}\\)',
    );
    for (const q of clozes.filter((x) => !x.idnumber?.includes('/concept/'))) expect(q.generalfeedback?.text).toMatch(/^<p>\\\(/);
    // A conceptual item names its answer (Moodle reshuffles the choices, so an index would mislead).
    for (const q of clozes.filter((x) => x.idnumber?.includes('/concept/'))) expect(q.generalfeedback?.text).toBe('<p>Answer: forget gate</p>');
  });

  it('keeps a hand-typed stem and tricky choices intact through XML and Cloze escaping', () => {
    const concept = clozes.find((q) => q.idnumber?.startsWith('mixed/concept/'))!;
    const text = concept.questiontext?.text ?? '';
    expect(text).toContain('a &lt; b &amp; c &gt; d, {braces}, ]]&gt; and #hash; not Cloze: &#123;1:NM:=3} &#123;#1})');
    const sub = parseCloze(text).subquestions[0]!;
    expect(sub.alternatives.map((a) => a.answer).sort()).toEqual(['a "quoted" {gate} #1 \\ back', 'forget gate', 'input gate ~ tilde', 'output gate / slash']);
    expect(sub.alternatives.find((a) => a.fraction === 1)?.answer).toBe('forget gate');
  });

  it("writes TeX that typesets: every \\( … \\) and \\[ … \\] parses (temml, the project's TeX engine)", () => {
    const math = clozes.flatMap((q) => [...`${q.questiontext?.text}\n${q.generalfeedback?.text}`.matchAll(/\\\((.*?)\\\)|\\\[(.*?)\\\]/gs)].map((m) => decodeEntities(m[1] ?? m[2] ?? '')));
    expect(math.length).toBeGreaterThan(500);
    const failing = math.filter((tex) => {
      try {
        texToMathml(tex);
        return false;
      } catch {
        return true;
      }
    });
    expect(failing).toEqual([]);
  });

  it('is the same file for the same bank and seed', () => {
    const again = bankViews(loadBank(BANK), 'moodle-test', VERSIONS);
    expect(exportMoodleXml(again.exam, again.versions)).toBe(xml);
  });
});

describe('Moodle XML export of the course bank (question-banks/rnn-midterm.yaml)', () => {
  const midterm = bankViews(loadBank('question-banks/rnn-midterm.yaml'), 'moodle-test', 2);
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => name === 'question' }).parse(exportMoodleXml(midterm.exam, midterm.versions)) as {
    quiz: { question: XmlQuestion[] };
  };
  const subs = doc.quiz.question.filter((q) => q['@_type'] === 'cloze').flatMap((q) => parseCloze(q.questiontext?.text ?? '').subquestions);

  it('puts no TeX inside a drop-down: a choice with math is a radio list, every option typeset alike', () => {
    const dropDowns = subs.filter((s) => s.type === 'MULTICHOICE_S');
    const radios = subs.filter((s) => s.type === 'MULTICHOICE_VS');
    expect(dropDowns.length).toBeGreaterThan(0);
    for (const s of dropDowns) for (const a of s.alternatives) expect(a.answer).not.toMatch(MATH);
    // The forget-gate item: the right option holds \(C_{t-1}\); all its options are HTML in one radio list.
    const gates = radios.find((s) => s.alternatives.some((a) => a.answer.includes('\\(C_{t-1}\\)')));
    expect(gates?.alternatives.filter((a) => a.fraction === 1).map((a) => a.answer)).toEqual(['How much of the previous cell state \\(C_{t-1}\\) to keep, per component']);
    expect(gates?.alternatives).toHaveLength(4);
    const gatesText = doc.quiz.question.map((q) => q.questiontext?.text ?? '').find((t) => t.includes('MULTICHOICE_VS'))!;
    expect(gatesText).toMatch(/<div>\{\d+:MULTICHOICE_VS:[^\n]*\}<\/div>$/);
    for (const s of radios) expect(s.alternatives.some((a) => MATH.test(a.answer))).toBe(true);
  });

  it('credits in every exact box only texts rnnquiz credits', () => {
    const shortAnswers = subs.filter((s) => s.type === 'SHORTANSWER');
    expect(shortAnswers.length).toBeGreaterThan(50);
    for (const s of shortAnswers) {
      const right = s.alternatives.filter((a) => a.fraction === 1).map((a) => a.answer);
      // The key's fraction (or, for a whole or terminating value, the first text, its exact decimal): every right text must match it for the grader.
      const read = readAnswer(right.find((t) => t.includes('/')) ?? right[0]!, { shape: 'scalar' });
      expect(read.ok).toBe(true);
      const key = read.ok && read.kind === 'numbers' ? read.items[0]!.v : 0;
      for (const t of right) expect(graderCredits(t, key, DEFAULT_TOLERANCE), t).toBe(true);
    }
  });
});
