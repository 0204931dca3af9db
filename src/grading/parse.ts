/**
 * Reads a typed answer into numbers: a small recursive-descent parser over
 * answer-lexer.ts, evaluated as it parses (no eval, no Function, no object lookups
 * by user-supplied names). It never throws: anything it cannot read becomes
 * `{ ok: false, message }` naming what and the character position.
 *
 * Grammar (whitespace separates components as in MATLAB: `[4 -1]` is two
 * numbers, `[4 - 1]` and `[4-1]` one):
 *
 *   answer  := list END
 *   list    := expr ((',' | ';' | whitespace) expr)*
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := postfix ('^' unary)?            right-associative, so -2^2 = -4 and e^-2 works
 *   postfix := atom ("'" | 'ᵀ' | '^T')*        transpose marks, ignored (vectors are columns)
 *   atom    := NUMBER | 'e' | FUNCTION '(' list ')' | '(' list ')' | '[' list ']'
 *
 * Values keep exactness (SPEC §3): integers, decimals, fractions and + − × ÷
 * of them stay exact rationals; anything through sigmoid, tanh, exp or e is a
 * double. Vectors are element-wise (`sigmoid([2, 24])`, `[1, 2] * [3, 4]`),
 * a scalar broadcasts, as the lecture's practice computes.
 */
import { type Num, type Fraction, ExactSizeError, MAX_EXACT_BITS, add, sub, mul, div, neg, isExact, toNumber, exactBits, withinBudget } from '../core/num.js';
import { sigmoid } from '../core/activations.js';
import { type Token, type TokenizeOptions, tokenize } from './answer-lexer.js';

/** Longest answer read, in characters; longer input is refused before it is scanned. */
export const MAX_ANSWER_LENGTH = 500;
/** Deepest nesting of brackets, signs and powers. */
export const MAX_NESTING_DEPTH = 32;
/** Largest integer power kept exact; larger powers are computed as doubles. */
export const MAX_EXACT_POWER = 64;
/**
 * Largest exact value (core/num.ts), in bits of numerator plus denominator: a
 * power beyond it (`((2^64)^64)^64…`) turns into a double, any other exact
 * operation beyond it makes the answer "too large to grade exactly".
 */
export { MAX_EXACT_BITS };

/** One number of an answer; `decimals` is set when it was typed as a plain decimal (`-0.333` → 3). */
export interface Component {
  v: Num;
  decimals?: number;
}

/** A parsed answer: one number, or a vector (a bracketed or separated list). */
export interface Parsed {
  vector: boolean;
  items: Component[];
}

export type ParseResult = { ok: true; value: Parsed } | { ok: false; message: string };

const FUNCTIONS = new Map<string, (x: number) => number>([
  ['sigmoid', sigmoid],
  ['sigma', sigmoid],
  ['\u03c3', sigmoid],
  ['sig', sigmoid],
  ['logistic', sigmoid],
  ['tanh', Math.tanh],
  ['exp', Math.exp],
  ['sqrt', Math.sqrt],
  ['ln', Math.log],
]);

/** Signals a format error inside the parser; caught at the top, never escapes parseNumbers. */
class FormatError {
  constructor(readonly message: string) {}
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']' };

