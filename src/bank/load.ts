/**
 * Reading a bank: YAML → zod → families. Every problem is collected (YAML
 * syntax, schema, unknown families, bad options, hand-typed givens that do not
 * fit, points for answers that do not exist) and reported at once with its
 * line and column; a bank with any problem is refused as a whole.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { GivenError, OptionError, UsageError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { FamilyId } from '../families/contract.js';
import { getFamily, isFamilyId, listFamilies, type AnyFamily } from '../families/registry.js';
import { parseChoiceGiven, type ChoiceGiven } from '../families/multiple-choice.js';
import type { Tolerance } from '../grading/types.js';
import { BankError, type BankIssue } from './errors.js';
import { LineCounter, formatPath, parseFieldPath, positionOf, type PathKey } from './positions.js';
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
  tolerance: Tolerance;
  /** Fraction of a field's points lost when it is right only given the student's earlier answers. */
  carriedErrorPenalty: number;
  attempts: { limit: number; counts: 'last' | 'best' };
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

function reportZod(report: Report, prefix: readonly PathKey[], error: z.ZodError): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...(issue.path as PathKey[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) report([...path, key], `unknown key ${JSON.stringify(key)}`, true);
    } else {
      report(path, issue.message);
    }
  }
}

function resolveFamily(report: Report, where: PathKey[], id: string): AnyFamily | undefined {
  if (isFamilyId(id)) return getFamily(id);
  report(where, `unknown family ${JSON.stringify(id)}: expected one of ${listFamilies().map((f) => f.id).join(', ')}`);
  return undefined;
}

/** Parsed options (notation merged in); an OptionError is reported at the option it names. */
function readOptions(report: Report, where: PathKey[], family: AnyFamily, raw: Record<string, unknown>, notation: string | undefined): Record<string, unknown> | undefined {
  const merged = notation === undefined ? raw : { ...raw, notation };
  try {
    return family.parseOptions(merged) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    const key = e.option.split(',')[0]?.trim() ?? '';
    const path = key === 'notation' && notation !== undefined && raw.notation === undefined ? [...where, 'notation'] : key in merged || /^\w+$/.test(key) ? [...where, 'options', key] : [...where, 'options'];
    report(path, e.message.replace(/^option [^:]*: /, ''), !(key in merged));
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
    if (!parsed.success) return void reportZod(report, where, parsed.error);
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
  const parsed = (fixed ? fixedItemSchema : familyItemSchema).safeParse(obj);
  if (!parsed.success) {
    reportZod(report, where, parsed.error);
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
  const base: ItemBase = { id: d.id ?? `${family.id}${index + 1}`, ...(d.points !== undefined ? { points: d.points } : {}), ...(d.tolerance !== undefined ? { tolerance: d.tolerance } : {}), ...(d.mode !== undefined ? { mode: d.mode } : {}) };
  if ('given' in d) {
    let given: object;
    try {
      given = family.parseGiven(d.given);
    } catch (e) {
      if (!(e instanceof GivenError)) throw e;
      report([...where, 'given', ...parseFieldPath(e.field).filter((k) => k !== '(given)')], e.message.replace(/^given\.[^:]*: /, ''));
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
 * Validates a bank's text; throws BankError listing every problem.
 * @example parseBank(readFileSync('question-banks/rnn-midterm.yaml', 'utf8'), 'question-banks/rnn-midterm.yaml').items.length
 */
export function parseBank(text: string, file: string, parse: ParseBankOptions = {}): Bank {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const issues: BankIssue[] = [];
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? counter.linePos(e.pos[0]);
      issues.push({ file, line: pos.line, col: pos.col, path: '', message: `YAML: ${e.message.split('\n')[0]}` });
    }
    throw new BankError(issues);
  }
  const report: Report = (path, message, atKey = false) => issues.push({ file, ...positionOf(doc, counter, path, atKey), path: formatPath(path), message });
  const header = bankSchema.safeParse(doc.toJS());
  if (!header.success) reportZod(report, [], header.error);
  const rawItems = (doc.toJS() as { items?: unknown } | null)?.items;
  const items = (Array.isArray(rawItems) ? rawItems : []).map((raw, i) => readItem(report, raw, i, parse));
  const ids = new Map<string, number>();
  items.forEach((item, i) => {
    if (!item) return;
    if (ids.has(item.id)) report(['items', i, 'id'], `the item id ${JSON.stringify(item.id)} is already used by items[${ids.get(item.id)}]: give each item its own id`);
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
    tolerance: h.tolerance,
    carriedErrorPenalty: h.carried_error_penalty,
    attempts: h.attempts,
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
