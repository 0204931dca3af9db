/**
 * What each exam version holds: the bank's items drawn for one version (its
 * own seed `<seed>/<version>`, forked per item id so adding an item never
 * shifts another), solved, with points and tolerance per answer name. Pure:
 * no files, no PDF. The same bank and seed give the same versions.
 */
import { createRng } from '../core/rng.js';
import type { FieldSpec } from '../families/contract.js';
import { getFamily } from '../families/registry.js';
import { multipleChoice, shuffledChoices } from '../families/multiple-choice.js';
import type { ExamProblem, Manifest, ManifestVersion } from '../manifest.js';
import { solvedProblem, type Problem } from '../problems.js';
import type { Tolerance } from '../grading/types.js';
import { signVersionToken } from '../version-token.js';
import type { Bank, BankItem } from '../bank/load.js';
import { choiceOptions } from './choice-options.js';
import { drawBalanced, itemMedianWork, solutionWork } from '../check/fairness.js';

/** `V01` … `V30`: at least two digits, as wide as the largest number. */
export function versionIds(count: number): string[] {
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `V${String(i + 1).padStart(width, '0')}`);
}

/** Looks up a per-field setting: the answer name first (`h2`), then its quantity (`h`), then `default`. */
function perField<T>(map: Record<string, T>, field: FieldSpec): T | undefined {
  return map[field.name] ?? map[field.quantity] ?? map.default;
}

function fieldPoints(item: BankItem, field: FieldSpec, fallback: number): number {
  if (item.points === undefined) return fallback;
  if (typeof item.points === 'number') return item.points;
  return perField(item.points, field) ?? fallback;
}

function fieldTolerance(item: BankItem, field: FieldSpec, fallback: Tolerance): Tolerance {
  const t = item.tolerance;
  if (t === undefined) return fallback;
  if ('rtol' in t && 'atol' in t && typeof t.rtol === 'number') return t as Tolerance;
  return perField(t as Record<string, Tolerance>, field) ?? fallback;
}

/** A problem with the points and tolerance its bank item gives each answer field. */
export function scored(bank: Bank, item: BankItem, problem: Problem): ExamProblem {
  const points: Record<string, number> = {};
  const tolerance: Record<string, Tolerance> = {};
  for (const f of problem.fields) {
    const given = fieldPoints(item, f, bank.points);
    points[f.name] = bank.pointsPer === 'component' && typeof f.shape === 'number' ? given * f.shape : given;
    if (f.kind === 'numeric') tolerance[f.name] = fieldTolerance(item, f, bank.tolerance);
  }
  return { ...problem, points, tolerance, item: item.id };
}

/** A drawn problem with its hand work (check/work.ts), and the work of the first draw before any balancing redraw. */
interface DrawnProblem {
  problem: Problem;
  work: number;
  firstWork: number;
}

/** The fairness band of a family item (its own, else the bank's), or null when balancing is off. */
export function itemBand(bank: Bank, item: BankItem): number | null {
  if (item.kind !== 'family') return null;
  const setting = item.fairness === undefined ? bank.fairness : item.fairness;
  return setting ? setting.band : null;
}

/** Median hand work per bank, seed and item: estimated once (a worker plans many versions of one bank). */
const medians = new WeakMap<Bank, Map<string, number>>();

/**
 * The median hand work of a family item, from MEDIAN_SAMPLE variants drawn from `<seed>/fairness/<item>`.
 * @example itemMedian(bank, '2026', bank.items[1]) // e.g. 38
 */
export function itemMedian(bank: Bank, seed: string, item: BankItem & { kind: 'family' }): number {
  let bySeed = medians.get(bank);
  if (!bySeed) medians.set(bank, (bySeed = new Map()));
  const key = JSON.stringify([seed, item.id]);
  let m = bySeed.get(key);
  if (m === undefined) {
    m = itemMedianWork(getFamily(item.family), item.options, `${seed}/fairness/${item.id}`);
    bySeed.set(key, m);
  }
  return m;
}

