/**
 * Moodle marks equal the PDF's points (issue 13): Moodle gives a Cloze question
 * the sum of its whole-number box weights as its mark, so the course bank sets
 * `points_per: component` and every box's share of its field is whole. Checked
 * on the exported XML, read back with a real XML parser and the Cloze reader,
 * against the manifest's points (what the PDF prints).
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { loadBank, parseBank } from '../../src/bank/load.js';
import { components } from '../../src/core/value.js';
import { bankVersions, bankViews } from '../../src/export/from-bank.js';
import { exportMoodleXml, moodleMarkMultiplier } from '../../src/export/moodle.js';
import { parseCloze } from '../../src/export/cloze-parse.js';
import type { ExamProblem } from '../../src/manifest.js';

const COURSE_BANK = 'question-banks/rnn-midterm.yaml';

interface XmlQuestion {
  '@_type': string;
  idnumber?: string;
  defaultgrade?: string;
  questiontext?: { text: string };
}

function exported(bankFile: string, seed: string, versions: number) {
  const bank = loadBank(bankFile);
  const views = bankViews(bank, seed, versions);
  const manifest = bankVersions(bank, seed, versions);
  const xml = exportMoodleXml(views.exam, views.versions);
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (n) => n === 'question' }).parse(xml) as { quiz: { question: XmlQuestion[] } };
  return { views, manifest, clozes: doc.quiz.question.filter((q) => q['@_type'] === 'cloze') };
}

describe('Moodle marks of the course bank (points_per: component)', () => {
  const { views, manifest, clozes } = exported(COURSE_BANK, '2026', 3);
  const problems = new Map<string, ExamProblem>(manifest.versions.flatMap((v) => v.problems.map((p) => [`${manifest.bank}/${p.item}/${v.id}/${p.id}`, p] as const)));

  it('needs no multiplier: every box share is whole', () => {
    expect(moodleMarkMultiplier(views.versions)).toBe(1);
  });

  it('gives every question the mark its PDF points say, in the box weights and in <defaultgrade>', () => {
    expect(clozes).toHaveLength(problems.size);
    let total = 0;
    for (const q of clozes) {
      const problem = problems.get(q.idnumber ?? '');
      expect(problem, q.idnumber).toBeDefined();
      const points = Object.values(problem!.points).reduce((a, b) => a + b, 0);
      const boxes = parseCloze(q.questiontext?.text ?? '').subquestions;
      expect(
        boxes.reduce((sum, b) => sum + b.weight, 0),
        q.idnumber,
      ).toBe(points);
      expect(Number(q.defaultgrade)).toBe(points);
      total += points;
    }
    // The paper's total, version by version, is what Moodle's questions add up to.
    const paper = manifest.versions.reduce((sum, v) => sum + v.problems.reduce((s, p) => s + Object.values(p.points).reduce((a, b) => a + b, 0), 0), 0);
    expect(total).toBe(paper);
  });

  it('weights each box as one number of its field: a vector field of n numbers at 1 point each is worth n', () => {
    const classwork = manifest.versions[0]!.problems.find((p) => p.item === 'classwork')!;
    // The lecture's classwork: h1 = [4, 0] and h2 = [7, 5] (2 numbers), y1, y2 (3 numbers), two labels at 2.
    for (const f of classwork.fields) {
      const value = classwork.answers.get(f.name)!;
      const expected = value.kind === 'label' ? 2 : components(value).length;
      expect(classwork.points[f.name], f.name).toBe(expected);
    }
    expect(classwork.points.h1).toBe(2);
  });
});

describe('points_per', () => {
  const header = 'course: C\ntitle: T\ndate: "2026-03-12"\n';
  const item = 'items:\n  - id: classwork\n    family: rnn-forward\n    options: { steps: 2, hidden: 3 }\n';

  it('field (the default): a vector shares its points, so 1 point over 3 numbers needs Moodle weights 6 × the points', () => {
    const bank = parseBank(`${header}${item}`, 'per-field.yaml');
    expect(bank.pointsPer).toBe('field');
    const manifest = bankVersions(bank, 's', 1);
    const p = manifest.versions[0]!.problems[0]!;
    expect(p.points.h1).toBe(1);
    expect(moodleMarkMultiplier(bankViews(bank, 's', 1).versions)).toBeGreaterThan(1);
  });

  it('component: each of the 3 numbers of h1 earns the point, and the multiplier is 1', () => {
    const bank = parseBank(`${header}points_per: component\n${item}`, 'per-component.yaml');
    const p = bankVersions(bank, 's', 1).versions[0]!.problems[0]!;
    expect(p.points.h1).toBe(3);
    expect(moodleMarkMultiplier(bankViews(bank, 's', 1).versions)).toBe(1);
  });

  it('refuses anything else, naming the key and its line', () => {
    expect(() => parseBank(`${header}points_per: box\n${item}`, 'bad.yaml')).toThrow(/bad\.yaml:4.*expected points_per: field .* or component/s);
  });
});
