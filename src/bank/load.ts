/**
 * Reading a bank: YAML → zod → families. Every problem is collected (YAML
 * syntax, schema, unknown families, bad options, hand-typed givens that do not
 * fit, points for answers that do not exist) and reported at once with its
 * line and column; a bank with any problem is refused as a whole.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { GivenError, OptionError, UsageError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { FamilyId } from '../families/contract.js';
import { getFamily, isFamilyId, listFamilies, type AnyFamily } from '../families/registry.js';
import { optionProblem } from '../families/options-doc.js';
import { parseChoiceGiven, type ChoiceGiven } from '../families/multiple-choice.js';
import type { Tolerance } from '../grading/types.js';
import { BankError, type BankIssue } from './errors.js';
import { LineCounter, formatPath, parseFieldPath, positionOf, type PathKey } from './positions.js';
import { examRules, type ExamRules } from './rules.js';
import { plainYamlErrors } from './yaml-errors.js';
import { suggest } from '../core/suggest.js';
import { bankSchema, choiceItemSchema, familyItemSchema, fixedItemSchema, type ItemTolerance, type Points } from './schema.js';

interface ItemBase {
  /** Stable name: the rng of each version is forked by it, and the manifest records it. */
  id: string;
  points?: Points;
  tolerance?: ItemTolerance;
  /** The item's own answer mode (else the bank's). */
  mode?: 'typed' | 'choice';
}

export type BankItem =
  | (ItemBase & { kind: 'family'; family: FamilyId; count: number; options: Record<string, unknown>; fairness?: FairnessSetting })
  | (ItemBase & { kind: 'fixed'; family: FamilyId; given: object; options: Record<string, unknown> })
  | (ItemBase & { kind: 'choice'; choice: ChoiceGiven; shuffle: boolean });

/** A fairness band (a fraction of the item's median hand work), or null when balancing is off. */
export type FairnessSetting = { band: number } | null;

export interface Bank {
  /** Bank name (file name without extension): the manifest's `bank` and part of every token. */
  name: string;
  file: string;
  course: string;
  title: string;
  date: string;
  instructions: string;
  /** Default points per answer field. */
  points: number;
  /**
   * What a number of points is given to: the whole answer field (a vector's
   * components share it: 1 point over [4, 0] is ½ a number), or each number
   * of it (1 point for [4, 0] makes the field worth 2). `component` keeps
   * every box's share whole, which Moodle's whole-number Cloze weights need
   * for a question's mark to equal its points (src/export/moodle.ts).
   */
  pointsPer: 'field' | 'component';
  tolerance: Tolerance;
  /** Fraction of a field's points lost when it is right only given the student's earlier answers. */
  carriedErrorPenalty: number;
  attempts: { limit: number; counts: 'last' | 'best' };
  /** Exam or practice, open/close times, time limit and feedback (src/bank/rules.ts). */
  rules: ExamRules;
  /** The bank's fairness band for family items (an item may set its own). */
  fairness: FairnessSetting;
  /** How answers are asked unless an item says otherwise: typed in boxes, or as options A–E (bubble sheets). */
  mode: 'typed' | 'choice';
  items: BankItem[];
}

/** What to do when an item's sample problem cannot be generated: a bank error (build), or leave it to `rnnquiz check` to report. */
export interface ParseBankOptions {
  generation?: 'report' | 'defer';
}

type Report = (path: readonly PathKey[], message: string, atKey?: boolean) => void;

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
}
const jsonSchemas = new WeakMap<object, JsonSchemaNode>();

/** The keys a schema allows in the map at `path` (derived from the schema, so the list cannot drift). */
function keysAt(schema: z.ZodType, path: readonly PathKey[]): string[] {
  let node = jsonSchemas.get(schema);
  if (!node) jsonSchemas.set(schema, (node = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode));
  for (const key of path) {
    const options: JsonSchemaNode[] = node.anyOf ?? [node];
    const next = options.map((o) => (typeof key === 'number' ? o.items : o.properties?.[key])).find((n) => n !== undefined);
    if (!next) return [];
    node = next;
  }
  return [...new Set((node.anyOf ?? [node]).flatMap((o) => Object.keys(o.properties ?? {})))];
}

/**
 * `unknown key "carried_error_penality": did you mean "carried_error_penalty"?`,
 * or the keys that are allowed there when none is close.
 */
function unknownKeyMessage(key: string, known: readonly string[]): string {
  const close = suggest(key, known);
  if (close !== undefined) return `unknown key ${JSON.stringify(key)}: did you mean ${JSON.stringify(close)}?`;
  return `unknown key ${JSON.stringify(key)}${known.length > 0 ? ` (allowed here: ${known.join(', ')})` : ''}`;
}