/** The problems of one item in one version (ids assigned by the caller); family items are balanced by hand work. */
function drawItem(bank: Bank, seed: string, item: BankItem, versionSeed: string, firstNumber: number): DrawnProblem[] {
  const rng = (k: number) => createRng(versionSeed).fork(`${item.id}/${k}`);
  const constant = (problem: Problem): DrawnProblem => {
    const work = solutionWork(problem);
    return { problem, work, firstWork: work };
  };
  switch (item.kind) {
    case 'fixed': {
      const family = getFamily(item.family);
      return [constant(solvedProblem(family, `p${firstNumber}`, item.options, item.given))];
    }
    case 'choice': {
      // A bank's choice item is a multiple-choice problem by definition: the family module itself, not an id.
      const given = item.shuffle ? shuffledChoices(rng(1), item.choice) : item.choice;
      return [constant(solvedProblem(multipleChoice, `p${firstNumber}`, {}, given))];
    }
    case 'family': {
      const family = getFamily(item.family);
      const band = itemBand(bank, item);
      const target = band === null ? null : { median: itemMedian(bank, seed, item), band };
      return Array.from({ length: item.count }, (_, k) => {
        const drawn = drawBalanced(family, item.options, rng(k + 1), target);
        const { answers, fields, steps } = drawn.solution;
        const problem: Problem = { id: `p${firstNumber + k}`, family: family.id, options: item.options, given: drawn.given, answers, fields, steps };
        return { problem, work: drawn.work, firstWork: drawn.firstWork };
      });
    }
  }
}

/** A planned version, with each item's hand work before balancing (what the build prints; not in the manifest). */
export type PlannedVersion = ManifestVersion & { work: Record<string, number>; workBefore: Record<string, number> };

/**
 * One version: every item drawn and solved, numbered p1, p2, … in exam order,
 * with the hand work of each item (the sum over its problems).
 * @example planVersion(bank, '2026', 'V01', secret).problems[0].id // 'p1'
 */
export function planVersion(bank: Bank, seed: string, versionId: string, secret: string, buildId?: string): PlannedVersion {
  const versionSeed = `${seed}/${versionId}`;
  const problems: ExamProblem[] = [];
  const work: Record<string, number> = {};
  const workBefore: Record<string, number> = {};
  for (const item of bank.items) {
    for (const d of drawItem(bank, seed, item, versionSeed, problems.length + 1)) {
      const problem = scored(bank, item, d.problem);
      if ((item.mode ?? bank.mode) === 'choice' && item.kind !== 'choice') {
        const choices = choiceOptions(problem, createRng(versionSeed).fork(`choice/${problem.id}`));
        if (Object.keys(choices).length > 0) problem.choices = choices;
      }
      problems.push(problem);
      work[item.id] = (work[item.id] ?? 0) + d.work;
      workBefore[item.id] = (workBefore[item.id] ?? 0) + d.firstWork;
    }
  }
  return { id: versionId, seed: versionSeed, token: signVersionToken(secret, bank.name, versionId, buildId), problems, work, workBefore };
}

export interface BuildSettings {
  seed: string;
  /** The build's random id (signed into every token). */
  buildId?: string;
  versions: number;
  /** Base of the printed URL `<baseUrl>/q/<token>`, without a trailing slash. */
  baseUrl: string;
}

/** Everything the manifest holds besides its versions (what the server and grader need to show and score). */
export function manifestHeader(bank: Bank, settings: BuildSettings): Omit<Manifest, 'versions'> {
  return {
    bank: bank.name,
    seed: settings.seed,
    ...(settings.buildId ? { buildId: settings.buildId } : {}),
    title: bank.title,
    course: bank.course,
    policy: { carriedCredit: 1 - bank.carriedErrorPenalty },
    attempts: bank.attempts,
    rules: bank.rules,
    meta: {
      date: bank.date,
      instructions: bank.instructions,
      baseUrl: settings.baseUrl,
      versionCount: settings.versions,
      defaultPoints: bank.points,
      defaultTolerance: bank.tolerance,
      carriedErrorPenalty: bank.carriedErrorPenalty,
    },
  };
}

/** The printed link for a version. @example versionUrl('https://quiz.example.edu', token) // "https://quiz.example.edu/q/…" */
export function versionUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/${token}`;
}

/** Points of a problem: the sum over its answer fields. */
export function problemPoints(p: ExamProblem): number {
  return Object.values(p.points).reduce((a, b) => a + b, 0);
}
