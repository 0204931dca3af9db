/**
 * rnn-architecture: the task table, shuffled choices, answers by table lookup,
 * errors naming fields and options, determinism.
 */
import { describe, expect, it } from 'vitest';
import { rnnArchitecture } from '../../src/families/rnn-architecture.js';
import { ARCHITECTURES, ARCHITECTURE_TASKS } from '../../src/families/architecture-tasks.js';
import { valueToJson, type Value } from '../../src/core/value.js';
import { createRng } from '../../src/core/rng.js';
import { generateProblemSet, problemToJson } from '../../src/problems.js';
import { reference } from './reference/rnn-architecture.js';
import { fieldOf } from './errors.js';
import { stepsOf } from '../support/steps.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../src/families/rnn-architecture.js'),
  () => import('../../src/families/architecture-tasks.js'),
);

const answerOf = (given: object): string => valueToJson(rnnArchitecture.solve(rnnArchitecture.parseGiven(given)).answers.get('architecture') as Value) as string;

describe('rnn-architecture', () => {
  it('can draw 18 tasks × 5! orders of the five architectures = 2160 distinct problems', () => {
    expect(ARCHITECTURE_TASKS).toHaveLength(18);
    expect(rnnArchitecture.drawableVariants).toBe(2160);
  });

  it('offers the five exact strings of SPEC §2', () => {
    expect([...ARCHITECTURES]).toEqual(['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many (aligned)', 'many-to-many (encoder-decoder)']);
  });

  it('has at least 15 distinct tasks covering every architecture', () => {
    expect(ARCHITECTURE_TASKS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ARCHITECTURE_TASKS.map((t) => t.task)).size).toBe(ARCHITECTURE_TASKS.length);
    for (const a of ARCHITECTURES) expect(ARCHITECTURE_TASKS.filter((t) => t.architecture === a).length, a).toBeGreaterThanOrEqual(3);
  });

  it('answers the lecture examples', () => {
    const find = (word: string) => ARCHITECTURE_TASKS.find((t) => t.task.startsWith(word))!.task;
    expect(answerOf({ task: find('Part-of-speech') })).toBe('many-to-many (aligned)');
    expect(answerOf({ task: find('Sentiment') })).toBe('many-to-one');
    expect(answerOf({ task: find('Image captioning') })).toBe('one-to-many');
    expect(answerOf({ task: find('Machine translation') })).toBe('many-to-many (encoder-decoder)');
    expect(answerOf({ task: find('Image classification') })).toBe('one-to-one');
  });

  it('agrees with the keyword reference on every task of the table', () => {
    for (const { task, architecture } of ARCHITECTURE_TASKS) expect(reference({ task, choices: [...ARCHITECTURES] }).architecture, task).toBe(architecture);
  });

  it('shuffles the choices per version and records them as the field choices', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const g = rnnArchitecture.generate(createRng(`a${i}`), rnnArchitecture.parseOptions({}));
      expect([...g.choices].sort()).toEqual([...ARCHITECTURES].sort());
      orders.add(g.choices.join('|'));
      const field = rnnArchitecture.solve(g).fields[0]!;
      expect(field).toMatchObject({ name: 'architecture', kind: 'label', choices: g.choices });
      expect(g.choices).toContain(valueToJson(rnnArchitecture.solve(g).answers.get('architecture')!));
    }
    expect(orders.size).toBeGreaterThan(20);
  });

  it('reads a hand-typed task with spacing or case changed, choices optional', () => {
    expect(answerOf({ task: '  named-entity RECOGNITION: label every word as person, place, organisation or other ' })).toBe('many-to-many (aligned)');
  });

  it('names the field of a bad given and the option of a bad option', () => {
    expect(fieldOf(() => rnnArchitecture.parseGiven({ task: 'Predict the weather' }))).toBe('task');
    expect(fieldOf(() => rnnArchitecture.parseGiven({ task: 3 }))).toBe('task');
    const task = ARCHITECTURE_TASKS[0]!.task;
    expect(fieldOf(() => rnnArchitecture.parseGiven({ task, choices: ['one-to-one', 'one-to-many'] }))).toBe('choices');
    expect(fieldOf(() => rnnArchitecture.parseGiven({ task, choices: ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many', 'seq2seq'] }))).toBe('choices');
    expect(fieldOf(() => rnnArchitecture.parseGiven({ task, answer: 'one-to-one' }))).toBe('answer');
    expect(fieldOf(() => rnnArchitecture.parseOptions({ topic: 'nlp' }))).toBe('topic');
  });

  it('generates byte-identical problems for the same seed', () => {
    const a = JSON.stringify(generateProblemSet('rnn-architecture', 's', 6).problems.map((p) => problemToJson(p, true)));
    expect(JSON.stringify(generateProblemSet('rnn-architecture', 's', 6).problems.map((p) => problemToJson(p, true)))).toBe(a);
  });
});

const LECTURE_ORDER = ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many (aligned)', 'many-to-many (encoder-decoder)'];
const TRANSLATION = 'Machine translation: translate an English sentence into French';
const EXPECTED_TASK = 'expected a task from the rnn-architecture table (e.g. "Machine translation: translate an English sentence into French")';

const messageOf = (raw: unknown): string => {
  try {
    rnnArchitecture.parseGiven(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the given was accepted');
};

describe('rnn-architecture: reading a hand-typed given', () => {
  it('keeps the choices in the order typed, and uses the lecture order when they are left out', () => {
    const typed = ['many-to-many (encoder-decoder)', 'many-to-one', 'one-to-one', 'many-to-many (aligned)', 'one-to-many'];
    expect(rnnArchitecture.parseGiven({ task: TRANSLATION, choices: typed })).toEqual({ task: TRANSLATION, choices: typed, answer: 'many-to-many (encoder-decoder)' });
    expect(rnnArchitecture.parseGiven({ task: TRANSLATION })).toEqual({ task: TRANSLATION, choices: LECTURE_ORDER, answer: 'many-to-many (encoder-decoder)' });
    const field = rnnArchitecture.solve(rnnArchitecture.parseGiven({ task: TRANSLATION, choices: typed })).fields[0]!;
    expect(field.choices).toEqual(typed);
  });

  it('says what a task must be, and what came instead', () => {
    expect(messageOf({})).toBe(`given.task: ${EXPECTED_TASK}, got nothing (the field is missing)`);
    expect(messageOf({ task: 3 })).toBe(`given.task: ${EXPECTED_TASK}, got number`);
    expect(messageOf({ task: 'Predict the weather' })).toBe(`given.task: ${EXPECTED_TASK}, got "Predict the weather"`);
  });

  it('quotes an unknown task of up to 60 characters whole, and cuts a longer one at 60 with an ellipsis', () => {
    const sixty = 'Forecast tomorrow'.padEnd(60, '.');
    expect(sixty).toHaveLength(60);
    expect(messageOf({ task: sixty })).toBe(`given.task: ${EXPECTED_TASK}, got "${sixty}"`);
    expect(messageOf({ task: `${sixty}!` })).toBe(`given.task: ${EXPECTED_TASK}, got "${sixty}…"`);
  });

  it('names the first choice that is not one of the five, and lists the five', () => {
    const choices = ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many (aligned)', 'seq2seq'];
    expect(messageOf({ task: TRANSLATION, choices })).toBe(
      'given.choices: expected the five architectures "one-to-one", "one-to-many", "many-to-one", "many-to-many (aligned)", "many-to-many (encoder-decoder)" in any order, got "seq2seq"',
    );
  });

  it('matches a task whatever its spacing (runs of spaces, tabs, line breaks) or case, but not with words run together', () => {
    expect(answerOf({ task: 'Sentiment  analysis:\tdecide whether a movie\nreview is positive or negative' })).toBe('many-to-one');
    expect(answerOf({ task: 'SENTIMENT ANALYSIS: DECIDE WHETHER A MOVIE REVIEW IS POSITIVE OR NEGATIVE' })).toBe('many-to-one');
    expect(fieldOf(() => rnnArchitecture.parseGiven({ task: 'Sentimentanalysis: decide whether a movie review is positive or negative' }))).toBe('task');
  });
});

describe('rnn-architecture: the worked step', () => {
  // The reason a student reads beside each answer.
  it.each([
    ['Image classification: decide whether a single photo shows a cat or a dog', 'one-to-one', 'one fixed-size input, one output, no sequence'],
    ['Image captioning: generate a sentence that describes a single image', 'one-to-many', 'one input, then a sequence of outputs'],
    ['Sentiment analysis: decide whether a movie review is positive or negative', 'many-to-one', 'a sequence of inputs, one output after the last step'],
    ['Part-of-speech tagging: give every word of a sentence its tag (NOUN, VERB, …)', 'many-to-many (aligned)', 'one output for every input, step by step'],
    [TRANSLATION, 'many-to-many (encoder-decoder)', 'the whole input sequence is read first, then an output sequence of its own length is written'],
  ])('%s → %s', (task, architecture, reason) => {
    expect(stepsOf('rnn-architecture', { task })).toEqual([['architecture', '\\text{architecture}', `\\text{${reason}}`, '{0}', [architecture], architecture]]);
  });
});