const quote = (t: Token): string => (t.type === 'end' ? 'the end of the answer' : `"${t.text.slice(0, 20)}"`);
const where = (t: Token): string => `at character ${t.pos + 1}`;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isOp(t: Token, text: string): boolean {
    return t.type === 'op' && t.text === text;
  }

  private fail(t: Token, what: string): never {
    if (t.type === 'bad') {
      throw new FormatError(/^[\d.]/.test(t.text) ? `the number "${t.text.slice(0, 20)}" is too large or too small ${where(t)}` : `cannot read the character "${t.text}" ${where(t)}`);
    }
    throw new FormatError(`expected ${what} ${where(t)}, found ${quote(t)}`);
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw new FormatError(`the answer is nested more than ${MAX_NESTING_DEPTH} levels deep ${where(t)}`);
  }

  answer(): Parsed {
    const items = this.list();
    const end = this.peek();
    if (isCloser(end)) throw new FormatError(`"${end.text}" ${where(end)} closes a bracket that was never opened`);
    if (end.type !== 'end') this.fail(end, 'a separator or the end of the answer');
    return items.length === 1 ? (items[0] as Parsed) : join(items, this.tokens[0] as Token);
  }

  /** Comma-, semicolon- or whitespace-separated values up to a closing bracket or the end. */
  private list(): Parsed[] {
    const items: Parsed[] = [this.expr()];
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, ',') || this.isOp(t, ';')) {
        this.next();
        items.push(this.expr());
      } else if (t.spaceBefore && t.type !== 'end' && !isCloser(t)) {
        items.push(this.expr());
      } else {
        return items;
      }
    }
  }

  private expr(): Parsed {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (!(this.isOp(t, '+') || this.isOp(t, '-'))) return left;
      // `4 -1` in a list: a sign after a space and before a number starts a new component.
      if (t.spaceBefore && !this.peek(1).spaceBefore) return left;
      this.next();
      left = arith(t.text, left, this.term(), t);
    }
  }

  private term(): Parsed {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!(this.isOp(t, '*') || this.isOp(t, '/'))) return left;
      this.next();
      left = arith(t.text, left, this.unary(), t);
    }
  }

  private unary(): Parsed {
    const t = this.peek();
    if (this.isOp(t, '-') || this.isOp(t, '+')) {
      this.enter(t);
      this.next();
      const v = this.unary();
      this.depth--;
      return t.text === '-' ? { vector: v.vector, items: v.items.map((c) => ({ ...c, v: neg(c.v) })) } : v;
    }
    return this.power();
  }

  private power(): Parsed {
    const base = this.postfix();
    const t = this.peek();
    if (!this.isOp(t, '^')) return base;
    this.next();
    this.enter(t);
    const exponent = this.unary();
    this.depth--;
    return this.transposeMarks(arith('^', base, exponent, t));
  }

  private postfix(): Parsed {
    return this.transposeMarks(this.atom());
  }

  /** `'`, `ᵀ` and `^T`: a column vector written as a transposed row; the value is unchanged. */
  private transposeMarks(v: Parsed): Parsed {
    for (;;) {
      const t = this.peek();
      if (this.isOp(t, "'") || this.isOp(t, '\u1d40')) this.next();
      else if (this.isOp(t, '^') && this.peek(1).type === 'name' && /^[tT]$/.test(this.peek(1).text)) this.i += 2;
      else return v;
    }
  }

  private atom(): Parsed {
    const t = this.next();
    if (t.type === 'num') return { vector: false, items: [{ v: t.value as Fraction, ...(t.decimals !== undefined ? { decimals: t.decimals } : {}) }] };
    if (t.type === 'name') {
      const name = t.text.toLowerCase();
      if (name === 'e') return { vector: false, items: [{ v: Math.E }] };
      const fn = FUNCTIONS.get(name);
      if (!fn) throw new FormatError(`unknown name "${t.text.slice(0, 20)}" ${where(t)} (known: sigmoid, σ, tanh, exp, sqrt, ln, e)`);
      const open = this.peek();
      if (!this.isOp(open, '(') && !this.isOp(open, '[')) this.fail(open, `"(" after ${t.text}`);
      const arg = this.atom();
      return { vector: arg.vector, items: arg.items.map((c) => ({ v: fn(toNumber(c.v)) })) };
    }
    if (this.isOp(t, '(') || this.isOp(t, '[')) {
      this.enter(t);
      const items = this.list();
      const close = this.next();
      if (!this.isOp(close, CLOSERS[t.text] as string)) this.fail(close, `"${CLOSERS[t.text]}" (to close the "${t.text}" from character ${t.pos + 1})`);
      this.depth--;
      // `(1 + 2)` is a parenthesised number; `[3]`, `(4; 0)` and `[4 0]` are vectors.
      if (t.text === '(' && items.length === 1) return items[0] as Parsed;
      return join(items, t);
    }
    return this.fail(t, 'a number');
  }
}

