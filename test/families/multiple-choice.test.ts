/**
 * multiple-choice and the registry: a lecture question solved from its given
 * (answer, worked step naming the index in this version's order), every error of
 * a hand-typed item, shuffling per version; the registry's errors, registration
 * and problem titles.
 */
import { describe, expect, it } from 'vitest';
import { multipleChoice, parseChoiceGiven, shuffledChoices, LECTURE_QUESTIONS } from '../../src/families/multiple-choice.js';
import { getFamily, isFamilyId, listFamilies, problemTitle, registerFamily } from '../../src/families/registry.js';
import { createRng } from '../../src/core/rng.js';
import { valueToJson } from '../../src/core/value.js';
import { generateProblemSet } from '../../src/problems.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/multiple-choice.js'));

const item = { stem: 'Which gate decides what the cell forgets?', choices: ['input', 'forget', 'output'], answer: 'forget' };

describe('multiple-choice', () => {
  it('answers with the correct choice and shows its index in this order', () => {
    const solution = multipleChoice.solve(multipleChoice.parseGiven(item));
    expect(valueToJson(solution.answers.get('choice')!)).toBe('forget');
    expect(solution.fields).toEqual([expect.objectContaining({ name: 'choice', shape: 'label', choices: ['input', 'forget', 'output'] })]);
    expect(solution.steps).toHaveLength(1);
    const [step] = solution.steps;
    expect(step).toMatchObject({ field: 'choice', lhs: '\\text{choice}', template: '\\text{index } {0}' });
    expect(valueToJson(step!.args[0]!)).toBe(1);
    expect(valueToJson(step!.value)).toBe('forget');
  });

  it('round-trips its given and says it is answered by one pick', () => {
    expect(multipleChoice.givenToJson(multipleChoice.parseGiven(item))).toEqual(item);
    expect(multipleChoice.presentation).toMatchObject({ topic: 'Concepts', choiceOnly: true, stepsNameChoicePositions: true });
    expect(multipleChoice.mistakes).toEqual([]);
  });

  it.each([
    [{ ...item, stem: '  ' }, 'given.stem: expected the question text, got string'],
    [{ choices: item.choices, answer: 'forget' }, 'given.stem: expected the question text, got nothing (the field is missing)'],
    [{ ...item, stem: 7 }, 'given.stem: expected the question text, got number'],
    [{ ...item, choices: ['forget'] }, 'given.choices: expected at least 2 choices, got 1'],
    [{ ...item, answer: 'Forget' }, 'given.answer: expected one of the choices, spelled exactly, got "Forget"'],
    [{ ...item, answer: 1 }, 'given.answer: expected one of the choices, spelled exactly, got 1'],
    [{ ...item, hint: 'x' }, 'given.hint: no such field (allowed: stem, choices, answer)'],
  ])('refuses %j: %s', (raw, message) => {
    expect(() => parseChoiceGiven(raw)).toThrow(message);
  });

  it('shuffles the choices per version and keeps stem and answer', () => {
    const orders = new Set<string>();
    for (const seed of ['V01', 'V02', 'V03', 'V04', 'V05', 'V06']) {
      const s = shuffledChoices(createRng(seed), LECTURE_QUESTIONS[0]!);
      expect(s.stem).toBe(LECTURE_QUESTIONS[0]!.stem);
      expect(s.answer).toBe(LECTURE_QUESTIONS[0]!.answer);
      expect([...s.choices].sort()).toEqual([...LECTURE_QUESTIONS[0]!.choices].sort());
      orders.add(s.choices.join('|'));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('draws a lecture question whose answer is one of its choices', () => {
    const p = generateProblemSet('multiple-choice', '3', 1).problems[0]!;
    const g = p.given as { stem: string; choices: string[]; answer: string };
    expect(LECTURE_QUESTIONS.map((q) => q.stem)).toContain(g.stem);
    expect(g.choices).toContain(g.answer);
    expect(valueToJson(p.answers.get('choice')!)).toBe(g.answer);
  });
});

describe('registry', () => {
  it('knows the built-in families, and nothing else', () => {
    expect(listFamilies().map((f) => f.id)).toEqual(['rnn-forward', 'birnn-forward', 'rnn-classify', 'lstm', 'gru', 'bptt', 'param-count', 'rnn-architecture', 'multiple-choice']);
    expect(isFamilyId('lstm')).toBe(true);
    expect(isFamilyId('lstm2')).toBe(false);
    expect(getFamily('gru').id).toBe('gru');
  });

  it.each([
    ['lstn', 'option family: unknown family "lstn"; did you mean "lstm"? (known: rnn-forward, birnn-forward, rnn-classify, lstm, gru, bptt, param-count, rnn-architecture, multiple-choice)'],
    ['transformer', 'option family: unknown family "transformer" (known: rnn-forward, birnn-forward, rnn-classify, lstm, gru, bptt, param-count, rnn-architecture, multiple-choice)'],
  ])('names an unknown family %s and the known ones', (id, message) => {
    expect(() => getFamily(id)).toThrow(message);
  });

  it('registers a family once, refuses its id again, and removes it', () => {
    const toy = { ...multipleChoice, id: 'toy-choice' } as unknown as Parameters<typeof registerFamily>[0];
    const unregister = registerFamily(toy);
    try {
      expect(getFamily('toy-choice')).toBe(toy);
      expect(isFamilyId('toy-choice')).toBe(true);
      expect(() => registerFamily(toy)).toThrow('option family: a family "toy-choice" is already registered');
    } finally {
      unregister();
    }
    expect(isFamilyId('toy-choice')).toBe(false);
    expect(() => registerFamily(multipleChoice)).toThrow('a family "multiple-choice" is already registered');
  });

  it('titles a problem by its drawn topic, its fixed topic, or its family title', () => {
    const title = (family: string, given: object) => problemTitle({ family, given, answers: getFamily(family).solve(getFamily(family).parseGiven(given)).answers });
    expect(title('multiple-choice', item)).toBe('Concepts');
    expect(title('bptt', { activation: 'identity', u: '1/2', w: 1, h0: 2, xs: [1, 0, 0] })).toBe('Backpropagation through time: the vanishing gradient');
    expect(title('bptt', { activation: 'identity', u: 2, w: 1, h0: 1, xs: [1, 0, 0] })).toBe('Backpropagation through time: the exploding gradient');
    expect(
      title('gru', {
        Wz: [
          [1, 0, 1],
          [0, 1, 0],
        ],
        Wr: [
          [0, 1, 1],
          [1, 1, 0],
        ],
        Wh: [
          [1, 0, 0],
          [0, 1, 1],
        ],
        h0: [1, -1],
        xs: [[2]],
      }),
    ).toBe('GRU forward pass');
  });
});
