/**
 * Option errors in words a user acts on: the range an option takes (from the
 * family's own schema), or a did-you-mean and the family's options.
 */
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../src/families/registry.js';
import { OptionError } from '../../src/core/errors.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/registry.js'));

function optionErrorOf(family: string, raw: Record<string, unknown>): string {
  try {
    getFamily(family).parseOptions(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return (e as Error).message;
  }
  throw new Error('the options were accepted');
}

describe('option errors', () => {
  it.each([
    ['lstm', { steps: 6 }, 'option steps: expected a whole number from 1 to 5 for lstm, got 6'],
    ['lstm', { steps: '0' }, 'option steps: expected a whole number from 1 to 5 for lstm, got 0'],
    ['lstm', { notation: 'stacked' }, 'option notation: expected separate or concatenated for lstm, got stacked'],
    ['rnn-forward', { bias: 'yes' }, 'option bias: expected true or false for rnn-forward, got yes'],
    ['bptt', { regime: 'vanish' }, 'option regime: expected vanishing, exploding or mixed for bptt, got vanish'],
    ['gru', { hiden: 2 }, 'option hiden: unknown option "hiden" (did you mean "hidden"?); gru takes hidden, input, steps, bias, weights, inputs, notation'],
    ['param-count', { colour: 'red' }, 'option colour: unknown option "colour"; param-count takes cell, bias, bidirectional, sizes'],
    ['rnn-architecture', { steps: 2 }, 'option steps: unknown option "steps"; rnn-architecture takes no options'],
  ])('%s %j', (family, raw, message) => {
    expect(optionErrorOf(family, raw)).toBe(message);
  });
});
