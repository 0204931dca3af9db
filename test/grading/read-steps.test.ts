/**
 * The reading and comparing steps under the grader, as hand-worked tables:
 * blank and over-long answers at the 500-character bound (MAX_ANSWER_LENGTH),
 * labels (names, indices, quotes and dashes), how commas are read, matchValue
 * on mismatched shapes, the notes of a correct answer, a mistake's default
 * wording, partial credit against a key of another length, the typed-key
 * verdict for a key that does not read as right, and the ≤ of both
 * tolerances. Every fixture is made inside its test (see test/support/fixture.ts).
 */
import { describe, expect, it } from 'vitest';
import { q } from '../../src/core/num.js';
import { type Value, label, matrix, scalar, vector } from '../../src/core/value.js';
import type { FieldSpec } from '../../src/families/contract.js';
import { type AnswerShape, commaReading, isBlank, normalizeLabel, readAnswer } from '../../src/grading/answer.js';
import { type FieldCase, type Readable, markAgainstKey, markBlank, markMistake, markPartial, markUnreadable, matchValue } from '../../src/grading/mark.js';
import { markTypedKey } from '../../src/grading/typed-key.js';
import { type ComponentMatch, matchComponent, roundsCorrectly, withinTolerance } from '../../src/grading/tolerance.js';

const TOL = { rtol: 0.01, atol: 0.01 };

/** A field case; the key's shape gives the field's. */
function fieldCase(key: Value, extra: Partial<FieldSpec> = {}): FieldCase {
  const shape = key.kind === 'vector' ? key.v.length : key.kind === 'label' ? 'label' : 'scalar';
  return { field: { name: 'x1', kind: key.kind === 'label' ? 'label' : 'exact', shape, quantity: 'x', t: 1, ...extra }, key, max: 1, tolerance: TOL };
}

function read(text: string, shape: AnswerShape): Readable {
  const r = readAnswer(text, shape);
  if (!r.ok) throw new Error(`unreadable: ${text}: ${r.message}`);
  return r;
}

describe('blank and over-long answers (at most 500 characters are read)', () => {
  it.each([
    [undefined, true],
    ['', true],
    [' \t\n ', true],
    [' '.repeat(500), true],
    // 501 spaces are not scanned: too long, not blank.
    [' '.repeat(501), false],
    ['0', false],
    [' 0 ', false],
  ])('isBlank(%j) = %s', (text, blank) => {
    expect(isBlank(text)).toBe(blank);
  });

  it.each([
    // "1" and 499 spaces: 500 characters, read.
    ['1' + ' '.repeat(499), { ok: true }],
    ['1' + ' '.repeat(500), { ok: false, message: 'the answer is 501 characters long; at most 500 are read' }],
  ])('a %#: %j', (text, expected) => {
    expect(readAnswer(text, { shape: 'scalar' })).toMatchObject(expected);
  });

  it('marks 500 spaces blank and 501 unreadable', () => {
    const c = () => fieldCase(scalar(q(1)));
    expect(markBlank(c(), ' '.repeat(500))).toEqual({ status: 'blank', points: 0, max: 1, feedback: 'No answer given.' });
    expect(markBlank(c(), ' '.repeat(501))).toBeNull();
    expect(markUnreadable(c(), ' '.repeat(501))).toEqual({
      result: { status: 'unreadable', points: 0, max: 1, feedback: 'Could not read this answer: the answer is 501 characters long; at most 500 are read.' },
    });
  });

  it('reads only text', () => {
    expect(markUnreadable(fieldCase(scalar(q(4))), 4 as unknown as string)).toEqual({
      result: { status: 'unreadable', points: 0, max: 1, feedback: 'Could not read this answer: the answer is not text.' },
    });
  });
});

describe('vectors of the wrong length name the counts, singular or plural', () => {
  it.each([
    ['[5]', 2, 'expected a vector of 2 numbers, got 1 number'],
    ['5', 2, 'expected a vector of 2 numbers, got a single number'],
    ['[1, 2, 3]', 2, 'expected a vector of 2 numbers, got 3 numbers'],
    ['[1, 2]', 'scalar', 'expected one number, got a vector of 2 numbers'],
  ] as const)('%j for %s', (text, shape, message) => {
    expect(readAnswer(text, { shape })).toEqual({ ok: false, message });
  });
});