function reportZod(report: Report, prefix: readonly PathKey[], error: z.ZodError, schema: z.ZodType): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...(issue.path as PathKey[])];
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path as PathKey[]);
      for (const key of issue.keys) report([...path, key], unknownKeyMessage(key, known), true);
    } else {
      report(path, issue.message);
    }
  }
}

function resolveFamily(report: Report, where: PathKey[], id: string): AnyFamily | undefined {
  if (isFamilyId(id)) return getFamily(id);
  const ids = listFamilies().map((f) => f.id);
  const close = suggest(id, ids);
  report(where, `unknown family ${JSON.stringify(id)}${close === undefined ? '' : `: did you mean ${JSON.stringify(close)}?`} (families: ${ids.join(', ')})`);
  return undefined;
}

/**
 * Parsed options (notation merged in). Every bad option is reported at the
 * option it names, in the words of optionProblem (the valid range, or a
 * did-you-mean and the family's options); a family's own OptionError too.
 */
function readOptions(report: Report, where: PathKey[], family: AnyFamily, raw: Record<string, unknown>, notation: string | undefined): Record<string, unknown> | undefined {
  const merged = notation === undefined ? raw : { ...raw, notation };
  const at = (key: string, message: string): void => {
    const path =
      key === 'notation' && notation !== undefined && raw.notation === undefined ? [...where, 'notation'] : key in merged || /^\w+$/.test(key) ? [...where, 'options', key] : [...where, 'options'];
    report(path, message, !(key in merged) || message.startsWith('unknown option'));
  };
  const checked = family.optionsSchema.safeParse(merged);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const one = key === undefined ? issue : { ...issue, keys: [key] };
        const { option, message } = optionProblem(family.id, family.optionsSchema, one as z.core.$ZodIssue, merged);
        at(option, message);
      }
    }
    return undefined;
  }
  try {
    return family.parseOptions(merged) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    at(e.option.split(',')[0]?.trim() ?? '', e.message.replace(/^option [^:]*: /, ''));
    return undefined;
  }
}

/** Every `points`/`tolerance` key must name an answer (`h2`) or a quantity (`h`) of the item. */
function checkFieldKeys(report: Report, where: PathKey[], item: ItemBase, fields: readonly { name: string; quantity: string; kind: string }[]): void {
  const names = new Set(fields.flatMap((f) => [f.name, f.quantity]));
  const numeric = new Set(fields.filter((f) => f.kind === 'numeric').flatMap((f) => [f.name, f.quantity]));
  const known = [...new Set(fields.map((f) => f.quantity))].join(', ');
  if (item.points !== undefined && typeof item.points === 'object') {
    for (const key of Object.keys(item.points)) {
      if (key !== 'default' && !names.has(key)) report([...where, 'points', key], `no answer ${JSON.stringify(key)} in this item: expected an answer name or one of ${known} (or default)`, true);
    }
  }
  if (item.tolerance !== undefined && !('rtol' in item.tolerance)) {
    for (const key of Object.keys(item.tolerance)) {
      if (key !== 'default' && !numeric.has(key)) report([...where, 'tolerance', key], `no numeric answer ${JSON.stringify(key)} in this item (exact and label answers need no tolerance)`, true);
    }
  }
}

function readItem(report: Report, raw: unknown, index: number, parse: ParseBankOptions): BankItem | undefined {
  const where: PathKey[] = ['items', index];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(where, 'expected an item: { family, … }, { family, given, … } or { stem, choices, answer }');
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  if ('stem' in obj || 'choices' in obj) {
    const parsed = choiceItemSchema.safeParse(obj);
    if (!parsed.success) return void reportZod(report, where, parsed.error, choiceItemSchema);
    const d = parsed.data;
    try {
      const choice = parseChoiceGiven({ stem: d.stem, choices: d.choices, answer: d.answer });
      return { kind: 'choice', id: d.id ?? `choice${index + 1}`, choice, shuffle: d.shuffle, ...(d.points !== undefined ? { points: d.points } : {}) };
    } catch (e) {
      if (!(e instanceof GivenError)) throw e;
      report([...where, ...parseFieldPath(e.field)], e.message.replace(/^given\.[^:]*: /, ''));
      return undefined;
    }
  }
  const fixed = 'given' in obj;
  const schema = fixed ? fixedItemSchema : familyItemSchema;
  const parsed = schema.safeParse(obj);
  if (!parsed.success) {
    reportZod(report, where, parsed.error, schema);
    // Still check the family and its options, so one run shows every problem.
    const family = typeof obj.family === 'string' ? resolveFamily(report, [...where, 'family'], obj.family) : undefined;
    const rawOptions = obj.options ?? {};
    const notation = typeof obj.notation === 'string' ? obj.notation : undefined;
    if (family && typeof rawOptions === 'object' && rawOptions !== null && !Array.isArray(rawOptions)) readOptions(report, where, family, rawOptions as Record<string, unknown>, notation);
    return undefined;
  }
  const d = parsed.data;
  const family = resolveFamily(report, [...where, 'family'], d.family);
  if (!family) return undefined;
  const options = readOptions(report, where, family, d.options, d.notation);
  if (!options) return undefined;
  const base: ItemBase = {
    id: d.id ?? `${family.id}${index + 1}`,
    ...(d.points !== undefined ? { points: d.points } : {}),
    ...(d.tolerance !== undefined ? { tolerance: d.tolerance } : {}),
    ...(d.mode !== undefined ? { mode: d.mode } : {}),
  };
  if ('given' in d) {
    let given: object;
    try {
      given = family.parseGiven(d.given);
    } catch (e) {
      if (!(e instanceof GivenError)) throw e;
      // Every error of the given, each at its own field.
      for (const one of e.all ?? [e])
        report([...where, 'given', ...parseFieldPath(one.field).filter((k) => k !== '(given)')], one.message.replace(/^given\.[^:]*: /, ''), /no such field/.test(one.message));
      return undefined;
    }
    checkFieldKeys(report, where, base, family.solve(given, false).fields);
    return { ...base, kind: 'fixed', family: family.id, given, options };
  }
  // One sample problem tells which answers the item has (they follow from the options).
  try {
    const sample = family.generate(createRng(`bank-check/${base.id}`), options);
    checkFieldKeys(report, where, base, family.solve(sample, false).fields);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    if (parse.generation !== 'defer') {
      report([...where, 'options'], e.message.replace(/^option [^:]*: /, ''));
      return undefined;
    }
  }
  const fairness = 'fairness' in d && d.fairness !== undefined ? { fairness: d.fairness === false ? null : d.fairness } : {};
  return { ...base, kind: 'family', family: family.id, count: 'count' in d ? d.count : 1, options, ...fairness };
}

