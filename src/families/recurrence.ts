/**
 * The simple-RNN pieces that rnn-forward, rnn-classify and birnn-forward share:
 * one recurrence step `a = U h_{t-1} + W x_t (+ b)`, `h = g(a)`, and the output
 * `y = V h`, `o = softmax(y)`, `label = argmax o`, each recorded as the lecture
 * writes it (products, their sum, then the activation).
 */
import { type Mat, type Vec, matVec, vecSum } from '../core/linalg.js';
import { softmax, tanhVec, sigmoidVec, argmax, winningMargin } from '../core/activations.js';
import { matrix, vector, scalar, label as labelValue, type Value } from '../core/value.js';
import { scaled, isExact } from '../core/num.js';
import { type Ctx, type MistakeId, makeStep } from './contract.js';
import { hasZeroRow, isZeroMatrix, isZeroVector } from './draw.js';

export type Activation = 'identity' | 'tanh';

/**
 * The quantities not asked as fields: with the identity activation a_t = h_t,
 * so with the option `identity_once` (on by default in every parsed option
 * set: banks, `generate`) the pre-activation `a` is asked and scored once, as
 * h_t. A hand-typed problem whose options leave it out keeps SPEC §5's full
 * list of answer fields.
 * @example identityAskedOnce({ activation: 'identity' }, { identity_once: true }) // ['a']
 */
export function identityAskedOnce(g: { activation: Activation }, options: Readonly<Record<string, unknown>>): readonly string[] {
  return g.activation === 'identity' && options.identity_once === true ? ['a'] : [];
}

export interface RecurrenceParams {
  U: Mat;
  W: Mat;
  b?: Vec;
  activation: Activation;
}

/** TeX names for one direction of a recurrence: `U`, `W`, `h` (or `U_f`, `h_f` …). */
export interface RecurrenceNames {
  U: string;
  W: string;
  b: string;
  h: string;
  a: string;
  /** Answer-name prefixes, e.g. `a`/`h` or ``/`hf` (no `a` answer for birnn). */
  aField?: string;
  hField: string;
}

export const SIMPLE_NAMES: RecurrenceNames = { U: 'U', W: 'W', b: 'b', h: 'h', a: 'a', aField: 'a', hField: 'h' };

/**
 * The lecture writes the simple RNNs' vectors and matrices in bold, the question
 * and the key alike: `U_f` → `\\mathbf{U}_f` (a subscript stays upright-italic).
 * @example bold('V_f') // "\\mathbf{V}_f"
 */
export function bold(symbol: string): string {
  const m = /^([A-Za-z])(.*)$/.exec(symbol);
  return m ? `\\mathbf{${m[1]}}${m[2]}` : symbol;
}

/** `\\mathbf{x}^{(t)}`-style time index, as the lecture writes simple RNNs. @example at('h_f', 2) // "\\mathbf{h}_f^{(2)}" */
export const at = (symbol: string, t: number): string => `${bold(symbol)}^{(${t})}`;

/** A matrix times a vector, `\\mathbf{V}_f \\, \\mathbf{h}_f^{(1)}`: a thin space keeps the subscripts apart. */
export const times = (matrixTex: string, vectorTex: string): string => `${matrixTex} \\, ${vectorTex}`;

/**
 * One step `h_t = g(U h_prev + W x_t + b)`. Under the `swapped-UW` rule U meets
 * the input and W the state (a ShapeError when sizes forbid it); `missing-bias`
 * drops b; `missing-activation` skips g; `sigmoid-for-tanh` uses σ for tanh.
 */
export function recurrenceStep(ctx: Ctx, p: RecurrenceParams, names: RecurrenceNames, t: number, tPrev: number, hPrev: Vec, x: Vec): Vec {
  const swapped = ctx.rule === 'swapped-UW';
  const uh = matVec(swapped ? p.W : p.U, hPrev);
  const wx = matVec(swapped ? p.U : p.W, x);
  const useBias = p.b !== undefined && ctx.rule !== 'missing-bias';
  const a = vecSum(useBias ? [uh, wx, p.b as Vec] : [uh, wx]);
  if (ctx.tracing) {
    const uhTex = times(bold(names.U), at(names.h, tPrev));
    const wxTex = times(bold(names.W), at('x', t));
    ctx.step(makeStep(undefined, uhTex, undefined, '{0}{1}', [matrix(p.U), vector(hPrev)], vector(uh)));
    ctx.step(makeStep(undefined, wxTex, undefined, '{0}{1}', [matrix(p.W), vector(x)], vector(wx)));
    ctx.step(
      makeStep(
        names.aField ? `${names.aField}${t}` : undefined,
        at(names.a, t),
        `${uhTex} + ${wxTex}${useBias ? ` + ${bold(names.b)}` : ''}`,
        useBias ? '{0} + {1} + {2}' : '{0} + {1}',
        useBias ? [vector(uh), vector(wx), vector(p.b as Vec)] : [vector(uh), vector(wx)],
        vector(a),
      ),
    );
  }
  const aUsed = names.aField ? ctx.vec(`${names.aField}${t}`, a) : a;
  let h: Vec;
  if (p.activation === 'identity' || ctx.rule === 'missing-activation') h = aUsed;
  else h = ctx.rule === 'sigmoid-for-tanh' ? sigmoidVec(aUsed) : tanhVec(aUsed);
  if (ctx.tracing) {
    const fn = p.activation === 'tanh' ? '\\tanh' : '';
    ctx.step(makeStep(`${names.hField}${t}`, at(names.h, t), fn ? `${fn}(${at(names.a, t)})` : at(names.a, t), fn ? `${fn}({0})` : '{0}', [vector(aUsed)], vector(h)));
  }
  return ctx.vec(`${names.hField}${t}`, h);
}

