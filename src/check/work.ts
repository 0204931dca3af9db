/**
 * Hand work: how many scalar operations a student does by hand to work a
 * problem, counted from its worked steps (the same steps the answer key
 * prints), so two versions of an item can be compared by the effort they ask.
 *
 * What counts (and why):
 * - a **multiplication** `a·b` unless a factor is 0 (the term vanishes) or ±1
 *   (the product is read off, at most with a sign change);
 * - an **addition** `a + b` (or subtraction) unless a term is 0;
 * - an **activation** to evaluate: each σ, tanh or exp of a component (softmax
 *   over k logits is k exponentials, k − 1 additions for their sum and k
 *   divisions, counted as multiplications);
 * - a **fraction to reduce**: an exact product or sum of fractions whose plain
 *   result `(a·c)/(b·d)` or `(a·l/b + c·l/d)/l` is not in lowest terms
 *   (`(1/2)·4 = 4/2 = 2`, `1/4 + 1/4 = 2/4 = 1/2`).
 * Copying a value, concatenating, reading off the arg max and taking a given
 * are free. A matrix–vector product is, per row, the products of its non-zero
 * terms and one addition fewer than there are non-zero terms.
 *
 * Templates are recognised by shape (engine.ts Step: `{0}{1}` a product,
 * `{0} * {1}` element-wise, `{0} + {1}` a sum, `\sigma({0})` …); scalar
 * templates (bptt, param-count) are read as arithmetic over their arguments.
 * Templates are compared without TeX spacing (`{0}\,{1}` is a product too).
 * A step of any other shape is counted as `uncounted` (never as free work in
 * silence): `rnnquiz check` names the item, and tests require zero for every
 * built-in family. Pure: no I/O.
 *
 * Note: the GRU's `(1 − z)` is printed as a factor of a product step, not as
 * a step of its own, so its n subtractions are not counted.
 */
import { type Num, isExact, toNumber, q, type Fraction } from '../core/num.js';
import { type Value, components } from '../core/value.js';
import type { Step } from '../families/contract.js';

export interface HandWork {
  multiplications: number;
  additions: number;
  activations: number;
  fractions: number;
  /** Steps of a shape no rule reads (their work is missing from the total). */
  uncounted: number;
}

export const NO_WORK: HandWork = Object.freeze({ multiplications: 0, additions: 0, activations: 0, fractions: 0, uncounted: 0 });

/** One number for comparing versions: every counted operation weighs the same. @example totalWork({ multiplications: 2, additions: 6, activations: 6, fractions: 0, uncounted: 0 }) // 14 */
export const totalWork = (w: HandWork): number => w.multiplications + w.additions + w.activations + w.fractions;

export function addWork(a: HandWork, b: HandWork): HandWork {
  return {
    multiplications: a.multiplications + b.multiplications,
    additions: a.additions + b.additions,
    activations: a.activations + b.activations,
    fractions: a.fractions + b.fractions,
    uncounted: a.uncounted + b.uncounted,
  };
}

/** A running tally, with the counting rules for one multiplication or addition. */
class Tally implements HandWork {
  multiplications = 0;
  additions = 0;
  activations = 0;
  fractions = 0;
  uncounted = 0;

  /** a·b: free when a factor is 0 or ±1. */
  mul(a: number | Fraction, b: number | Fraction): void {
    if (isTrivialFactor(a) || isTrivialFactor(b)) return;
    this.multiplications++;
    if (isExact(a) && isExact(b) && (a.d !== 1n || b.d !== 1n) && gcd(a.n * b.n, a.d * b.d) > 1n) this.fractions++;
  }

  /** a + b (or a − b: the sign does not change the effort): free when a term is 0. */
  add(a: number | Fraction, b: number | Fraction): void {
    if (isZero(a) || isZero(b)) return;
    this.additions++;
    if (isExact(a) && isExact(b) && (a.d !== 1n || b.d !== 1n)) {
      const l = (a.d / gcd(a.d, b.d)) * b.d;
      const sum = a.s * a.n * (l / a.d) + b.s * b.n * (l / b.d);
      if (gcd(sum < 0n ? -sum : sum, l) > 1n) this.fractions++;
    }
  }

  /** Adds terms left to right, as a student sums a row (zero terms skipped). */
  sum(terms: readonly Num[]): void {
    const live = terms.filter((t) => !isZero(t));
    let acc: Num | undefined;
    for (const t of live) {
      if (acc !== undefined) this.add(acc, t);
      acc = acc === undefined ? t : addNum(acc, t);
    }
  }
}

function isZero(x: Num): boolean {
  return isExact(x) ? x.n === 0n : x === 0;
}

