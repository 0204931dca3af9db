/**
 * User-facing errors: the exact messages the CLI prints, the fields callers read,
 * and isUserError telling them apart from bugs (a plain Error, a TypeError, a ShapeError).
 */
import { describe, expect, it } from 'vitest';
import { GivenError, OptionError, UsageError, isUserError } from '../../src/core/errors.js';
import { ShapeError } from '../../src/core/linalg.js';

describe('GivenError', () => {
  it.each([
    ['h0', 'a vector of length 2', undefined, 'given.h0: expected a vector of length 2'],
    ['Wf', 'a 2×3 matrix', 'a 2×2 matrix', 'given.Wf: expected a 2×3 matrix, got a 2×2 matrix'],
    // An empty `got` is still a got: only undefined leaves the clause out.
    ['x', 'a number', '', 'given.x: expected a number, got '],
  ])('given.%s, expected %s, got %s → %s', (field, expected, got, message) => {
    const e = new GivenError(field, expected, got);
    expect(e.message).toBe(message);
    expect(e.name).toBe('GivenError');
    expect(e).toBeInstanceOf(Error);
    expect([e.field, e.expected, e.got]).toEqual([field, expected, got]);
    expect(e.all).toBeUndefined();
  });

  it.each([
    ['stesp', ['steps', 'hidden'], 'given.stesp: no such field; did you mean "steps"? (allowed: steps, hidden)'],
    ['colour', ['course', 'title'], 'given.colour: no such field (allowed: course, title)'],
    ['x', [], 'given.x: no such field (allowed: )'],
  ])('unknownField(%s, %j)', (field, allowed, message) => {
    const e = GivenError.unknownField(field, allowed);
    expect(e.message).toBe(message);
    expect(e).toBeInstanceOf(GivenError);
    expect(e.field).toBe(field);
    expect(e.expected).toBe(`one of ${allowed.join(', ')}`);
    expect(e.got).toBeUndefined();
  });

  it('combine of one error is that error, untouched', () => {
    const a = new GivenError('h0', 'a vector');
    expect(GivenError.combine([a])).toBe(a);
    expect(a.all).toBeUndefined();
    expect(a.message).toBe('given.h0: expected a vector');
  });

  it('combine of several is a new error: the first’s fields, every message on its own line, all of them in `all`', () => {
    const a = new GivenError('h0', 'a vector', 'a number');
    const b = new GivenError('Wf', 'a matrix');
    const c = GivenError.unknownField('Wff', ['Wf']);
    const errors = [a, b, c];
    const e = GivenError.combine(errors);
    expect(e).not.toBe(a);
    expect(e).toBeInstanceOf(GivenError);
    expect([e.field, e.expected, e.got]).toEqual(['h0', 'a vector', 'a number']);
    expect(e.all).toBe(errors);
    expect(e.message).toBe('given.h0: expected a vector, got a number\ngiven.Wf: expected a matrix\ngiven.Wff: no such field; did you mean "Wf"? (allowed: Wf)');
    // The parts are left as they were.
    expect(a.all).toBeUndefined();
    expect(a.message).toBe('given.h0: expected a vector, got a number');
  });
});

describe('OptionError and UsageError', () => {
  it.each([
    ['--seed', 'must be an integer', 'option --seed: must be an integer'],
    ['problems', 'at most 500', 'option problems: at most 500'],
  ])('OptionError(%s, %s)', (option, message, full) => {
    const e = new OptionError(option, message);
    expect(e.message).toBe(full);
    expect(e.option).toBe(option);
    expect(e.name).toBe('OptionError');
    expect(e).toBeInstanceOf(Error);
  });

  it('UsageError keeps its message as given', () => {
    const e = new UsageError('no such file: exam.json');
    expect(e.message).toBe('no such file: exam.json');
    expect(e.name).toBe('UsageError');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('isUserError', () => {
  it.each([
    ['GivenError', new GivenError('h0', 'a vector'), true],
    ['combined GivenError', GivenError.combine([new GivenError('a', 'x'), new GivenError('b', 'y')]), true],
    ['OptionError', new OptionError('--seed', 'bad'), true],
    ['UsageError', new UsageError('bad'), true],
    ['Error', new Error('bug'), false],
    ['TypeError', new TypeError('bug'), false],
    ['ShapeError', new ShapeError('bug'), false],
    ['look-alike object', { name: 'GivenError', message: 'given.h0: expected a vector' }, false],
    ['string', 'given.h0: expected a vector', false],
    ['undefined', undefined, false],
    ['null', null, false],
  ])('%s → %s', (_, e, want) => {
    expect(isUserError(e)).toBe(want);
  });
});
