/**
 * The feedback sentences of src/families/contract.ts a student reads: an
 * answer equal to its own pre-activation (σ and tanh), and a mistake in a
 * family's own words or the shared ones.
 */
import { describe, expect, it } from 'vitest';
import { activationLeftOut, makeStep, mistakeFeedbackFor } from '../../src/families/contract.js';
import { scalar } from '../../src/core/value.js';
import { q } from '../../src/core/num.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/contract.js'));

describe('activationLeftOut', () => {
  it.each([
    [{ pre: 'pf', fn: 'σ', what: 'the forget gate f' } as const, 'It looks like σ was left out: this is the pre-activation; the forget gate f is σ of it (a number between 0 and 1).'],
    [{ pre: 'ph', fn: 'tanh', what: 'the candidate h̃' } as const, 'It looks like tanh was left out: this is the pre-activation; the candidate h̃ is tanh of it (a number between −1 and 1).'],
  ])('%j', (activation, sentence) => {
    expect(activationLeftOut(activation)).toBe(sentence);
  });
});

describe('mistakeFeedbackFor', () => {
  it("uses a family's own wording and falls back on the shared sentence", () => {
    const family = { mistakeFeedback: { 'missing-bias': 'Add the bias.' } };
    expect(mistakeFeedbackFor(family, 'missing-bias')).toBe('Add the bias.');
    expect(mistakeFeedbackFor(family, 'softmax-skipped')).toBe('It looks like softmax was skipped: o = softmax(V h), not V h itself.');
    expect(mistakeFeedbackFor({}, 'missing-bias')).toBe('It looks like the bias was left out: add b after the matrix products.');
  });
});

describe('makeStep', () => {
  it('keeps all six keys, an absent field or symbolic as undefined', () => {
    const step = makeStep(undefined, 'M v', undefined, '{0}', [scalar(q(2))], scalar(q(2)));
    expect(Object.keys(step)).toEqual(['field', 'lhs', 'symbolic', 'template', 'args', 'value']);
    expect(step.field).toBeUndefined();
    expect(step.symbolic).toBeUndefined();
  });
});
