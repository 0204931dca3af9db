/**
 * "Did you mean …?": optimal-string-alignment distances worked out by hand
 * (kitten → sitting: k→s, e→i, +g = 3; a swap of neighbours is one edit, but a
 * swapped pair is not edited again: ca → abc is 3, not Damerau's 2), the
 * length-scaled typo limit, ties, case, and the help text appended to messages.
 */
import { describe, expect, it } from 'vitest';
import { editDistance, suggest, unknownNameHelp } from '../../src/core/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['abc', 'abc', 0],
    ['a', 'b', 1],
    ['kitten', 'sitting', 3],
    ['sitting', 'kitten', 3],
    ['penality', 'penalty', 1],
    ['setps', 'steps', 1],
    ['ab', 'ba', 1],
    ['abcd', 'acbd', 1],
    ['abcdef', 'badcfe', 3],
    // Only a true swap (both characters crossing) counts as one edit.
    ['ab', 'bc', 2],
    ['ab', 'ca', 2],
    ['abc', 'cba', 2],
    ['ca', 'abc', 3],
    ['flaw', 'lawn', 2],
    ['abc', 'xabc', 1],
    ['abcx', 'abc', 1],
    ['hidden', 'HIDDEN', 6],
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('suggest', () => {
  it.each([
    // Shorter than 3 characters: case only.
    ['X', ['x'], 'x'],
    ['x', ['y'], undefined],
    ['ab', ['ac'], undefined],
    ['ab', ['ba'], undefined],
    // 3–5 characters: one edit.
    ['abc', ['abd'], 'abd'],
    ['abc', ['xyz'], undefined],
    ['stepz', ['hidden', 'steps'], 'steps'],
    ['stpz', ['steps'], undefined],
    // 6–8 characters: two edits.
    ['hiddxx', ['hidden'], 'hidden'],
    ['hixxxn', ['hidden'], undefined],
    // 9 and more: three edits at most, however long.
    ['abcdefghi', ['abcdefxyz'], 'abcdefxyz'],
    ['abcdefghijkl', ['abcdefghixxx'], 'abcdefghixxx'],
    ['abcdefghijkl', ['abcdefghxxxx'], undefined],
    ['carried_error_penality', ['points', 'carried_error_penalty'], 'carried_error_penalty'],
    ['colour', ['course', 'title'], undefined],
  ])('%j among %j → %j', (word, known, want) => {
    expect(suggest(word, known)).toBe(want);
  });

  it.each([
    ['STEPS', ['steps'], 'steps'],
    ['steps', ['STEPS'], 'STEPS'],
    ['Stepz', ['hidden', 'Steps'], 'Steps'],
  ])('ignores case but answers with the known spelling: %j among %j → %j', (word, known, want) => {
    expect(suggest(word, known)).toBe(want);
  });

  it.each([
    ['the closer one, wherever it is', 'hiddxx', ['hiddxn', 'hiddxx'], 'hiddxx'],
    ['the closer one first', 'hiddxx', ['hiddxx', 'hiddxn'], 'hiddxx'],
    ['the first of equally close ones', 'cat', ['bat', 'hat'], 'bat'],
    ['nothing from an empty list', 'steps', [], undefined],
  ])('%s', (_, word, known, want) => {
    expect(suggest(word, known)).toBe(want);
  });

  it('compares names up to 64 characters, no longer', () => {
    const w64 = 'a'.repeat(64);
    const w65 = 'a'.repeat(65);
    expect(suggest(w64, [w64])).toBe(w64);
    expect(suggest(w65, [w65])).toBeUndefined();
  });
});

describe('unknownNameHelp', () => {
  it.each([
    ['stepz', ['hidden', 'steps'], undefined, ' Did you mean "steps"?'],
    ['zzz', ['hidden', 'steps'], undefined, ' Known: hidden, steps.'],
    ['zzz', ['a'], 'family', ' Family: a.'],
    ['zzz', ['a', 'b'], 'Options', ' Options: a, b.'],
    ['zzz', [], undefined, ''],
    ['zzz', [], 'family', ''],
  ])('%j among %j (%s) → %j', (word, known, what, want) => {
    expect(unknownNameHelp(word, known, what)).toBe(want);
  });
});
