/**
 * Each family's options as a user reads them (name, what it takes, default,
 * meaning), derived from the family's own zod option schema through
 * `z.toJSONSchema`, so the listing (`rnnquiz families`, the README, option
 * error messages) cannot drift from what parseOptions accepts. Only the one-line
 * meanings are written here; a test insists every option of every family has one.
 */
import { z } from 'zod';
import { suggest } from '../core/suggest.js';

export interface OptionDoc {
  name: string;
  /** `integer`, `number`, `boolean` or `choice`. */
  type: 'integer' | 'number' | 'boolean' | 'choice';
  min?: number;
  max?: number;
  choices?: string[];
  /** Absent when the option has no default (it is then drawn per problem or left out). */
  default?: unknown;
  description: string;
}

/** What each option means, by name (`family.name` where one family means something more). */
export const OPTION_MEANINGS: Readonly<Record<string, string>> = {
  hidden: 'hidden size n (length of h)',
  input: 'input size d (length of each x_t)',
  steps: 'time steps T',
  classes: 'output classes k (length of o)',
  activation: 'the recurrent activation: identity (the lecture classwork) or tanh',
  bias: 'whether the layer has bias vectors',
  'param-count.bias': 'whether the counted layer has biases (unset: drawn per problem)',
  weights: 'weight entries: integers, or multiples of 1/2 (halves)',
  inputs: 'inputs: one-hot words or small integer vectors',
  notation: 'how gated equations are printed, in the question, the boxes and the key alike: W x + U h (separate) or W·[h, x] (concatenated)',
  identity_once: 'with the identity activation a_t = h_t: ask (and score) it once, as h_t',
  regime: 'gradient through time: vanishing (|factor| < 1), exploding (> 1) or mixed',
  cell: 'the recurrent cell counted: rnn, lstm, gru, or any (drawn per problem)',
  bidirectional: 'whether the layer is bidirectional (unset: drawn per problem)',
  sizes: 'realistic sizes (100, 128, 300 …) or small ones for mental arithmetic',
};

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}

const docsCache = new WeakMap<object, Map<string, OptionDoc[]>>();

/**
 * The options a schema accepts, in its own order.
 * @example describeOptions(lstm.optionsSchema, 'lstm')[2] // { name: 'steps', type: 'integer', min: 1, max: 5, default: 1, description: 'time steps T' }
 */
export function describeOptions(schema: z.ZodType, familyId = ''): OptionDoc[] {
  let byFamily = docsCache.get(schema);
  if (!byFamily) docsCache.set(schema, (byFamily = new Map()));
  const cached = byFamily.get(familyId);
  if (cached) return cached;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProperty> };
  const docs = Object.entries(json.properties ?? {}).map(([name, p]): OptionDoc => {
    const type = p.enum ? 'choice' : p.type === 'integer' || p.type === 'boolean' ? p.type : 'number';
    return {
      name,
      type,
      ...(p.minimum !== undefined ? { min: p.minimum } : {}),
      ...(p.maximum !== undefined ? { max: p.maximum } : {}),
      ...(p.enum ? { choices: p.enum.map(String) } : {}),
      ...(p.default !== undefined ? { default: p.default } : {}),
      description: p.description ?? OPTION_MEANINGS[`${familyId}.${name}`] ?? OPTION_MEANINGS[name] ?? '',
    };
  });
  byFamily.set(familyId, docs);
  return docs;
}

/**
 * What values an option takes, in words.
 * @example optionRange({ name: 'steps', type: 'integer', min: 1, max: 5, description: '' }) // 'a whole number from 1 to 5'
 */
export function optionRange(o: OptionDoc): string {
  if (o.type === 'boolean') return 'true or false';
  if (o.type === 'choice') {
    const c = o.choices ?? [];
    return c.length <= 1 ? (c[0] ?? 'nothing') : `${c.slice(0, -1).join(', ')} or ${c[c.length - 1]}`;
  }
  const what = o.type === 'integer' ? 'a whole number' : 'a number';
  if (o.min !== undefined && o.max !== undefined) return `${what} from ${o.min} to ${o.max}`;
  if (o.min !== undefined) return `${what} ≥ ${o.min}`;
  return o.max !== undefined ? `${what} ≤ ${o.max}` : what;
}

/** `(default 2)`, or `(no default)`. */
export function optionDefault(o: OptionDoc): string {
  return o.default === undefined ? '(no default)' : `(default ${typeof o.default === 'string' ? o.default : JSON.stringify(o.default)})`;
}

/**
 * One line per option, for a terminal or a README list.
 * @example formatOptionLine(doc) // 'steps: a whole number from 1 to 5 (default 1) — time steps T'
 */
export function formatOptionLine(o: OptionDoc): string {
  return `${o.name}: ${optionRange(o)} ${optionDefault(o)} — ${o.description}`;
}

/**
 * The words of an option error, from zod's first issue: an unknown option
 * gets a did-you-mean and the family's option list; a bad value gets the range
 * the option takes. Returns the option named (for OptionError) and the message.
 * @example optionProblem('lstm', lstm.optionsSchema, issue, { stepz: 2 })
 * // { option: 'stepz', message: 'unknown option "stepz" (did you mean "steps"?); lstm takes hidden, input, steps, bias, weights, inputs, notation' }
 */
export function optionProblem(familyId: string, schema: z.ZodType, issue: z.core.$ZodIssue, raw: Record<string, unknown>): { option: string; message: string } {
  const docs = describeOptions(schema, familyId);
  const names = docs.map((d) => d.name);
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const each = keys.map((k) => {
      const close = suggest(k, names);
      return `${JSON.stringify(k)}${close === undefined ? '' : ` (did you mean ${JSON.stringify(close)}?)`}`;
    });
    const takes = names.length === 0 ? `${familyId} takes no options` : `${familyId} takes ${names.join(', ')}`;
    return { option: keys.join(', '), message: `unknown option${keys.length === 1 ? '' : 's'} ${each.join(', ')}; ${takes}` };
  }
  const name = issue.path.length ? String(issue.path[0]) : '(options)';
  const doc = docs.find((d) => d.name === name);
  if (!doc) return { option: name, message: `${issue.message} for ${familyId}` };
  const value = raw[name];
  const got = typeof value === 'string' ? value : JSON.stringify(value);
  return { option: name, message: `expected ${optionRange(doc)} for ${familyId}, got ${got}` };
}