/**
 * How an author knows an item: its id, or its place and kind when it has none.
 * @example itemLabel({ id: 'lstm-step', family: 'lstm' }, 2) // 'item "lstm-step"'
 * @example itemLabel({ family: 'lstm' }, 2)                   // 'item 3 (lstm)'
 */
export function itemLabel(raw: unknown, index: number): string {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (typeof obj.id === 'string' && obj.id.trim() !== '') return `item ${JSON.stringify(obj.id.slice(0, 40))}`;
  const kind = typeof obj.family === 'string' ? obj.family.slice(0, 40) : 'stem' in obj || 'choices' in obj ? 'multiple choice' : undefined;
  return `item ${index + 1}${kind ? ` (${kind})` : ''}`;
}

/**
 * Validates a bank's text; throws BankError listing every problem.
 * @example parseBank(readFileSync('question-banks/rnn-midterm.yaml', 'utf8'), 'question-banks/rnn-midterm.yaml').items.length
 */
export function parseBank(text: string, file: string, parse: ParseBankOptions = {}): Bank {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const issues: BankIssue[] = [];
  if (doc.errors.length > 0) {
    for (const p of plainYamlErrors(text, doc.errors)) issues.push({ file, line: p.line, col: p.col, path: '', message: `YAML syntax: ${p.message}`, excerpt: p.excerpt });
    throw new BankError(issues);
  }
  const js = doc.toJS() as { items?: unknown } | null;
  const rawItems = Array.isArray(js?.items) ? (js.items as unknown[]) : [];
  const report: Report = (path, message, atKey = false) => {
    const index = path[0] === 'items' && typeof path[1] === 'number' ? path[1] : undefined;
    issues.push({ file, ...positionOf(doc, counter, path, atKey), path: formatPath(path), message, ...(index !== undefined ? { item: itemLabel(rawItems[index], index) } : {}) });
  };
  const header = bankSchema.safeParse(js);
  if (!header.success) reportZod(report, [], header.error, bankSchema);
  const items = rawItems.map((raw, i) => readItem(report, raw, i, parse));
  const ids = new Map<string, number>();
  items.forEach((item, i) => {
    if (!item) return;
    const first = ids.get(item.id);
    if (first !== undefined)
      report(['items', i, 'id'], `the id ${JSON.stringify(item.id)} is already used by the item on line ${positionOf(doc, counter, ['items', first]).line}: give each item its own id`);
    ids.set(item.id, i);
  });
  if (issues.length > 0 || !header.success) {
    issues.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new BankError(issues);
  }
  const h = header.data;
  return {
    name: basename(file, extname(file)),
    file,
    course: h.course,
    title: h.title,
    date: h.date,
    instructions: h.instructions,
    points: h.points,
    pointsPer: h.points_per,
    tolerance: h.tolerance,
    carriedErrorPenalty: h.carried_error_penalty,
    attempts: h.attempts,
    rules: examRules(h),
    fairness: h.fairness === false ? null : h.fairness,
    mode: h.mode,
    items: items as BankItem[],
  };
}

/** Reads and validates a bank file. */
export function loadBank(path: string): Bank {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the bank ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseBank(text, path);
}
