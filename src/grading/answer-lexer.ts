/**
 * Tokens of a typed answer. The tokenizer never throws: a character it cannot
 * read becomes a `bad` token that the parser reports with its position.
 *
 * Numbers are read exactly: `0.88`, `.88`, `8.8e-1` become the rational 22/25
 * (fraction.js) together with how many decimals were shown, so the grader can
 * accept a correctly rounded decimal for a non-terminating fraction.
 */
import { Fraction, scaled } from '../core/num.js';

export type TokenType = 'num' | 'name' | 'op' | 'end' | 'bad';

export interface Token {
  type: TokenType;
  /** The characters as typed (after normalisation). */
  text: string;
  /** 0-based index of the first character in the answer. */
  pos: number;
  /** Whether whitespace precedes the token: `[4 -1]` is two components, `[4 - 1]` one (MATLAB's rule). */
  spaceBefore: boolean;
  /** For `num`: the exact value and, for a decimal literal, the decimals shown (`0.333` → 3). */
  value?: Fraction;
  decimals?: number;
}

/** Exponents beyond this are refused (`1e999999` would build a huge integer). */
export const MAX_EXPONENT = 350;

/**
 * One-character look-alikes typed from phones and word processors, mapped 1:1
 * so positions stay those of the original text: unicode minus and dashes, the
 * multiplication signs, the division sign.
 */
const LOOKALIKES: Record<string, string> = {
  '\u2212': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u00d7': '*',
  '\u00b7': '*',
  '\u22c5': '*',
  '\u2217': '*',
  '\u00f7': '/',
  '\uff0c': ',',
};

const OPERATORS = new Set(['+', '-', '*', '/', '^', '(', ')', '[', ']', ',', ';', "'", '\u1d40']);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameStart = (c: string): boolean => isLetter(c) || c === '\u03c3';
const isNamePart = (c: string): boolean => isLetter(c) || isDigit(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0';

export interface TokenizeOptions {
  /** Read `0,88` as 0.88 (only when the grader has decided a comma cannot separate components). */
  commaDecimal?: boolean;
}

/**
 * Splits an answer into tokens, ending with an `end` token.
 * @example tokenize('[4 -1]ᵀ').map((t) => t.text) // ['[', '4', '-', '1', ']', 'ᵀ', '']
 */
export function tokenize(input: string, options: TokenizeOptions = {}): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaceBefore = false;
  while (i < input.length) {
    const raw = input[i] as string;
    const c = LOOKALIKES[raw] ?? raw;
    if (isSpace(c)) {
      spaceBefore = true;
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(input[i + 1]))) {
      const token = readNumber(input, i, options.commaDecimal === true);
      token.spaceBefore = spaceBefore;
      tokens.push(token);
      i = token.pos + token.text.length;
    } else if (isNameStart(c)) {
      while (i < input.length && isNamePart(input[i] as string)) i++;
      if (i === start) i++; // σ alone
      tokens.push({ type: 'name', text: input.slice(start, i), pos: start, spaceBefore });
    } else if (c === '*' && (LOOKALIKES[input[i + 1] as string] ?? input[i + 1]) === '*') {
      tokens.push({ type: 'op', text: '^', pos: start, spaceBefore });
      i += 2;
    } else if (OPERATORS.has(c)) {
      tokens.push({ type: 'op', text: c, pos: start, spaceBefore });
      i++;
    } else {
      // One code point (a surrogate pair counts as one character for the message).
      const cp = String.fromCodePoint(input.codePointAt(i) as number);
      tokens.push({ type: 'bad', text: cp, pos: start, spaceBefore });
      return [...tokens, { type: 'end', text: '', pos: input.length, spaceBefore: false }];
    }
    spaceBefore = false;
  }
  tokens.push({ type: 'end', text: '', pos: input.length, spaceBefore });
  return tokens;
}

/** Powers of ten as BigInts, built once (scales up to MAX_EXPONENT + a long decimal). */
const POWERS_OF_TEN: bigint[] = [1n];
function powerOfTen(k: number): bigint {
  for (let i = POWERS_OF_TEN.length; i <= k; i++) POWERS_OF_TEN.push((POWERS_OF_TEN[i - 1] as bigint) * 10n);
  return POWERS_OF_TEN[k] as bigint;
}

/**
 * The exact value digits × 10^−scale (digits: ASCII digits, possibly empty or
 * with leading zeros). Small integers come from the shared Fractions of
 * core/num (no BigInt work); everything else is built from BigInts.
 */
function exactDecimal(digits: string, scale: number): Fraction {
  if (scale === 0 && digits.length <= 4) return scaled(digits === '' ? 0 : Number(digits), 1);
  // BigInt('') is 0n and BigInt('007') is 7n: digits only, so no octal or hex reading.
  const mantissa = BigInt(digits);
  return scale >= 0 ? new Fraction(mantissa, powerOfTen(scale)) : new Fraction(mantissa * powerOfTen(-scale), 1n);
}

/** Reads `12`, `0.88`, `.88`, `8.8e-1` (and `0,88` with commaDecimal) exactly, starting at `start`. */
function readNumber(input: string, start: number, commaDecimal: boolean): Token {
  let i = start;
  while (isDigit(input[i])) i++;
  const intDigits = input.slice(start, i);
  let fracDigits = '';
  let hasPoint = false;
  const sep = input[i];
  if ((sep === '.' || (commaDecimal && sep === ',' && intDigits !== '')) && (sep === '.' || isDigit(input[i + 1]))) {
    hasPoint = true;
    const fracStart = ++i;
    while (isDigit(input[i])) i++;
    fracDigits = input.slice(fracStart, i);
  }
  let exponent = 0;
  let hasExponent = false;
  if ((input[i] === 'e' || input[i] === 'E') && (isDigit(input[i + 1]) || ((input[i + 1] === '-' || input[i + 1] === '+' || input[i + 1] === '\u2212') && isDigit(input[i + 2])))) {
    let j = i + 1;
    const negative = input[j] === '-' || input[j] === '\u2212';
    if (!isDigit(input[j])) j++;
    const expStart = j;
    while (isDigit(input[j])) j++;
    const digits = input.slice(expStart, j);
    const text = input.slice(start, j);
    if (digits.length > 4 || Number(digits) > MAX_EXPONENT) {
      return { type: 'bad', text, pos: start, spaceBefore: false };
    }
    exponent = negative ? -Number(digits) : Number(digits);
    hasExponent = true;
    i = j;
  }
  const digits = intDigits + fracDigits;
  const scale = fracDigits.length - exponent;
  const value = exactDecimal(digits, scale);
  const token: Token = { type: 'num', text: input.slice(start, i), pos: start, spaceBefore: false, value };
  if (hasPoint || hasExponent) token.decimals = Math.max(0, scale);
  return token;
}