function isCloser(t: Token): boolean {
  return t.type === 'op' && (t.text === ')' || t.text === ']');
}

/** The components of a list as one vector; nested one-number lists flatten (`[[4], [0]]`), longer nested lists do not. */
function join(items: Parsed[], at: Token): Parsed {
  const flat: Component[] = [];
  for (const p of items) {
    if (items.length > 1 && p.vector && p.items.length !== 1) throw new FormatError(`a list ${where(at)} mixes numbers and vectors; write one vector such as [4, 0]`);
    for (const c of p.items) flat.push(c);
  }
  return { vector: true, items: flat };
}

function isZero(x: Num): boolean {
  return isExact(x) ? x.n === 0n : x === 0;
}

/** `a ^ b` for one pair of numbers: exact for a rational base and a small integer exponent, a double otherwise. */
function power(a: Num, b: Num, at: Token): Num {
  if (isExact(a) && isExact(b) && b.d === 1n && b.n <= BigInt(MAX_EXACT_POWER) && exactBits(a) * Number(b.n) <= MAX_EXACT_BITS) {
    if (isZero(a) && b.s < 0n) throw new FormatError(`division by zero (0 to a negative power) ${where(at)}`);
    return withinBudget(a.pow(b));
  }
  return Math.pow(toNumber(a), toNumber(b));
}

function apply(op: string, a: Num, b: Num, at: Token): Num {
  switch (op) {
    case '+':
      return add(a, b);
    case '-':
      return sub(a, b);
    case '*':
      return mul(a, b);
    case '/':
      if (isZero(b)) throw new FormatError(`division by zero ${where(at)}`);
      return div(a, b);
    default:
      return power(a, b, at);
  }
}

/** Element-wise arithmetic; a scalar broadcasts over a vector, two vectors need one length. */
function arith(op: string, left: Parsed, right: Parsed, at: Token): Parsed {
  const n = left.items.length;
  const m = right.items.length;
  if (left.vector && right.vector && n !== m) throw new FormatError(`"${op}" ${where(at)} joins vectors of lengths ${n} and ${m}`);
  const len = left.vector ? n : right.vector ? m : 1;
  const items: Component[] = [];
  for (let k = 0; k < len; k++) {
    const a = (left.vector ? left.items[k] : left.items[0]) as Component;
    const b = (right.vector ? right.items[k] : right.items[0]) as Component;
    items.push({ v: apply(op, a.v, b.v, at) });
  }
  return { vector: left.vector || right.vector, items };
}

/**
 * Reads numbers, vectors and expressions; never throws.
 * @example parseNumbers('1/(1+e^-2)')  // { ok: true, value: { vector: false, items: [{ v: 0.8807970779778823 }] } }
 * @example parseNumbers('[4 0]ᵀ')      // two exact components, 4 and 0
 * @example parseNumbers('4 +* 2')      // { ok: false, message: 'expected a number at character 4, found "*"' }
 */
export function parseNumbers(input: string, options: TokenizeOptions = {}): ParseResult {
  if (typeof input !== 'string') return { ok: false, message: 'the answer is not text' };
  if (input.length > MAX_ANSWER_LENGTH) return { ok: false, message: `the answer is ${input.length} characters long; at most ${MAX_ANSWER_LENGTH} are read` };
  try {
    const value = new Parser(tokenize(input, options)).answer();
    const bad = value.items.find((c) => !isExact(c.v) && !Number.isFinite(c.v));
    if (bad) return { ok: false, message: Number.isNaN(bad.v) ? 'the value is not a real number' : 'the value is too large to be a number' };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof FormatError) return { ok: false, message: e.message };
    if (e instanceof ExactSizeError) return { ok: false, message: `${e.message}: write it as a decimal or a shorter expression` };
    if (e instanceof RangeError) return { ok: false, message: 'the answer is too large to compute' };
    return { ok: false, message: 'the answer could not be read' };
  }
}
