/** Test helper: the field or option an expected user error names. */
import { GivenError, OptionError } from '../../src/core/errors.js';

/** Runs `fn`, which must throw a GivenError or OptionError, and returns the field or option it names. */
export function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof GivenError) return e.field;
    if (e instanceof OptionError) return e.option;
    throw e;
  }
  throw new Error('expected an error');
}
