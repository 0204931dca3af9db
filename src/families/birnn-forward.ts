/**
 * `birnn-forward`: the lecture's bidirectional RNN, every step answered.
 *   hf_t = g(Uf hf_{t-1} + Wf x_t (+ bf))   forward, t = 1..T, from hf0
 *   hb_t = g(Ub hb_{t+1} + Wb x_t (+ bb))   backward, t = T..1, from hb{T+1}
 *   y_t = Vf hf_t + Vb hb_t,  o_t = softmax(y_t),  label_t = argmax o_t
 * The slide writes `U_b h^{(t+1)}`; it means the backward state hb_{t+1} (SPEC §2).
 * Answers, in order: hf1..hfT, then hbT..hb1, then y{t} o{t} label{t} for t = 1..T.
 * The backward initial state is stored under the key `hb{T+1}` (`hb3` when T = 2).
 */
import type { z } from 'zod';
import type { Mat, Vec } from '../core/linalg.js';
import { vecAdd } from '../core/linalg.js';
import { valueToJson, matrix, vector } from '../core/value.js';
import { defineFamily } from './engine.js';
import type { MistakeId } from './contract.js';
import { readEnum, readMatrix, readObject, readSequence, readStringList, readVector } from './givens.js';
import { type Activation, type RecurrenceNames, at, bold, times, rejectDegenerateOrTied, stepLogits, outputStep, productStep, recurrenceStep, recurrenceMistakeApplies } from './recurrence.js';
import { drawRnnGiven, rnnOptionsSchema } from './rnn-forward.js';

export interface BirnnGiven {
  activation: Activation;
  Uf: Mat;
  Wf: Mat;
  Ub: Mat;
  Wb: Mat;
  Vf: Mat;
  Vb: Mat;
  bf?: Vec;
  bb?: Vec;
  hf0: Vec;
  /** hb_{T+1}, the backward direction's initial state. */
  hbEnd: Vec;
  xs: Vec[];
  labels: string[];
}

/** rnn-forward's options (hidden, input, steps, classes, activation, bias, weights, inputs); no pre-activation is asked, so no `identity_once`. */
const birnnOptionsSchema = rnnOptionsSchema.omit({ identity_once: true });
export type BirnnOptions = z.infer<typeof birnnOptionsSchema>;

const FORWARD: RecurrenceNames = { U: 'U_f', W: 'W_f', b: 'b_f', h: 'h_f', a: 'a_f', hField: 'hf' };
const BACKWARD: RecurrenceNames = { U: 'U_b', W: 'W_b', b: 'b_b', h: 'h_b', a: 'a_b', hField: 'hb' };

/** The JSON key of the backward initial state for a sequence of T inputs. @example backwardStartKey(2) // "hb3" */
export const backwardStartKey = (steps: number): string => `hb${steps + 1}`;

/** Each direction is a simple RNN of its own: draw two and share the inputs and labels of the first. */
function drawBirnnGiven(rng: Parameters<typeof drawRnnGiven>[0], o: BirnnOptions): BirnnGiven {
  const f = drawRnnGiven(rng, o);
  const b = drawRnnGiven(rng, o);
  return {
    activation: o.activation,
    Uf: f.U,
    Wf: f.W,
    Ub: b.U,
    Wb: b.W,
    Vf: f.V,
    Vb: b.V,
    ...(f.b && b.b ? { bf: f.b, bb: b.b } : {}),
    hf0: f.h0,
    hbEnd: b.h0,
    xs: f.xs,
    labels: f.labels,
  };
}

function parseBirnnGiven(raw: unknown): BirnnGiven {
  // The backward start's key depends on T, so look at xs's length before checking the keys.
  const rawXs = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).xs : undefined;
  const endKey = backwardStartKey(Array.isArray(rawXs) ? rawXs.length : 0);
  const obj = readObject(raw, ['activation', 'Uf', 'Wf', 'Ub', 'Wb', 'Vf', 'Vb', 'bf', 'bb', 'hf0', endKey, 'xs', 'labels']);
  const activation = readEnum(obj, 'activation', ['identity', 'tanh'] as const);
  const Uf = readMatrix(obj, 'Uf');
  const n = Uf.length;
  if ((Uf[0] as Vec).length !== n) readMatrix(obj, 'Uf', n, n);
  const Wf = readMatrix(obj, 'Wf', n);
  const d = (Wf[0] as Vec).length;
  const Vf = readMatrix(obj, 'Vf', undefined, n);
  const xs = readSequence(obj, 'xs', d);
  const given: BirnnGiven = {
    activation,
    Uf,
    Wf,
    Ub: readMatrix(obj, 'Ub', n, n),
    Wb: readMatrix(obj, 'Wb', n, d),
    Vf,
    Vb: readMatrix(obj, 'Vb', Vf.length, n),
    hf0: readVector(obj, 'hf0', n),
    hbEnd: readVector(obj, endKey, n),
    xs,
    labels: obj.labels === undefined ? Vf.map((_, i) => String(i)) : readStringList(obj, 'labels', Vf.length),
  };
  if (obj.bf !== undefined) given.bf = readVector(obj, 'bf', n);
  if (obj.bb !== undefined) given.bb = readVector(obj, 'bb', n);
  return given;
}

