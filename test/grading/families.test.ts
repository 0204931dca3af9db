/**
 * Table-driven grading contract for every family in the registry: correct
 * answers in every form a student may type them, each named mistake, carried
 * errors, blanks and garbage, with the exact expected status, points and
 * mistake id. New families join these tables by registering themselves.
 */
import { describe, expect, it } from 'vitest';
import { type Value, components, vector, scalar } from '../../src/core/value.js';
import { type Num, add, isExact, q, toNumber } from '../../src/core/num.js';
import { distinguishable } from '../../src/families/engine.js';
import type { FieldSpec } from '../../src/families/contract.js';
import type { Problem } from '../../src/problems.js';
import { gradeProblem, formatKey, formatValueText } from '../../src/grading/index.js';
import { NOTATIONS, asDecimal, families, inNotation, rounded, samples, texts } from './helpers.js';

const keyOf = (p: Problem, name: string): Value => p.answers.get(name) as Value;
const numberFields = (p: Problem): FieldSpec[] => p.fields.filter((f) => f.kind !== 'label');

/** Answers every field of `p` with `answer(field, key)`. */
function answerAll(p: Problem, answer: (f: FieldSpec, key: Value) => string): Record<string, string> {
  return Object.fromEntries(p.fields.map((f) => [f.name, answer(f, keyOf(p, f.name))]));
}

function expectAllCorrect(p: Problem, answers: Record<string, string>): void {
  const r = gradeProblem(p, answers);
  for (const f of p.fields) {
    expect({ field: f.name, given: answers[f.name], status: r.fields[f.name]!.status, points: r.fields[f.name]!.points }).toEqual({
      field: f.name,
      given: answers[f.name],
      status: 'correct',
      points: 1,
    });
  }
  expect(r.score).toBe(p.fields.length);
}

/** A clearly wrong value of the field's kind: 1 added to the first component (2.5 for numeric ones). */
function perturbed(key: Value): Value {
  const xs = components(key);
  const bump = (x: Num): Num => (isExact(x) ? add(x, q(1)) : toNumber(x) + 2.5);
  const ys = xs.map((x, i) => (i === 0 ? bump(x) : x));
  return key.kind === 'scalar' ? scalar(ys[0] as Num) : vector(ys);
}

