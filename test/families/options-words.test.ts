/**
 * The words of src/families/options-doc.ts, on a schema written here: what each
 * option takes, its default, one line per option (`rnnquiz families`), and
 * option errors with several unknown names or a value of another type.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeOptions, formatOptionLine, optionDefault, optionProblem, optionRange, type OptionDoc } from '../../src/families/options-doc.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/options-doc.js'));

const schema = () =>
  z
    .object({
      steps: z.number().int().min(1).max(5).default(2),
      scale: z.number().min(0.5),
      ceiling: z.number().max(9),
      free: z.number().describe('any number at all'),
      bias: z.boolean().default(false),
      mode: z.enum(['fast', 'slow', 'exact']).default('fast'),
      only: z.enum(['one']),
    })
    .strict();

describe('describeOptions', () => {
  it('lists every option in schema order with its type, range, choices, default and meaning', () => {
    expect(describeOptions(schema(), 'toy')).toEqual([
      { name: 'steps', type: 'integer', min: 1, max: 5, default: 2, description: 'time steps T' },
      { name: 'scale', type: 'number', min: 0.5, description: '' },
      { name: 'ceiling', type: 'number', max: 9, description: '' },
      { name: 'free', type: 'number', description: 'any number at all' },
      { name: 'bias', type: 'boolean', default: false, description: 'whether the layer has bias vectors' },
      { name: 'mode', type: 'choice', choices: ['fast', 'slow', 'exact'], default: 'fast', description: '' },
      { name: 'only', type: 'choice', choices: ['one'], description: '' },
    ]);
  });

  it("prefers a family's own meaning of a shared name", () => {
    const bias = (family: string) => describeOptions(z.object({ bias: z.boolean() }), family)[0]!.description;
    expect(bias('param-count')).toBe('whether the counted layer has biases (unset: drawn per problem)');
    expect(bias('lstm')).toBe('whether the layer has bias vectors');
  });

  it('leaves out the keys an option does not have (no min, max, choices or default set to undefined)', () => {
    const keys = describeOptions(schema(), 'toy').map((d) => Object.keys(d).join(' '));
    expect(keys).toEqual([
      'name type min max default description',
      'name type min description',
      'name type max description',
      'name type description',
      'name type default description',
      'name type choices default description',
      'name type choices description',
    ]);
  });

  it('reads no family meaning without a family id: the shared meanings, the same list as for the empty id', () => {
    const s = z.object({ bias: z.boolean() });
    expect(describeOptions(s)).toBe(describeOptions(s, ''));
    expect(describeOptions(s)[0]!.description).toBe('whether the layer has bias vectors');
  });

  it('answers the same list again for the same schema and family', () => {
    const s = schema();
    expect(describeOptions(s, 'toy')).toBe(describeOptions(s, 'toy'));
    expect(describeOptions(s, 'other')).not.toBe(describeOptions(s, 'toy'));
  });
});

describe('optionRange, optionDefault, formatOptionLine', () => {
  const doc = (o: Partial<OptionDoc>): OptionDoc => ({ name: 'x', type: 'number', description: 'what x is', ...o });
  it.each([
    [doc({ type: 'boolean' }), 'true or false'],
    [doc({ type: 'choice', choices: ['a', 'b', 'c'] }), 'a, b or c'],
    [doc({ type: 'choice', choices: ['a', 'b'] }), 'a or b'],
    [doc({ type: 'choice', choices: ['a'] }), 'a'],
    [doc({ type: 'choice' }), 'nothing'],
    [doc({ type: 'integer', min: 1, max: 5 }), 'a whole number from 1 to 5'],
    [doc({ type: 'integer', min: 1 }), 'a whole number ≥ 1'],
    [doc({ type: 'number', max: 9 }), 'a number ≤ 9'],
    [doc({ type: 'number', min: 0.5, max: 2 }), 'a number from 0.5 to 2'],
    [doc({ type: 'number' }), 'a number'],
    [doc({ type: 'integer' }), 'a whole number'],
  ])('%j takes %s', (o, words) => {
    expect(optionRange(o)).toBe(words);
  });

  it.each([
    [doc({}), '(no default)'],
    [doc({ default: 2 }), '(default 2)'],
    [doc({ default: 'fast' }), '(default fast)'],
    [doc({ default: false }), '(default false)'],
    [doc({ default: [1, 2] }), '(default [1,2])'],
  ])('%j: %s', (o, words) => {
    expect(optionDefault(o)).toBe(words);
  });

  it('writes one line per option', () => {
    expect(formatOptionLine(doc({ name: 'steps', type: 'integer', min: 1, max: 5, default: 1, description: 'time steps T' }))).toBe('steps: a whole number from 1 to 5 (default 1) — time steps T');
  });
});

describe('optionProblem', () => {
  const problem = (raw: Record<string, unknown>) => {
    const s = schema();
    const parsed = s.safeParse(raw);
    expect(parsed.success).toBe(false);
    return optionProblem('toy', s, parsed.error!.issues[0]!, raw);
  };

  it.each([
    [
      { only: 'one', scale: 1, ceiling: 1, free: 1, stpes: 2 },
      { option: 'stpes', message: 'unknown option "stpes" (did you mean "steps"?); toy takes steps, scale, ceiling, free, bias, mode, only' },
    ],
    [
      { only: 'one', scale: 1, ceiling: 1, free: 1, zz: 1, stpes: 2 },
      { option: 'zz, stpes', message: 'unknown options "zz", "stpes" (did you mean "steps"?); toy takes steps, scale, ceiling, free, bias, mode, only' },
    ],
    [
      { only: 'one', scale: 1, ceiling: 1, free: 1, steps: 9 },
      { option: 'steps', message: 'expected a whole number from 1 to 5 for toy, got 9' },
    ],
    [
      { only: 'one', scale: 1, ceiling: 1, free: 1, mode: 'slowest' },
      { option: 'mode', message: 'expected fast, slow or exact for toy, got slowest' },
    ],
    [
      { only: 'one', scale: 1, ceiling: 1, free: 1, bias: [true] },
      { option: 'bias', message: 'expected true or false for toy, got [true]' },
    ],
  ])('%j', (raw, want) => {
    expect(problem(raw)).toEqual(want);
  });

  it('names a family that takes no options', () => {
    const s = z.object({}).strict();
    const parsed = s.safeParse({ steps: 2 });
    expect(optionProblem('plain', s, parsed.error!.issues[0]!, { steps: 2 })).toEqual({ option: 'steps', message: 'unknown option "steps"; plain takes no options' });
  });

  it("falls back on zod's words for an issue it has no option for", () => {
    const s = z.object({ a: z.number() }).refine((o) => o.a > 1, { message: 'a must exceed 1' });
    const parsed = s.safeParse({ a: 0 });
    expect(optionProblem('toy', s, parsed.error!.issues[0]!, { a: 0 })).toEqual({ option: '(options)', message: 'a must exceed 1 for toy' });
  });
});
