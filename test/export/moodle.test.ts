/**
 * A generated bank exported to Moodle XML, read back with a real XML parser
 * and checked against the manifest: one question per version and problem,
 * category paths, every answer and tolerance, Cloze syntax, and text that
 * Moodle's Cloze reader cannot misread.
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { loadBank } from '../../src/bank/load.js';
import { type Num, isExact, toNumber } from '../../src/core/num.js';
import type { FieldSpec } from '../../src/families/contract.js';
import { components } from '../../src/core/value.js';
import { bankVersions, bankViews } from '../../src/export/from-bank.js';
import { exportMoodleXml } from '../../src/export/moodle.js';
import { decodeEntities, parseCloze } from '../../src/export/cloze-parse.js';
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
}

const manifest = bankVersions(loadBank(BANK), 'moodle-test', VERSIONS);
const views = bankViews(loadBank(BANK), 'moodle-test', VERSIONS);
const xml = exportMoodleXml(views.exam, views.versions);
const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, isArray: (name) => name === 'question' }).parse(xml) as { quiz: { question: XmlQuestion[] } };
const entries = parsed.quiz.question;
const clozes = entries.filter((q) => q['@_type'] === 'cloze');
const problemById = new Map<string, ExamProblem>(manifest.versions.flatMap((v) => v.problems.map((p) => [`mixed/${p.item}/${v.id}/${p.id}`, p] as const)));

/** The strict subquestion forms this exporter writes; every `{N:TYPE:` start must be one of them. */
const SUBQUESTION = /\{(\d+):(NUMERICAL|MULTICHOICE_S):((?:\\.|[^}\\])*)\}/g;
const NUMERICAL_BODY = /^=(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?):(\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/;

describe('Moodle XML export of a generated bank', () => {
  it('is UTF-8 XML with one Cloze question per version and problem', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')).toBe(true);
    const problems = manifest.versions.reduce((n, v) => n + v.problems.length, 0);
    expect(problems).toBe(VERSIONS * 8); // 7 items, gru1 with count 2
    expect(clozes).toHaveLength(problems);
    expect(new Set(clozes.map((q) => q.idnumber)).size).toBe(problems);
    for (const q of clozes) expect(problemById.has(q.idnumber ?? '')).toBe(true);
  });

  it('puts each item\'s versions in its own category, written before them', () => {
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

  it('writes every answer and tolerance of the manifest, one subquestion per component', () => {
    let numericChecked = 0;
    for (const q of clozes) {
      const problem = problemById.get(q.idnumber ?? '') as ExamProblem;
      const subs = [...(q.questiontext?.text ?? '').matchAll(SUBQUESTION)];
      type Expected = { field: FieldSpec; label: string } | { field: FieldSpec; x: Num };
      const expected = problem.fields.flatMap((f): Expected[] => {
        const value = problem.answers.get(f.name)!;
        return value.kind === 'label' ? [{ field: f, label: value.v }] : components(value).map((x) => ({ field: f, x }));
      });
      expect(subs).toHaveLength(expected.length);
      subs.forEach((m, i) => {
        const want = expected[i]!;
        if ('label' in want) {
          expect(m[2]).toBe('MULTICHOICE_S');
          const options = (m[3] ?? '').split(/(?<!\\)~/).map((o) => decodeEntities(o.replaceAll('\\}', '}').replaceAll('\\#', '#')));
          expect(options.filter((o) => o.startsWith('='))).toEqual([`=${want.label}`]);
          expect(options.map((o) => o.replace(/^=/, ''))).toEqual(want.field.choices);
          return;
        }
        expect(m[2]).toBe('NUMERICAL');
        const body = NUMERICAL_BODY.exec(m[3] ?? '');
        expect(body, m[0]).not.toBeNull();
        const [value, tolerance] = [Number(body![1]), Number(body![2])];
        const e = toNumber(want.x);
        if (isExact(want.x)) {
          // Exact values in generated banks are integers, halves or powers of 1/2: written exactly, tolerance 0.
          expect(value).toBe(e);
          expect(tolerance).toBe(0);
        } else {
          const tol = problem.tolerance[want.field.name] ?? DEFAULT_TOLERANCE;
          expect(value).toBe(e); // full precision
          expect(tolerance).toBe(Math.max(tol.atol, tol.rtol * Math.abs(e)));
          numericChecked++;
        }
      });
    }
    expect(numericChecked).toBeGreaterThan(50);
  });

  it('uses the bank\'s per-item tolerance (lstm1: rtol 0.02, atol 0.005)', () => {
    const lstm = clozes.find((q) => q.idnumber?.startsWith('mixed/lstm1/'))!;
    const numeric = [...(lstm.questiontext?.text ?? '').matchAll(SUBQUESTION)].map((m) => NUMERICAL_BODY.exec(m[3] ?? '')).filter((b) => b && Number(b[2]) > 0).map((b) => [Number(b![1]), Number(b![2])] as const);
    expect(numeric.length).toBeGreaterThan(10);
    for (const [value, tolerance] of numeric) expect(tolerance).toBe(Math.max(0.005, 0.02 * Math.abs(value)));
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
    expect(classwork.generalfeedback?.text).toContain('\\(\\mathbf{a}^{(2)} = \\mathbf{U} \\, \\mathbf{h}^{(1)} + \\mathbf{W} \\, \\mathbf{x}^{(2)} = \\left[ 8,\\ 4 \\right]^{\\top} + \\left[ -1,\\ 1 \\right]^{\\top} = \\left[ 7,\\ 5 \\right]^{\\top}\\)');
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

  it('writes TeX that typesets: every \\( … \\) and \\[ … \\] parses (temml, the project\'s TeX engine)', () => {
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
