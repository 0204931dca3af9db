/**
 * The question view reads each family's presentation metadata once, so the
 * writers need not: a choice question's stem without its list, its topic and
 * hint; a computed question's fields and its restating rule; the LSTM's
 * concatenated `[U | W]` print, built by the family (worked out by hand below).
 */
import { describe, expect, it } from 'vitest';
import { valueToJson } from '../../src/core/value.js';
import { getFamily } from '../../src/families/registry.js';
import type { ExamProblem } from '../../src/manifest.js';
import { solvedProblem } from '../../src/problems.js';
import { createViewBuilder } from '../../src/view/build.js';
import { CLASSWORK_GIVEN, LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

const views = createViewBuilder();

function examProblem(family: string, given: object, options: Record<string, unknown> = {}): ExamProblem {
  const f = getFamily(family);
  const p = solvedProblem(f, 'p1', options, f.parseGiven(given));
  return { ...p, points: Object.fromEntries(p.fields.map((x) => [x.name, 1])), tolerance: {} };
}

describe('question view', () => {
  it('gives a multiple-choice question its stem without the list, the Concepts topic and a choice hint', () => {
    const q = views.question(examProblem('multiple-choice', { stem: 'Which gate decides what to forget?', choices: ['input gate', 'forget gate'], answer: 'forget gate' }), 4);
    expect(q.number).toBe(4);
    expect(q.topic).toBe('Concepts');
    expect(q.choiceOnly).toBe(true);
    expect(q.stepsNameChoicePositions).toBe(true);
    expect(q.statement).toContain('(1) forget gate');
    expect(q.stem).toBe('Which gate decides what to forget?');
    expect(q.fields.map((f) => [f.key, f.hint.paper, f.hint.web])).toEqual([['p1.choice', 'number or name of the choice', 'the number of your choice (from 0) or its text']]);
    expect(q.restateInKey).toBe(true);
  });

  it('gives the classwork its title as topic, every field with the key symbol, and no restating in the key', () => {
    const q = views.question(examProblem('rnn-forward', CLASSWORK_GIVEN), 1);
    expect(q.topic).toBe(getFamily('rnn-forward').title);
    expect(q.choiceOnly).toBe(false);
    expect(q.stem).toBe(q.statement);
    expect(q.restateInKey).toBe(false); // the statement prints U, W, V as matrices
    const h1 = q.fields.find((f) => f.name === 'h1');
    expect(h1 && [h1.key, h1.symbolTex, h1.kind, h1.shape, h1.hint.paper]).toEqual(['p1.h1', '\\mathbf{h}^{(1)}', 'exact', 2, '2 exact numbers']);
    expect(h1 && valueToJson(h1.answer)).toEqual([4, 0]); // the classwork: h1 = U h0 + W x1 = [2, -1] + [2, 1]
    expect(q.fields.find((f) => f.name === 'label2')?.hint.web).toBe('ADJ, DET or NOUN (or its index from 0)');
    expect(q.points).toBe(q.fields.length);
  });

  it('prints the LSTM practice in concatenated notation with [U_f | W_f] = [0 0 1 1; 2 3 0 1], h first', () => {
    const q = views.question(examProblem('lstm', LSTM_PRACTICE_GIVEN, { notation: 'concatenated' }), 1);
    expect(q.statement).toContain('W_f = \\begin{bmatrix} 0 & 0 & 1 & 1 \\\\ 2 & 3 & 0 & 1 \\end{bmatrix}');
    // Wi = [1 0; 0 1], Ui = [0 −1; 1 0] → [0 −1 1 0; 1 0 0 1]
    expect(q.statement).toContain('W_i = \\begin{bmatrix} 0 & -1 & 1 & 0 \\\\ 1 & 0 & 0 & 1 \\end{bmatrix}');
  });

  it('builds a problem once: the same object gives the same view', () => {
    const p = examProblem('rnn-forward', CLASSWORK_GIVEN);
    expect(views.question(p, 1)).toBe(views.question(p, 1));
  });
});
