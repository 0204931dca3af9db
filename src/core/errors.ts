/**
 * Errors a user can act on. Each names what was wrong and where; the CLI prints
 * the message (no stack trace) and exits with code 2.
 */
import { suggest } from './suggest.js';

/** A hand-typed or stored `given` that does not fit the family: names the field and what was expected. */
export class GivenError extends Error {
  override name = 'GivenError';
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly got?: string,
  ) {
    super(`given.${field}: expected ${expected}${got === undefined ? '' : `, got ${got}`}`);
  }

  /**
   * Every error of the given when a parse found more than one (this error is
   * the first; its message lists them all, one per line).
   */
  all?: readonly GivenError[];

  /** A field the family does not know, with the nearest known name when it looks like a typo. */
  static unknownField(field: string, allowed: readonly string[]): GivenError {
    const e = new GivenError(field, `one of ${allowed.join(', ')}`);
    const close = suggest(field, allowed);
    e.message = `given.${field}: no such field${close === undefined ? '' : `; did you mean ${JSON.stringify(close)}?`} (allowed: ${allowed.join(', ')})`;
    return e;
  }

  /**
   * One error standing for several: the first, with `all` set and every message in its own.
   * @example GivenError.combine([a, b]).message // 'given.h0: …\ngiven.Wf: …'
   */
  static combine(errors: readonly GivenError[]): GivenError {
    const first = errors[0] as GivenError;
    if (errors.length === 1) return first;
    const e = new GivenError(first.field, first.expected, first.got);
    e.all = errors;
    e.message = errors.map((x) => x.message).join('\n');
    return e;
  }
}

/** An option value that is out of range, unknown, or cannot be met. */
export class OptionError extends Error {
  override name = 'OptionError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`option ${option}: ${message}`);
  }
}

/** Any error meant for the user, as opposed to a bug. */
export function isUserError(e: unknown): e is GivenError | OptionError | UsageError {
  return e instanceof GivenError || e instanceof OptionError || e instanceof UsageError;
}

/** A command line or input file that cannot be used as given. */
export class UsageError extends Error {
  override name = 'UsageError';
}
