/**
 * `param-count`: trainable parameters of one recurrent layer and its output layer.
 *   recurrent = dirs · g · (n·n + n·d + (bias ? n : 0))
 *   output    = k · n · dirs + (bias ? k : 0)
 *   total     = recurrent + output
 * with input size d, hidden size n, k classes, dirs = 2 when bidirectional and
 * g = 1, 4, 3 blocks for RNN, LSTM, GRU (each block has its own U (n×n), W (n×d)
 * and bias). In a bidirectional layer the output layer reads [hf, hb], 2n numbers.
 *
 * One bias vector per block, as the lecture writes `W x + U h + b`. PyTorch's
 * nn.RNN/LSTM/GRU keep two (b_ih and b_hh), so torch counts dirs·g·n more
 * parameters: an instructor checking against `sum(p.numel())` should expect that.
 */
import { z } from 'zod';
import { add, q } from '../core/num.js';
import { scalar } from '../core/value.js';
import type { Rng } from '../core/rng.js';
import { defineFamily } from './engine.js';
import { optionFields } from './draw.js';
import { readBoolean, readEnum, readObject, readPositiveInt } from './givens.js';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Cell = (typeof CELLS)[number];

/** Weight blocks per cell: the simple RNN has one; LSTM four (f, i, o, c̃); GRU three (z, r, h̃). */
export const BLOCKS: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface ParamCountGiven {
  cell: Cell;
  d: number;
  n: number;
  k: number;
  bias: boolean;
  bidirectional: boolean;
}

export const paramCountOptionsSchema = z
  .object({
    /** A fixed cell, or `any` to draw one per problem. */
    cell: z.enum([...CELLS, 'any']).default('any'),
    /** Fixed when set; drawn per problem otherwise. */
    bias: optionFields.bias.optional(),
    bidirectional: z.boolean().optional(),
    /** `realistic`: word-embedding and hidden sizes met in practice (100, 128, 300 …); `small`: sizes for mental arithmetic. */
    sizes: z.enum(['realistic', 'small']).default('realistic'),
  })
  .strict();
export type ParamCountOptions = z.infer<typeof paramCountOptionsSchema>;

/** Hidden sizes met in practice; input sizes (features, embeddings up to GloVe's 300) are any whole number in 2..300. */
const REALISTIC_HIDDEN = [2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 40, 50, 64, 100, 128, 150, 200, 256];

function drawParamCountGiven(rng: Rng, o: ParamCountOptions): ParamCountGiven {
  const small = o.sizes === 'small';
  return {
    cell: o.cell === 'any' ? rng.pick(CELLS) : o.cell,
    d: small ? rng.int(2, 6) : rng.int(2, 300),
    n: small ? rng.int(2, 5) : rng.pick(REALISTIC_HIDDEN),
    k: small ? rng.int(2, 5) : rng.int(2, 20),
    bias: o.bias ?? rng.int(0, 1) === 1,
    bidirectional: o.bidirectional ?? rng.int(0, 2) === 0,
  };
}

function parseParamCountGiven(raw: unknown): ParamCountGiven {
  const obj = readObject(raw, ['cell', 'd', 'n', 'k', 'bias', 'bidirectional']);
  return {
    cell: readEnum(obj, 'cell', CELLS),
    d: readPositiveInt(obj, 'd', 100_000),
    n: readPositiveInt(obj, 'n', 100_000),
    k: readPositiveInt(obj, 'k', 100_000),
    bias: readBoolean(obj, 'bias'),
    bidirectional: readBoolean(obj, 'bidirectional'),
  };
}

export const paramCount = defineFamily<ParamCountGiven, ParamCountOptions>({
  id: 'param-count',
  title: 'Counting the parameters of a recurrent layer',
  optionsSchema: paramCountOptionsSchema,
  mistakes: ['missing-bias'],
  mistakeTargets: { 'missing-bias': ['recurrent', 'output', 'total'] },
  mistakeApplies: (g, m) => (m === 'missing-bias' ? g.bias : true),
  // SPEC §4: parameter counts are exempt from the |v| ≤ 50 rule.
  friendly: () => null,
  draw: drawParamCountGiven,
  compute(g, ctx) {
    const dirs = g.bidirectional ? 2 : 1;
    const blocks = BLOCKS[g.cell];
    const bias = g.bias && ctx.rule !== 'missing-bias';
    const perBlock = g.n * g.n + g.n * g.d + (bias ? g.n : 0);
    if (ctx.tracing) {
      ctx.step({
        field: 'recurrent',
        lhs: '\\text{recurrent}',
        // Spelled out in the key: the number of directions (1, or 2 when bidirectional) and of
        // weight blocks per direction (1 for an RNN, 4 for an LSTM's gates and candidate, 3 for a GRU's).
        symbolic: `\\text{directions} \\cdot \\text{blocks} \\cdot (n \\cdot n + n \\cdot d${bias ? ' + n' : ''})`,
        template: `{0} \\cdot {1} \\cdot ({2} \\cdot {2} + {2} \\cdot {3}${bias ? ' + {2}' : ''})`,
        args: [dirs, blocks, g.n, g.d].map((x) => scalar(q(x))),
        value: scalar(q(dirs * blocks * perBlock)),
      });
    }
    const recurrent = ctx.num('recurrent', q(dirs * blocks * perBlock));
    const outputValue = g.k * g.n * dirs + (bias ? g.k : 0);
    if (ctx.tracing) {
      ctx.step({
        field: 'output',
        lhs: '\\text{output}',
        symbolic: `k \\cdot n \\cdot \\text{directions}${bias ? ' + k' : ''}`,
        template: `{0} \\cdot {1} \\cdot {2}${bias ? ' + {0}' : ''}`,
        args: [g.k, g.n, dirs].map((x) => scalar(q(x))),
        value: scalar(q(outputValue)),
      });
    }
    const output = ctx.num('output', q(outputValue));
    const total = add(recurrent, output);
    if (ctx.tracing) {
      ctx.step({ field: 'total', lhs: '\\text{total}', symbolic: '\\text{recurrent} + \\text{output}', template: '{0} + {1}', args: [scalar(recurrent), scalar(output)], value: scalar(total) });
    }
    ctx.num('total', total);
  },
  parseGiven: parseParamCountGiven,
  givenToJson: (g) => ({ ...g }),
});