function isTrivialFactor(x: Num): boolean {
  return isExact(x) ? x.n === 0n || (x.n === 1n && x.d === 1n) : x === 0 || Math.abs(x) === 1;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function mulNum(a: Num, b: Num): Num {
  return isExact(a) && isExact(b) ? a.mul(b) : toNumber(a) * toNumber(b);
}

function addNum(a: Num, b: Num): Num {
  return isExact(a) && isExact(b) ? a.add(b) : toNumber(a) + toNumber(b);
}

/** A template without TeX spacing commands and without spaces between adjacent groups: `{0}\,{1}` reads as `{0}{1}`. */
const normalized = (template: string): string => template.replace(/\\[,;: ]/g, '').replace(/\}\s+\{/g, '}{');

const PLACEHOLDER_SUM = /^\{\d+\}( \+ \{\d+\})+$/;
const FREE_TEMPLATES = new Set(['{0}', '\\text{index } {0}', '[{0}, {1}]'].map(normalized));
const ACTIVATIONS = new Set(['\\sigma({0})', '\\tanh({0})']);
const PRODUCT = normalized('{0}{1}');
/** Element-wise product: the lecture writes `*` (the print before issue 14 wrote `\odot`). */
const HADAMARD = new Set(['{0} * {1}', '{0} \\odot {1}'].map(normalized));
const SOFTMAX = normalized('\\operatorname{softmax}({0})');

/**
 * The hand work of one worked step.
 * @example stepWork(makeStep(undefined, 'U h', undefined, '{0}{1}', [matrix([[q(2), q(0)], [q(1), q(2)]]), vector([q(4), q(0)])], vector([q(8), q(4)]))) // 1 multiplication (2·4)
 */
export function stepWork(step: Step): HandWork {
  const tally = new Tally();
  const { args } = step;
  const template = normalized(step.template);
  const [first, second] = args;
  if (FREE_TEMPLATES.has(template)) return tally;
  if (template === PRODUCT && first?.kind === 'matrix' && second?.kind === 'vector') {
    for (const row of first.v) {
      const products = row.map((m, j) => {
        const v = second.v[j] as Num;
        tally.mul(m, v);
        return mulNum(m, v);
      });
      tally.sum(products);
    }
    return tally;
  }
  if (HADAMARD.has(template) && first && second) {
    const a = components(first);
    const b = components(second);
    a.forEach((x, i) => tally.mul(x, b[i] as Num));
    return tally;
  }
  if (PLACEHOLDER_SUM.test(template)) {
    const terms = args.map(components);
    const width = Math.max(...terms.map((t) => t.length));
    for (let i = 0; i < width; i++) tally.sum(terms.map((t) => t[i] ?? 0));
    return tally;
  }
  if (ACTIVATIONS.has(template) && first) {
    tally.activations += components(first).length;
    return tally;
  }
  if (template === SOFTMAX && first) {
    const k = components(first).length;
    tally.activations += k; // e^{y_i}
    tally.additions += k - 1; // Σ e^{y_j}
    tally.multiplications += k; // each e^{y_i} / Σ
    return tally;
  }
  if (args.length > 0 && args.every((a) => a.kind === 'scalar')) {
    const scalarTally = new Tally();
    if (new ScalarExpression(template, args, scalarTally).read()) return scalarTally;
  }
  tally.uncounted++;
  return tally;
}

/**
 * The hand work of a whole problem: the sum over its worked steps.
 * @example problemWork(rnnForward.solve(classwork).steps) // { multiplications: 8, additions: 10, activations: 6, fractions: 0 }
 */
export function problemWork(steps: readonly Step[]): HandWork {
  return steps.reduce<HandWork>((w, s) => addWork(w, stepWork(s)), NO_WORK);
}

/**
 * A scalar template such as `{0} \cdot {1} + {2} \cdot ({3})` or
 * `{0} \cdot {1} \cdot ({2} \cdot {2} + {2} \cdot {3} + {2})`, read as
 * arithmetic (`\cdot` binds tighter than `+`/`-`), evaluated on its arguments
 * while the tally counts each operation.
 */
class ScalarExpression {
  private pos = 0;
  private readonly text: string;
  constructor(
    template: string,
    private readonly args: readonly Value[],
    private readonly tally: Tally,
  ) {
    this.text = template.replace(/\s+/g, '');
  }

  /** Evaluates the template, counting as it goes; false when it is not arithmetic this reader knows. */
  read(): boolean {
    try {
      this.sum();
      return this.pos === this.text.length;
    } catch (e) {
      if (e === UNREADABLE) return false;
      throw e;
    }
  }

  private fail(): never {
    throw UNREADABLE;
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private sum(): Num {
    let acc = this.product();
    for (;;) {
      if (this.eat('+')) {
        const b = this.product();
        this.tally.add(acc, b);
        acc = addNum(acc, b);
      } else if (this.eat('-')) {
        const b = negate(this.product());
        this.tally.add(acc, b);
        acc = addNum(acc, b);
      } else return acc;
    }
  }

  private product(): Num {
    let acc = this.factor();
    while (this.eat('\\cdot')) {
      const b = this.factor();
      this.tally.mul(acc, b);
      acc = mulNum(acc, b);
    }
    return acc;
  }

  private factor(): Num {
    if (this.eat('-')) return negate(this.factor());
    if (this.eat('(')) return this.closing(this.sum());
    if (this.eat('\\tanh^2(')) {
      const t = Math.tanh(toNumber(this.closing(this.sum())));
      this.tally.activations++;
      this.tally.mul(t, t);
      return t * t;
    }
    for (const [fn, f] of [
      ['\\tanh(', Math.tanh],
      ['\\sigma(', (x: number) => 1 / (1 + Math.exp(-x))],
    ] as const) {
      if (this.eat(fn)) {
        this.tally.activations++;
        return f(toNumber(this.closing(this.sum())));
      }
    }
    const placeholder = /^\{(\d+)\}/.exec(this.text.slice(this.pos));
    if (placeholder) {
      this.pos += placeholder[0].length;
      const arg = this.args[Number(placeholder[1])];
      if (arg?.kind !== 'scalar') this.fail();
      return arg.v;
    }
    const literal = /^\d+/.exec(this.text.slice(this.pos));
    if (literal) {
      this.pos += literal[0].length;
      return q(Number(literal[0]));
    }
    return this.fail();
  }

  private closing(v: Num): Num {
    if (!this.eat(')')) this.fail();
    return v;
  }
}

/** Thrown inside ScalarExpression when the template is not arithmetic it knows. */
const UNREADABLE = Symbol('unreadable');

function negate(x: Num): Num {
  return isExact(x) ? x.neg() : -x;
}
