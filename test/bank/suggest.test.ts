/** Did-you-mean: edit distances counted by hand, and which names count as typos. */
import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/core/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['steps', 'steps', 0],
    ['stepz', 'steps', 1], // one substitution
    ['setps', 'steps', 1], // one swap of neighbours
    ['penality', 'penalty', 1], // p-e-n-a-l-i-t-y without its i
    ['carried_error_penality', 'carried_error_penalty', 1],
    ['lstmm', 'lstm', 1],
    ['colour', 'course', 4],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('suggest', () => {
  const BANK_KEYS = ['course', 'title', 'date', 'instructions', 'points', 'tolerance', 'carried_error_penalty', 'attempts', 'items'];
  it.each([
    ['carried_error_penality', BANK_KEYS, 'carried_error_penalty'],
    ['Title', BANK_KEYS, 'title'],
    ['tolerence', BANK_KEYS, 'tolerance'],
    ['colour', BANK_KEYS, undefined],
    ['x', ['y'], undefined], // too short to call a typo
    ['X', ['x'], 'x'],
    ['notaton', ['notation', 'options'], 'notation'],
  ])('%j among the known names → %j', (word, known, expected) => {
    expect(suggest(word, known)).toBe(expected);
  });
});