describe.each(families())('grading %s', (_id, family) => {
  const problems = samples(family);

  it('grades the key at full precision as correct, 100 %', () => {
    for (const p of problems) expectAllCorrect(p, formatKey(p));
  });

  it.each([2, 3, 4])('accepts numeric answers rounded to %i decimals', (k) => {
    for (const p of problems)
      expectAllCorrect(
        p,
        answerAll(p, (f, key) => (f.kind === 'label' ? formatValueText(key) : inNotation(key, texts(key, rounded(k)), NOTATIONS.brackets!))),
      );
  });

  it('accepts exact values as fractions and as terminating decimals', () => {
    for (const p of problems) {
      expectAllCorrect(
        p,
        answerAll(p, (f, key) => (f.kind === 'label' ? formatValueText(key) : inNotation(key, texts(key), NOTATIONS.brackets!))),
      );
      expectAllCorrect(
        p,
        answerAll(p, (f, key) => (f.kind === 'label' ? formatValueText(key) : inNotation(key, texts(key, asDecimal), NOTATIONS.brackets!))),
      );
    }
  });

  it.each(Object.keys(NOTATIONS))('accepts vectors written as %s, with unicode minus too', (notation) => {
    for (const p of problems) {
      const answers = answerAll(p, (f, key) => (f.kind === 'label' ? formatValueText(key) : inNotation(key, texts(key), NOTATIONS[notation]!)));
      expectAllCorrect(p, answers);
      expectAllCorrect(p, Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v.replace(/-/g, '−')])));
    }
  });

  it('accepts labels in any case and by index from 0', () => {
    for (const p of problems) {
      for (const f of p.fields.filter((x) => x.kind === 'label')) {
        const key = keyOf(p, f.name).v as string;
        const index = String(f.choices!.indexOf(key));
        for (const typed of [key.toUpperCase(), key.toLowerCase(), ` ${key} `, index]) {
          expect(gradeProblem(p, { [f.name]: typed }).fields[f.name]).toMatchObject({ status: 'correct', points: 1 });
        }
        const wrong = f.choices!.find((c) => c !== key)!;
        expect(gradeProblem(p, { [f.name]: wrong }).fields[f.name]).toMatchObject({ status: 'incorrect', points: 0 });
      }
    }
  });

  // Each named mistake, against values computed independently: test/families/mistakes.test.ts.

  it('flags off-by-one: the key of the neighbouring time step', () => {
    for (const p of problems) {
      for (const f of numberFields(p)) {
        if (f.t === undefined || f.t < 2) continue;
        const earlier = p.answers.get(`${f.quantity}${f.t - 1}`);
        if (!earlier || !distinguishable(earlier, keyOf(p, f.name))) continue;
        const r = gradeProblem(p, { [f.name]: formatValueText(earlier) }).fields[f.name]!;
        // A named rule mistake that gives the same value is named first; otherwise off-by-one.
        expect(r.status).toBe('incorrect');
        expect(r.points).toBe(0);
        expect(r.mistake).toBeDefined();
      }
    }
  });

  it("carries an earlier error forward: a later field right given the student's own answer earns full credit", () => {
    let carried = 0;
    for (const p of problems) {
      for (const f of numberFields(p)) {
        const wrong = perturbed(keyOf(p, f.name));
        const recomputed = family.recompute(p.given, new Map([[f.name, wrong]]));
        const later = p.fields.find((g) => g.kind !== 'label' && g.name !== f.name && recomputed && distinguishable(recomputed.get(g.name)!, keyOf(p, g.name)));
        if (!later || !recomputed) continue;
        const r = gradeProblem(p, { [f.name]: formatValueText(wrong), [later.name]: formatValueText(recomputed.get(later.name)!) });
        expect(r.fields[f.name]!.status).toBe('incorrect');
        expect(r.fields[later.name]).toMatchObject({ status: 'carried', points: 1, max: 1 });
        expect(r.fields[later.name]!.feedback).toContain('carried forward');
        carried++;
        break;
      }
    }
    const chained = numberFields(problems[0]!).length > 1 && family.id !== 'param-count';
    if (chained) expect(carried).toBeGreaterThan(0);
  });

  it('reports blanks, garbage and wrong vector lengths without points and without throwing', () => {
    for (const p of problems) {
      const r = gradeProblem(p, {});
      expect(r.score).toBe(0);
      for (const f of p.fields) expect(r.fields[f.name]).toEqual({ status: 'blank', points: 0, max: 1, feedback: 'No answer given.' });
      for (const f of p.fields) {
        for (const garbage of ['@@', '[1, 2', 'foo(1)', '1 +', ')', '{}', 'process.exit()']) {
          const g = gradeProblem(p, { [f.name]: garbage }).fields[f.name]!;
          expect({ garbage, status: g.status, points: g.points }).toEqual({ garbage, status: 'unreadable', points: 0 });
          expect(g.feedback).toMatch(/^Could not read this answer: /);
        }
        if (typeof f.shape === 'number') {
          const g = gradeProblem(p, {
            [f.name]: `[${Array(f.shape + 1)
              .fill('1')
              .join(', ')}]`,
          }).fields[f.name]!;
          expect(g).toMatchObject({ status: 'unreadable', points: 0, feedback: `Could not read this answer: expected a vector of ${f.shape} numbers, got ${f.shape + 1} numbers.` });
        }
      }
    }
  });

  it('never shows the correct answer in feedback', () => {
    for (const p of problems) {
      const wrong = answerAll(p, (f, key) => (f.kind === 'label' ? 'zzz' : formatValueText(perturbed(key))));
      const r = gradeProblem(p, wrong);
      const key = formatKey(p);
      for (const f of p.fields) {
        const fb = r.fields[f.name]!.feedback;
        if (f.kind !== 'label') expect(fb).not.toContain(key[f.name]);
      }
    }
  });
});
