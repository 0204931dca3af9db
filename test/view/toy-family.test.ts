/**
 * A toy family added through the registry alone (`registerFamily`, its module
 * and its template, nothing else) goes through generate, solve, a bank, and
 * every writer of the table: exam PDF, key PDF, web page, Moodle XML, answer sheet. Each
 * output must show the toy's statement and its answer fields. The toy's
 * answers are worked by hand: y = k·x, s = y₁ + y₂.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { add, mul, q } from '../../src/core/num.js';
import { makeStep } from '../../src/families/contract.js';
import { defineFamily } from '../../src/families/engine.js';
import { readObject, readVector } from '../../src/families/givens.js';
import { registerFamily, getFamily } from '../../src/families/registry.js';
import { scalar, valueToJson, vector } from '../../src/core/value.js';
import type { Vec } from '../../src/core/linalg.js';
import { GivenError } from '../../src/core/errors.js';
import { generateProblemSet, problemSetFromJson, answersToJson } from '../../src/problems.js';
import { parseBank } from '../../src/bank/load.js';
import { planVersion } from '../../src/plan/plan.js';
import { createTemplateRenderer, templatesDir } from '../../src/plan/templates.js';
import { bankExamInfo, createViewBuilder } from '../../src/view/build.js';
import { WRITERS } from '../../src/writers/index.js';
import { pdfBytes } from '../../src/exam/pdf-doc.js';

interface ToyGiven {
  k: number;
  x: Vec;
}

const toy = defineFamily<ToyGiven, Record<string, never>>({
  id: 'toy-scale',
  title: 'Scaling a vector',
  optionsSchema: z.object({}).strict(),
  mistakes: [],
  mistakeTargets: {},
  presentation: { topic: 'Toy scaling' },
  draw: (rng) => ({ k: rng.int(2, 4), x: [q(rng.int(1, 5)), q(rng.int(-5, -1))] }),
  compute(g, ctx) {
    const y = g.x.map((xi) => mul(q(g.k), xi));
    ctx.step(makeStep('y', '\\mathbf{y}', 'k\\,\\mathbf{x}', '{0}\\,{1}', [scalar(q(g.k)), vector(g.x)], vector(y)));
    const used = ctx.vec('y', y);
    const s = add(used[0] ?? q(0), used[1] ?? q(0));
    ctx.step(makeStep('s', 's', 'y_1 + y_2', '{0}', [vector(used)], scalar(s)));
    ctx.num('s', s);
  },
  parseGiven(raw) {
    const obj = readObject(raw, ['k', 'x']);
    if (typeof obj.k !== 'number' || !Number.isInteger(obj.k)) throw new GivenError('k', 'an integer', JSON.stringify(obj.k));
    return { k: obj.k, x: readVector(obj, 'x', 2) };
  },
  givenToJson: (g) => ({ k: g.k, x: valueToJson(vector(g.x)) }),
});

const TEMPLATE = String.raw`Multiply the toy vector \[ \mathbf{x} = {{ v.x | tex('inline') }} \] by the factor \(k = {{ given.k }}\). Give \(\mathbf{y} = k\,\mathbf{x}\) and the sum \(s\) of its entries.`;
const STATEMENT_WORDS = 'Multiply the toy vector';

const BANK = `course: Toy course
title: Toy exam
date: 2026-01-01
instructions: Answer everything.
items:
  - id: toy-fixed
    family: toy-scale
    given: { k: 3, x: [2, -1] }
    points: { y: 2, s: 1 }
`;

let dir = '';
let unregister: () => void = () => {};

beforeAll(() => {
  unregister = registerFamily(toy);
  dir = mkdtempSync(join(tmpdir(), 'rnnquiz-toy-'));
  mkdirSync(join(dir, 'families'));
  writeFileSync(join(dir, 'families', 'toy-scale.njk'), TEMPLATE);
});

afterAll(() => {
  unregister();
  rmSync(dir, { recursive: true, force: true });
});

/** The bank's one version, as views; the fixed toy is y = 3·[2, −1] = [6, −3], s = 3. */
function toyViews(bankText = BANK) {
  const bank = parseBank(bankText, 'toy.yaml');
  const version = planVersion(bank, 'toy-seed', 'V01', 'a toy secret of enough length');
  const views = createViewBuilder(createTemplateRenderer([templatesDir(), dir]));
  const exam = views.exam(bankExamInfo(bank));
  return { exam, version: views.version(version, 'http://127.0.0.1/q/toy-token') };
}