describe('labels', () => {
  it.each([
    ['Past-Tense', 'past tense'],
    ['NOUN', 'noun'],
    ['"Noun"', 'noun'],
    ['\u2018Noun\u2019', 'noun'],
    ['  a__b  ', 'a b'],
    ['(adj)', 'adj'],
    ['x \u2212 y', 'x y'],
  ])('normalizeLabel(%j) = %j', (text, normal) => {
    expect(normalizeLabel(text)).toBe(normal);
  });

  const tags = () => ({ shape: 'label' as const, choices: ['ADJ', 'DET', 'NOUN', 'past tense'] });
  it.each([
    ['noun', { ok: true, kind: 'label', label: 'NOUN', notes: [] }],
    ["'noun'", { ok: true, kind: 'label', label: 'NOUN', notes: [] }],
    ['Past-Tense', { ok: true, kind: 'label', label: 'past tense', notes: [] }],
    ['pasttense', { ok: false, message: '"pasttense" is not one of the labels (ADJ, DET, NOUN, past tense), nor an index from 0' }],
    ['2', { ok: true, kind: 'label', label: 'NOUN', notes: [] }],
    // Indices run 0..3: 4 and 12 are indices of no label; 1234 has too many digits to be one.
    ['4', { ok: false, message: 'there is no label with index 4 (indices run from 0 to 3)' }],
    ['12', { ok: false, message: 'there is no label with index 12 (indices run from 0 to 3)' }],
    ['1234', { ok: false, message: '"1234" is not one of the labels (ADJ, DET, NOUN, past tense), nor an index from 0' }],
    // Digits with a letter are no index.
    ['a1', { ok: false, message: '"a1" is not one of the labels (ADJ, DET, NOUN, past tense), nor an index from 0' }],
    ['1a', { ok: false, message: '"1a" is not one of the labels (ADJ, DET, NOUN, past tense), nor an index from 0' }],
    // The message quotes the answer trimmed, at most 40 characters of it.
    ['  VERB  ', { ok: false, message: '"VERB" is not one of the labels (ADJ, DET, NOUN, past tense), nor an index from 0' }],
    [' ' + 'x'.repeat(45), { ok: false, message: `"${'x'.repeat(40)}" is not one of the labels (ADJ, DET, NOUN, past tense), nor an index from 0` }],
  ])('%j', (text, expected) => {
    expect(readAnswer(text, tags())).toEqual(expected);
  });

  it('takes any label, trimmed, for a field that offers none', () => {
    expect(readAnswer('  Some Tag ', { shape: 'label' })).toEqual({ ok: true, kind: 'label', label: 'Some Tag', notes: [] });
  });
});

