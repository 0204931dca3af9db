/**
 * Balanced versions: every student's exam should take about the same hand
 * work (work.ts). For each family item the bank's fairness band (default
 * ±25 %) is centred on the item's median work, estimated from a fixed sample
 * of variants drawn from the build seed; a version whose draw falls outside
 * the band is redrawn from a stream of its own (`…/redraw1`, `…/redraw2` …),
 * so the same bank and seed still give the same exam. The first draw is the
 * one an unbalanced build makes, so a draw inside the band is never changed.
 * Pure: no I/O.
 */
import { createRng, type Rng } from '../core/rng.js';
import type { AnyFamily } from '../families/registry.js';
import type { Solution } from '../families/contract.js';
import { problemWork, totalWork } from './work.js';

/** The default band: a version's work may lie 25 % above or below the item's median. */
export const DEFAULT_FAIRNESS_BAND = 0.25;
/** Variants drawn to estimate an item's median work (odd, so the median is one of them). */
export const MEDIAN_SAMPLE = 201;
/** Redraws tried before the draw closest to the median is kept. */
export const MAX_REDRAWS = 200;

/**
 * Whether `work` lies in the band around `median`: |work − median| ≤ band · median.
 * @example withinBand(12, 10, 0.25) // true (|12 − 10| = 2 ≤ 2.5)
 */
export function withinBand(work: number, median: number, band: number): boolean {
  return Math.abs(work - median) <= band * median + 1e-9;
}

/** The band's ends. @example bandLimits(10, 0.25) // { low: 7.5, high: 12.5 } */
export function bandLimits(median: number, band: number): { low: number; high: number } {
  return { low: median * (1 - band), high: median * (1 + band) };
}

/**
 * The median of a list of numbers (the mean of the middle two for an even count).
 * @example median([3, 1, 2]) // 2
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Total hand work of a solved problem. */
export const solutionWork = (solution: Solution): number => totalWork(problemWork(solution.steps));

/**
 * An item's median hand work over MEDIAN_SAMPLE variants drawn from `sampleSeed`.
 * @example itemMedianWork(getFamily('lstm'), options, '2026/fairness/lstm') // e.g. 33
 */
export function itemMedianWork(family: AnyFamily, options: object, sampleSeed: string): number {
  const root = createRng(sampleSeed);
  const works: number[] = [];
  for (let i = 0; i < MEDIAN_SAMPLE; i++) works.push(solutionWork(family.generateSolved(root.fork(String(i)), options).solution));
  return median(works);
}

export interface BalancedDraw {
  given: object;
  solution: Solution;
  /** Hand work of the kept draw, and of the first draw (what an unbalanced build keeps). */
  work: number;
  firstWork: number;
  /** Draws made: 1 when the first one was inside the band. */
  draws: number;
}

/**
 * Draws a problem whose hand work lies in the band around `median`: the first
 * draw from `rng`, then redraws from `rng.fork('redraw<r>')`; after MAX_REDRAWS
 * the draw closest to the median (the earliest of equals) is kept.
 * Without a band (`band` null) the first draw is kept.
 * @example drawBalanced(lstm, options, createRng('2026/V01').fork('lstm/1'), { median: 33, band: 0.25 }).work
 */
export function drawBalanced(family: AnyFamily, options: object, rng: Rng, target: { median: number; band: number } | null): BalancedDraw {
  const first = family.generateSolved(rng, options);
  const firstWork = solutionWork(first.solution);
  if (!target || withinBand(firstWork, target.median, target.band)) return { ...first, work: firstWork, firstWork, draws: 1 };
  let best = { ...first, work: firstWork };
  for (let r = 1; r <= MAX_REDRAWS; r++) {
    const next = family.generateSolved(rng.fork(`redraw${r}`), options);
    const work = solutionWork(next.solution);
    if (withinBand(work, target.median, target.band)) return { ...next, work, firstWork, draws: r + 1 };
    if (Math.abs(work - target.median) < Math.abs(best.work - target.median)) best = { ...next, work };
  }
  return { ...best, firstWork, draws: MAX_REDRAWS + 1 };
}

/** An item's hand work across versions: least and most, before and after balancing. */
export interface WorkSpread {
  item: string;
  before: { min: number; max: number };
  after: { min: number; max: number };
}

/**
 * Per item, the least and most hand work over the versions, of the first draws and of the kept ones.
 * @example workSpread([{ work: { lstm: 30 }, workBefore: { lstm: 20 } }, { work: { lstm: 33 }, workBefore: { lstm: 33 } }])
 *   // [{ item: 'lstm', before: { min: 20, max: 33 }, after: { min: 30, max: 33 } }]
 */
export function workSpread(versions: readonly { work: Record<string, number>; workBefore: Record<string, number> }[]): WorkSpread[] {
  const items = [...new Set(versions.flatMap((v) => Object.keys(v.work)))];
  const range = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
  return items.map((item) => ({
    item,
    before: range(versions.map((v) => v.workBefore[item] ?? 0)),
    after: range(versions.map((v) => v.work[item] ?? 0)),
  }));
}

/** The spread as lines of text, one per item whose work varies or that has any: `lstm  before 20–43 (2.15×)  after 26–40 (1.54×)`. */
export function formatWorkSpread(spread: readonly WorkSpread[]): string[] {
  const ratio = (r: { min: number; max: number }) => (r.min > 0 ? `${(r.max / r.min).toFixed(2)}×` : '—');
  const width = Math.max(4, ...spread.map((s) => s.item.length));
  return spread
    .filter((s) => s.before.max > 0)
    .map((s) => `${s.item.padEnd(width)}  before ${`${s.before.min}–${s.before.max}`.padStart(7)} (${ratio(s.before)})   after ${`${s.after.min}–${s.after.max}`.padStart(7)} (${ratio(s.after)})`);
}
