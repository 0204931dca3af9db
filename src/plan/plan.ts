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

function scored(bank: Bank, item: BankItem, problem: Problem): ExamProblem {
  const points: Record<string, number> = {};
  const tolerance: Record<string, Tolerance> = {};
  for (const f of problem.fields) {
    points[f.name] = fieldPoints(item, f, bank.points);
    if (f.kind === 'numeric') tolerance[f.name] = fieldTolerance(item, f, bank.tolerance);
  }
  return { ...problem, points, tolerance, item: item.id };
}

/** The problems of one item in one version (ids assigned by the caller). */
function drawItem(item: BankItem, versionSeed: string, firstNumber: number): Problem[] {
  const rng = (k: number) => createRng(versionSeed).fork(`${item.id}/${k}`);
  switch (item.kind) {
    case 'fixed': {
      const family = getFamily(item.family);
      return [solvedProblem(family, `p${firstNumber}`, item.options, item.given)];
    }
    case 'choice': {
      // A bank's choice item is a multiple-choice problem by definition: the family module itself, not an id.
      const given = item.shuffle ? shuffledChoices(rng(1), item.choice) : item.choice;
      return [solvedProblem(multipleChoice, `p${firstNumber}`, {}, given)];
    }
    case 'family': {
      const family = getFamily(item.family);
      return Array.from({ length: item.count }, (_, k) => solvedProblem(family, `p${firstNumber + k}`, item.options, family.generate(rng(k + 1), item.options)));
    }
  }
}

/**
 * One version: every item drawn and solved, numbered p1, p2, … in exam order.
 * @example planVersion(bank, '2026', 'V01', secret).problems[0].id // 'p1'
 */
export function planVersion(bank: Bank, seed: string, versionId: string, secret: string): ManifestVersion {
  const versionSeed = `${seed}/${versionId}`;
  const problems: ExamProblem[] = [];
  for (const item of bank.items) {
    for (const p of drawItem(item, versionSeed, problems.length + 1)) problems.push(scored(bank, item, p));
  }
  return { id: versionId, seed: versionSeed, token: signVersionToken(secret, bank.name, versionId), problems };
}

export interface BuildSettings {
  seed: string;
  versions: number;
  /** Base of the printed URL `<baseUrl>/q/<token>`, without a trailing slash. */
  baseUrl: string;
}

/** Everything the manifest holds besides its versions (what the server and grader need to show and score). */
export function manifestHeader(bank: Bank, settings: BuildSettings): Omit<Manifest, 'versions'> {
  return {
    bank: bank.name,
    seed: settings.seed,
    title: bank.title,
    course: bank.course,
    policy: { carriedCredit: 1 - bank.carriedErrorPenalty },
    attempts: bank.attempts,
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