function birnnGivenToJson(g: BirnnGiven): Record<string, unknown> {
  return {
    activation: g.activation,
    Uf: valueToJson(matrix(g.Uf)),
    Wf: valueToJson(matrix(g.Wf)),
    Ub: valueToJson(matrix(g.Ub)),
    Wb: valueToJson(matrix(g.Wb)),
    Vf: valueToJson(matrix(g.Vf)),
    Vb: valueToJson(matrix(g.Vb)),
    ...(g.bf ? { bf: valueToJson(vector(g.bf)) } : {}),
    ...(g.bb ? { bb: valueToJson(vector(g.bb)) } : {}),
    hf0: valueToJson(vector(g.hf0)),
    [backwardStartKey(g.xs.length)]: valueToJson(vector(g.hbEnd)),
    xs: valueToJson(matrix(g.xs)),
    labels: g.labels,
  };
}

/** As for rnn-forward, with the forward weights' shapes and either direction's bias. */
function birnnMistakeApplies(g: BirnnGiven, m: MistakeId): boolean {
  return recurrenceMistakeApplies({ U: g.Uf, W: g.Wf, biases: [g.bf, g.bb], activation: g.activation }, m);
}

export const birnnForward = defineFamily<BirnnGiven, BirnnOptions>({
  id: 'birnn-forward',
  title: 'Bidirectional RNN forward pass',
  optionsSchema: birnnOptionsSchema,
  mistakes: ['swapped-UW', 'missing-bias', 'missing-activation', 'sigmoid-for-tanh', 'softmax-skipped'],
  // No pre-activation is asked for, so the recurrence mistakes show in the states themselves.
  mistakeTargets: {
    'swapped-UW': ['hf', 'hb'],
    'missing-bias': ['hf', 'hb'],
    'missing-activation': ['hf', 'hb'],
    'sigmoid-for-tanh': ['hf', 'hb'],
    'softmax-skipped': ['o'],
  },
  mistakeApplies: birnnMistakeApplies,
  draw: drawBirnnGiven,
  reject: (g, answers) => rejectDegenerateOrTied({ Uf: g.Uf, Wf: g.Wf, Ub: g.Ub, Wb: g.Wb }, { Vf: g.Vf, Vb: g.Vb }, answers, stepLogits(g.xs.length)),
  compute(g, ctx) {
    const T = g.xs.length;
    const forward: Vec[] = [];
    let hf = g.hf0;
    g.xs.forEach((x, i) => {
      hf = recurrenceStep(ctx, { U: g.Uf, W: g.Wf, ...(g.bf ? { b: g.bf } : {}), activation: g.activation }, FORWARD, i + 1, i, hf, x);
      forward.push(hf);
    });
    // The backward direction reads the sequence from the end: hb_t depends on hb_{t+1}.
    const backward: Vec[] = new Array<Vec>(T);
    let hb = g.hbEnd;
    for (let t = T; t >= 1; t--) {
      hb = recurrenceStep(ctx, { U: g.Ub, W: g.Wb, ...(g.bb ? { b: g.bb } : {}), activation: g.activation }, BACKWARD, t, t + 1, hb, g.xs[t - 1] as Vec);
      backward[t - 1] = hb;
    }
    for (let t = 1; t <= T; t++) {
      const hfT = forward[t - 1] as Vec;
      const hbT = backward[t - 1] as Vec;
      const yfTex = times(bold('V_f'), at('h_f', t));
      const ybTex = times(bold('V_b'), at('h_b', t));
      const yf = productStep(ctx, g.Vf, hfT, yfTex, yfTex);
      const yb = productStep(ctx, g.Vb, hbT, ybTex, ybTex);
      const y = vecAdd(yf, yb);
      if (ctx.tracing) {
        ctx.step({
          field: `y${t}`,
          lhs: at('y', t),
          symbolic: `${yfTex} + ${ybTex}`,
          template: '{0} + {1}',
          args: [vector(yf), vector(yb)],
          value: vector(y),
        });
      }
      outputStep(ctx, y, g.labels, String(t), at('y', t), at('o', t));
    }
  },
  parseGiven: parseBirnnGiven,
  givenToJson: birnnGivenToJson,
});