describe('commaReading', () => {
  const AMBIGUOUS = (chain: string, want: string) =>
    `the commas in "${chain}" could be decimal commas or separators, so it is not clear which ${want} you mean: write decimals with a point ([0.5, 1.25]) or separate the numbers with ";" ([0,5; 1,25])`;
  it.each([
    // No comma between digits: nothing to decide.
    ['[4, 0]', 2, { commaDecimal: false }],
    ['4', 'scalar', { commaDecimal: false }],
    // Separators that give the expected length.
    ['[1,2]', 2, { commaDecimal: false }],
    ['0,88', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.' }],
    ['[0,5; 1,25]', 2, { commaDecimal: true, note: 'The commas between digits were read as decimal points.' }],
    // One number in thousands groups is read as a decimal with a hint, trailing space or not.
    ['12,345', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.', hint: 'Did you mean 12345? Write numbers without thousands separators.' }],
    ['12,345 ', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.', hint: 'Did you mean 12345? Write numbers without thousands separators.' }],
    // A leading zero is no thousands group: no hint.
    ['0,345', 'scalar', { commaDecimal: true, note: 'The comma was read as a decimal point.' }],
    // Several commas in one number: the message names the chain, trimmed, or 30 characters of it.
    [' 1,234,567 ', 'scalar', { message: '"1,234,567" looks like a number with thousands separators: write it without them (1234567)' }],
    ['1,234,567', 2, { message: AMBIGUOUS('1,234,567', '2 numbers') }],
    ['1,2,3,4,5,6,7,8,9,10,11,12,13,14,15', 2, { message: AMBIGUOUS('1,2,3,4,5,6,7,8,9,10,11,12,13,', '2 numbers') }],
  ] as const)('%j as %s', (text, shape, expected) => {
    expect(commaReading(text, shape)).toStrictEqual(expected);
  });
});

describe('matchValue: one match per component, or null when the shapes differ', () => {
  it.each<[string, () => Readable, () => Value | undefined, ComponentMatch[] | null]>([
    ['a label against the same label', () => read('noun', { shape: 'label', choices: ['NOUN'] }), () => label('NOUN'), ['exact']],
    ['a label against another', () => read('noun', { shape: 'label', choices: ['NOUN'] }), () => label('ADJ'), [null]],
    ['a label against a number', () => read('noun', { shape: 'label', choices: ['NOUN'] }), () => scalar(q(1)), null],
    ['numbers against a label', () => read('[1, 2]', { shape: 2 }), () => label('NOUN'), null],
    // A matrix is no answer's shape, even with as many entries as the answer has numbers.
    [
      'four numbers against a 2×2 matrix',
      () => read('[1, 2, 3, 4]', { shape: 4 }),
      () =>
        matrix([
          [q(1), q(2)],
          [q(3), q(4)],
        ]),
      null,
    ],
    ['two numbers against three', () => read('[1, 2]', { shape: 2 }), () => vector([q(1), q(2), q(3)]), null],
    ['two numbers against nothing', () => read('[1, 2]', { shape: 2 }), () => undefined, null],
    ['two numbers against two', () => read('[1, 3]', { shape: 2 }), () => vector([q(1), q(2)]), ['exact', null]],
  ])('%s', (_, answer, reference, expected) => {
    expect(matchValue(answer(), reference(), TOL)).toEqual(expected);
  });
});

describe('the steps of one field', () => {
  it('adds the notes of the reading to a correct answer', () => {
    // 0,333 is 0.333 (one decimal comma), the correctly rounded 1/3.
    const c = fieldCase(vector([q(1, 3), q(1)]));
    const answer = read('[0,333; 1]', c.field);
    expect(markAgainstKey(c, answer)).toEqual({
      status: 'correct',
      points: 1,
      max: 1,
      feedback: 'Correct. The comma was read as a decimal point. Accepted as a correctly rounded decimal; the exact value is a fraction.',
    });
  });

  it("words a mistake in its own sentence unless told otherwise, and the candidate's own wording first", () => {
    const c = fieldCase(vector([q(7), q(5)]));
    const answer = read('[4, 0]', c.field);
    expect(markMistake(c, answer, [{ id: 'off-by-one', value: vector([q(4), q(0)]) }], 0.25)).toEqual({
      status: 'incorrect',
      points: 0.25,
      max: 1,
      feedback: 'Not correct. This is the value of a neighbouring time step: check which t the question asks for.',
      mistake: 'off-by-one',
    });
    expect(markMistake(c, answer, [{ id: 'off-by-one', value: vector([q(4), q(0)]), feedback: 'Own words.' }], 0)?.feedback).toBe('Not correct. Own words.');
    // The first candidate that matches wins; one of another shape is passed over.
    const candidates = [
      { id: 'swapped-UW' as const, value: vector([q(4), q(0), q(0)]) },
      { id: 'missing-bias' as const, value: vector([q(4), q(0)]) },
      { id: 'off-by-one' as const, value: vector([q(4), q(0)]) },
    ];
    expect(markMistake(c, answer, candidates, 0)?.mistake).toBe('missing-bias');
  });

  it('gives no component credit against a key of another length', () => {
    // The key has 3 components, the answer 2: no component can be compared, whatever its value.
    const c = fieldCase(vector([q(4), q(0), q(1)]));
    const answer = read('[4, 0]', { shape: 2 });
    expect(markPartial(c, answer, undefined, 1)).toEqual({ status: 'incorrect', points: 0, max: 1, feedback: 'Not correct.' });
  });
});

describe('markTypedKey when the key as printed does not read as right', () => {
  it('gives no verdict for a key too long to read (101 thirds: 505 characters)', () => {
    const c = fieldCase(vector(Array.from({ length: 101 }, () => q(1, 3))));
    const text = `[${Array.from({ length: 101 }, () => '1/3').join(', ')}]`;
    expect(text).toHaveLength(505);
    expect(markTypedKey({}, c, text)).toBeNull();
  });

  it('gives no verdict for a label key that reads as another label', () => {
    // The key "1" is not one of the choices; typed, it is read as index 1, B, which is not "1".
    const c = fieldCase(label('1'), { choices: ['A', 'B'] });
    expect(markTypedKey({}, c, '1')).toBeNull();
  });
});

describe('both tolerances include their bound', () => {
  it.each([
    // |x − e| = 1e-12 = max(0, 0) + 1e-12 · max(1, 0): on the bound, inside.
    [1e-12, 0, true],
    [-1e-12, 0, true],
    [3e-12, 0, false],
  ])('withinTolerance(%d, %d, 0, 0) = %s', (x, e, inside) => {
    expect(withinTolerance(x, e, { rtol: 0, atol: 0 })).toBe(inside);
  });

  it.each([
    // An exact 0 typed as a double: |x − 0| ≤ 1e-9 · max(1, 0) = 1e-9.
    [1e-9, 'exact'],
    [-1e-9, 'exact'],
    [3e-9, null],
  ] as const)('a double %d for an exact 0: %s', (x, expected) => {
    expect(matchComponent({ v: x }, q(0), TOL)).toBe(expected);
  });

  it('does not take 0.000 for 1/3000 (no significant digit shown)', () => {
    // 1/3000 = 0.000333… rounds to 0.000 at 3 places, but 0.000 shows no significant digit at all.
    expect(roundsCorrectly(q(1, 3000), q(0), 3)).toBe(false);
    // 0.000333 shows three: right.
    expect(roundsCorrectly(q(1, 3000), q(333, 1_000_000), 6)).toBe(true);
  });
});
