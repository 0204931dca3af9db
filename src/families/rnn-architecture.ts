/**
 * `rnn-architecture`: which recurrent architecture fits a task? Multiple choice
 * among the five shapes of the lecture's "Types of RNNs" slide, offered in an
 * order shuffled per version. Answer: `architecture`, one of the `choices`
 * (a student may also answer its index from 0).
 */
import { z } from 'zod';
import { GivenError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { defineFamily } from './engine.js';
import { readObject, readStringList } from './givens.js';
import { label } from '../core/value.js';
import { ARCHITECTURES, ARCHITECTURE_REASONS, ARCHITECTURE_TASKS, type Architecture, architectureOf } from './architecture-tasks.js';

export interface ArchitectureGiven {
  task: string;
  choices: Architecture[];
  /** The table's answer for `task`. */
  answer: Architecture;
}

export const architectureOptionsSchema = z.object({}).strict();
export type ArchitectureOptions = z.infer<typeof architectureOptionsSchema>;

function drawArchitectureGiven(rng: Rng): ArchitectureGiven {
  const { task, architecture } = rng.pick(ARCHITECTURE_TASKS);
  return { task, choices: rng.shuffle(ARCHITECTURES), answer: architecture };
}

const isArchitecture = (s: string): s is Architecture => (ARCHITECTURES as readonly string[]).includes(s);

/** `choices` may be left out of a hand-typed problem: the lecture's order is used then. */
function parseArchitectureGiven(raw: unknown): ArchitectureGiven {
  const obj = readObject(raw, ['task', 'choices']);
  const expectedTask = 'a task from the rnn-architecture table (e.g. "Machine translation: translate an English sentence into French")';
  if (typeof obj.task !== 'string') throw new GivenError('task', expectedTask, obj.task === undefined ? 'nothing (the field is missing)' : typeof obj.task);
  const answer = architectureOf(obj.task);
  if (!answer) throw new GivenError('task', expectedTask, JSON.stringify(obj.task.length > 60 ? `${obj.task.slice(0, 60)}…` : obj.task));
  if (obj.choices === undefined) return { task: obj.task, choices: [...ARCHITECTURES], answer };
  const choices = readStringList(obj, 'choices', ARCHITECTURES.length);
  if (!choices.every(isArchitecture)) {
    throw new GivenError('choices', `the five architectures ${ARCHITECTURES.map((a) => JSON.stringify(a)).join(', ')} in any order`, JSON.stringify(choices.find((c) => !isArchitecture(c))));
  }
  return { task: obj.task, choices, answer };
}

export const rnnArchitecture = defineFamily<ArchitectureGiven, ArchitectureOptions>({
  id: 'rnn-architecture',
  title: 'Choosing a recurrent architecture',
  optionsSchema: architectureOptionsSchema,
  mistakes: [],
  mistakeTargets: {},
  draw: drawArchitectureGiven,
  compute(g, ctx) {
    if (ctx.tracing) {
      const reason = ARCHITECTURE_REASONS[g.answer];
      ctx.step({ field: 'architecture', lhs: '\\text{architecture}', symbolic: `\\text{${reason}}`, template: '{0}', args: [label(g.answer)], value: label(g.answer) });
    }
    ctx.label('architecture', g.answer, g.choices);
  },
  parseGiven: parseArchitectureGiven,
  givenToJson: (g) => ({ task: g.task, choices: [...g.choices] }),
  // Every task with the architectures in every order.
  drawableVariants: ARCHITECTURE_TASKS.length * ARCHITECTURES.reduce((orders, _, i) => orders * (i + 1), 1),
  presentation: { choiceOnly: true },
});