/**
 * The output of step t: `y = V h` (or a precomputed logit vector), `o = softmax(y)`,
 * `label = labels[argmax o]`. `suffix` is `t` for per-step answers and '' for the
 * classifier's single answer. `softmax-skipped` gives o = y.
 */
export function outputStep(ctx: Ctx, y: Vec, labels: readonly string[], suffix: string, yTex: string, oTex: string): string {
  const yUsed = ctx.vec(`y${suffix}`, y);
  const o = ctx.rule === 'softmax-skipped' ? yUsed : softmax(yUsed);
  if (ctx.tracing) {
    ctx.step(makeStep(`o${suffix}`, oTex, `\\operatorname{softmax}(${yTex})`, '\\operatorname{softmax}({0})', [vector(yUsed)], vector(o)));
  }
  const oUsed = ctx.vec(`o${suffix}`, o);
  const index = argmax(oUsed);
  const chosen = labels[index] ?? String(index);
  if (ctx.tracing) {
    ctx.step(makeStep(`label${suffix}`, `\\text{label}${suffix ? `^{(${suffix})}` : ''}`, `\\arg\\max_i ${oTex}_i`, '\\text{index } {0}', [scalar(scaled(index, 1))], labelValue(chosen)));
  }
  return ctx.label(`label${suffix}`, chosen, labels);
}

/**
 * Records the product `lhs = M v` as a worked step and returns it: `y = V h`
 * (symbolic `V h^{(1)}`), or a gate's `W_f x_{1}` (no symbolic form: the lhs says it).
 * @example productStep(ctx, g.V, h, 'y^{(1)}', 'V h^{(1)}', 'y1')
 */
export function productStep(ctx: Ctx, M: Mat, v: Vec, lhs: string, symbolic?: string, field?: string): Vec {
  const y = matVec(M, v);
  if (ctx.tracing) ctx.step(makeStep(field, lhs, symbolic, '{0}{1}', [matrix(M), vector(v)], vector(y)));
  return y;
}

/** SPEC §4 margin: the winning logit beats the runner-up by ≥ 1 when exact, ≥ 0.1 when numeric. */
export const EXACT_MARGIN = 1;
export const NUMERIC_MARGIN = 0.1;

/**
 * The simple and bidirectional RNN rules together: no degenerate weights, and a
 * clear winner in each named logit vector (`y1 … yT`, or the classifier's `y`).
 * @example rejectDegenerateOrTied({ U, W }, { V }, answers, ['y1', 'y2'])
 */
export function rejectDegenerateOrTied(weights: Record<string, Mat>, outputs: Record<string, Mat>, answers: ReadonlyMap<string, Value>, logits: readonly string[]): string | null {
  const weak = degenerateWeights(weights, outputs);
  if (weak) return weak;
  for (const name of logits) {
    const m = marginViolation(name, answers.get(name));
    if (m) return m;
  }
  return null;
}

/** The per-step logit answer names `y1 … yT`. */
export const stepLogits = (steps: number): string[] => Array.from({ length: steps }, (_, i) => `y${i + 1}`);

export function marginViolation(name: string, y: Value | undefined): string | null {
  if (!y || y.kind !== 'vector') return null;
  const exact = y.v.every(isExact);
  const need = exact ? EXACT_MARGIN : NUMERIC_MARGIN;
  return winningMargin(y.v) < need ? `${name} has no clear winner` : null;
}

/** SPEC §4: no all-zero weight matrix and no all-zero output row. */
export function degenerateWeights(weights: Record<string, Mat>, outputs: Record<string, Mat>): string | null {
  for (const [name, m] of Object.entries(weights)) if (isZeroMatrix(m)) return `${name} is all zero`;
  for (const [name, m] of Object.entries(outputs)) if (hasZeroRow(m)) return `${name} has an all-zero row`;
  return null;
}

export { isZeroVector };

/**
 * Which mistakes can show in a simple (or bidirectional) RNN: swapping U (n×n)
 * and W (n×d) only type-checks when d = n; a missing bias needs a non-zero
 * bias; the activation mistakes need tanh.
 */
export function recurrenceMistakeApplies(p: { U: Mat; W: Mat; biases: readonly (Vec | undefined)[]; activation: Activation }, m: MistakeId): boolean {
  switch (m) {
    case 'swapped-UW':
      return (p.W[0] as Vec).length === p.U.length;
    case 'missing-bias':
      return p.biases.some((b) => b !== undefined && !isZeroVector(b));
    case 'missing-activation':
    case 'sigmoid-for-tanh':
      return p.activation === 'tanh';
    default:
      return true;
  }
}
