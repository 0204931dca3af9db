/**
 * Errors a user can act on. Each names what was wrong and where; the CLI prints
 * the message (no stack trace) and exits with code 2.
 */

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

  /** A field the family does not know. */
  static unknownField(field: string, allowed: readonly string[]): GivenError {
    const e = new GivenError(field, `one of ${allowed.join(', ')}`);
    e.message = `given.${field}: no such field (allowed: ${allowed.join(', ')})`;
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