async function pdfText(doc: PDFKit.PDFDocument, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, await pdfBytes(doc));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('a toy family added through the registry alone', () => {
  it('meets every writer of the table below (a new writer must be added here too)', () => {
    expect(Object.keys(WRITERS).sort()).toEqual(['answer-sheet', 'exam-pdf', 'key-pdf', 'moodle-xml', 'web-page']);
  });

  it('is known to the registry while registered, and an id cannot be taken twice', () => {
    expect(getFamily('toy-scale')).toBe(toy);
    expect(() => registerFamily(toy)).toThrow(/already registered/);
  });

  it('generates problems whose answers are k·x and its sum', () => {
    const { problems } = generateProblemSet('toy-scale', '7', 5);
    expect(problems).toHaveLength(5);
    for (const p of problems) {
      const g = p.given as ToyGiven;
      const x = g.x.map((xi) => Number(xi.valueOf()));
      const json = answersToJson(p.answers);
      expect(json.y).toEqual([g.k * (x[0] as number), g.k * (x[1] as number)]);
      expect(json.s).toBe(g.k * ((x[0] as number) + (x[1] as number)));
    }
  });

  it('solves a hand-typed problem: y = 3·[2, −1] = [6, −3], s = 3', () => {
    const { problems } = problemSetFromJson({ problems: [{ family: 'toy-scale', given: { k: 3, x: [2, -1] } }] });
    expect(answersToJson((problems[0] as (typeof problems)[number]).answers)).toEqual({ y: [6, -3], s: 3 });
  });

  it('has a view: statement from its template, fields with symbol, points and key, topic from its presentation', () => {
    const q1 = toyViews().version.questions[0];
    expect(q1?.statement).toContain(STATEMENT_WORDS);
    expect(q1?.topic).toBe('Toy scaling');
    expect(q1?.fields.map((f) => [f.key, f.symbolTex, f.points, f.kind, f.shape])).toEqual([
      ['p1.y', '\\mathbf{y}', 2, 'exact', 2],
      ['p1.s', 's', 1, 'exact', 'scalar'],
    ]);
  });

  it('is written by the exam PDF writer: statement, topic, answer boxes', async () => {
    const { exam, version } = toyViews();
    const text = await pdfText(WRITERS['exam-pdf'].write(exam, version).doc, 'exam.pdf');
    expect(text).toContain(STATEMENT_WORDS);
    expect(text).toContain('Toy scaling');
    expect(text).toContain('p1.y');
    expect(text).toContain('p1.s');
  });

  it('is written by the key PDF writer: statement words in the heading, the key values', async () => {
    const { exam, version } = toyViews();
    const text = await pdfText(WRITERS['key-pdf'].write(exam, version).doc, 'key.pdf');
    expect(text).toContain('Toy scaling');
    expect(text).toContain(STATEMENT_WORDS); // restated: the steps do not show a matrix
    expect(text).toMatch(/p1\.y +y = k x = 3 \[2, −1\]⊤ = \[6, −3\]⊤/); // the worked step
    expect(text).toMatch(/p1\.y +\[6, -3\] +exact +2\n/); // the answer table: value, grading, points
    expect(text).toMatch(/p1\.s +3 +exact +1\n/);
  });

  it('is written by the web page writer: statement as HTML with MathML, an input per field', () => {
    const { exam, version } = toyViews();
    const html = WRITERS['web-page'].write(exam, version, { token: 'toy-token' });
    // A display equation sits in a focusable scroll group (src/render/html.ts displayMathHtml), MathML inside.
    expect(html).toContain(`<p>${STATEMENT_WORDS} <span class="math-display" role="group" tabindex="0" aria-label="Equation"><math display="block"`);
    expect(html).toContain('name="p1.y"');
    expect(html).toContain('name="p1.s"');
    expect(html).toContain('action="/q/toy-token"');
  });

  it('is written by the Moodle writer: one Cloze question with the statement and a subquestion per number', () => {
    const { exam, version } = toyViews();
    const xml = WRITERS['moodle-xml'].write(exam, [version], {});
    const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === 'question' }).parse(xml) as {
      quiz: { question: { '@_type': string; questiontext?: { text: string }; idnumber?: string }[] };
    };
    const clozes = parsed.quiz.question.filter((x) => x['@_type'] === 'cloze');
    expect(clozes).toHaveLength(1);
    const text = clozes[0]?.questiontext?.text ?? '';
    expect(text).toContain(STATEMENT_WORDS);
    // Exact values are SHORTANSWER boxes listing the texts the grader accepts (src/export/numbers.ts).
    expect(text).toMatch(/\\\(\\mathbf\{y\}\\\) = \[ \{\d+:SHORTANSWER:=6~=6\.0~[^}]*\} , \{\d+:SHORTANSWER:=-3~=-3\.0~[^}]*\} \]/);
    expect(text).toMatch(/\\\(s\\\) = \{\d+:SHORTANSWER:=3~=3\.0~[^}]*\}/);
    expect(clozes[0]?.idnumber).toBe('toy/toy-fixed/V01/p1');
  });

  it('is written by the answer-sheet writer in choice mode: a row of bubbles per field, the key among the options, the layout recorded', async () => {
    const { exam, version } = toyViews(BANK.replace('instructions: Answer everything.', 'instructions: Answer everything.\nmode: choice'));
    const sheet = WRITERS['answer-sheet'].write(exam, version, {});
    expect(sheet.layout.pages).toHaveLength(1);
    expect(sheet.layout.pages[0]?.rows.map((r) => [r.field, r.bubbles.map((b) => b.letter).join('')])).toEqual([
      ['p1.y', 'ABCDE'],
      ['p1.s', 'ABCDE'],
    ]);
    expect(sheet.layout.pages[0]?.idGrid).toHaveLength(8); // anonymous: the student-id grid
    const text = await pdfText(sheet.doc, 'sheet.pdf');
    expect(text).toContain('p1.y');
    expect(text).toMatch(/[A-E] \[6, -3\]/);
    expect(text).toContain('version V01');
  });
});
