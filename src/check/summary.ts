/**
 * `rnnquiz check`, the judgement: turns an item's merged tallies
 * (variants.ts) into a report with named problems (any one fails the item,
 * and the command exits 1) and warnings. Pure: no I/O.
 *
 * An item fails when a variant cannot be generated, breaks a SPEC §4 rule
 * or has a key that does not score full marks; when every variant is the same
 * problem (or a table item shows far fewer distinct variants than chance
 * allows); when an answer can be guessed without computing (a label or choice
 * at one index in ≥ 70 % of variants, the right choice always the longest);
 * when a named mistake reads as the key in every field it changes; or when
 * too few variants lie in the fairness band for balancing to find one.
 */
import type { BankItem } from '../bank/load.js';
import { getFamily } from '../families/registry.js';
import { multipleChoice } from '../families/multiple-choice.js';
import { bandLimits, median, withinBand } from './fairness.js';
import type { ItemPartial } from './variants.js';
import { type HandWork, NO_WORK } from './work.js';

/** A label or choice at one index in at least this share of variants can be guessed. */
export const GUESSABLE_SHARE = 0.7;
/** Answer-spread flags need at least this many variants (fewer say too little). */
export const MIN_VARIANTS_FOR_SPREAD = 20;
/** A table item with fewer distinct variants than this share of what chance allows is suspect. */
export const MIN_DISTINCT_SHARE = 0.5;
/** Balancing needs at least this share of raw variants inside the band (else redraws rarely find one). */
export const MIN_IN_BAND_SHARE = 0.05;

export interface WorkSummary {
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
  /** Count of variants per hand-work value, ascending. */
  histogram: { work: number; count: number }[];
  /** Mean operations per variant by kind. */
  parts: HandWork;
  band: { band: number; low: number; high: number; inBandShare: number } | null;
}

export interface ItemReport {
  id: string;
  kind: BankItem['kind'];
  family: string;
  variants: number;
  ok: boolean;
  /** Each problem, named; any one fails the item. */
  problems: string[];
  warnings: string[];
  failures: ItemPartial['failures'];
  examples: ItemPartial['examples'];
  distinct: { count: number; possible: number | null; expected: number | null };
  labels: { field: string; n: number; choices: string[]; shares: number[]; longestShare: number }[];
  numbers: { quantity: string; n: number; negative: number; zero: number; positive: number; magnitude: number[] }[];
  mistakes: { id: string; variants: number; hidden: number; fields: number; equal: number; close: number; example?: string }[];
  work: WorkSummary;
  /** Hand work of each simulated version (balanced as the build balances), when versions were planned. */
  versions?: { id: string; work: number }[];
}

const pct = (x: number): string => `${Math.round(100 * x)} %`;

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** How many different variants a fixed or table item can have (null: too many to matter). */
function possibleVariants(item: BankItem): number | null {
  if (item.kind === 'fixed') return 1;
  if (item.kind === 'choice') return item.shuffle ? factorial(item.choice.choices.length) : 1;
  return getFamily(item.family).drawableVariants ?? null;
}

/** Expected distinct values among n draws from m equally likely: m (1 − (1 − 1/m)^n). */
export function expectedDistinct(m: number, n: number): number {
  return m * (1 - (1 - 1 / m) ** n);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
}

function summarizeWork(p: ItemPartial, band: number | null): WorkSummary {
  const sorted = [...p.work].sort((a, b) => a - b);
  const n = Math.max(1, sorted.length);
  const counts = new Map<number, number>();
  for (const w of sorted) counts.set(w, (counts.get(w) ?? 0) + 1);
  const m = median(sorted);
  const mean = (x: number) => Math.round((100 * x) / n) / 100;
  return {
    min: sorted[0] ?? 0,
    p10: quantile(sorted, 0.1),
    median: m,
    p90: quantile(sorted, 0.9),
    max: sorted[sorted.length - 1] ?? 0,
    mean: mean(sorted.reduce((a, b) => a + b, 0)),
    histogram: [...counts].map(([work, count]) => ({ work, count })),
    parts: sorted.length
      ? {
          multiplications: mean(p.parts.multiplications),
          additions: mean(p.parts.additions),
          activations: mean(p.parts.activations),
          fractions: mean(p.parts.fractions),
          uncounted: mean(p.parts.uncounted),
        }
      : NO_WORK,
    band: band === null || m === 0 ? null : { band, ...bandLimits(m, band), inBandShare: sorted.filter((w) => withinBand(w, m, band)).length / n },
  };
}

/**
 * The report of one item from its merged tallies.
 * @example summarizeItem(item, partial, 0.25).ok // false when any problem is named
 */
export function summarizeItem(item: BankItem, p: ItemPartial, band: number | null): ItemReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const family = item.kind === 'choice' ? multipleChoice.id : item.family;
  const example = (kind: keyof ItemPartial['failures']) => p.examples.find((e) => e.kind === kind);

  if (p.failures.generation > 0) {
    const e = example('generation');
    problems.push(`cannot be generated in ${p.failures.generation} of ${p.variants} variants${p.stopped ? ' (stopped early)' : ''}: ${e?.message ?? ''}`);
  }
  if (p.failures.rule > 0) problems.push(`${p.failures.rule} of ${p.variants} variants break a SPEC §4 rule, e.g. variant ${example('rule')?.variant}: ${example('rule')?.message}`);
  if (p.failures.key > 0) problems.push(`the key does not score full marks in ${p.failures.key} of ${p.variants} variants, e.g. variant ${example('key')?.variant}: ${example('key')?.message}`);
  for (const note of p.notes) warnings.push(`typed by hand, breaks a generation rule (allowed: SPEC §4 binds generated problems): ${note}`);

  const count = new Set(p.fingerprints).size;
  const possible = possibleVariants(item);
  const expected = possible === null ? null : Math.round(10 * expectedDistinct(possible, p.fingerprints.length)) / 10;
  if (item.kind === 'family' && p.fingerprints.length > 1 && count === 1 && possible === null)
    problems.push(`every one of ${p.variants} variants is the same problem: the options leave nothing to draw`);
  if (expected !== null && possible !== null && possible > 1 && count < MIN_DISTINCT_SHARE * expected)
    problems.push(`only ${count} distinct variants where chance allows about ${expected} of ${possible}`);
  if (item.kind === 'family' && possible === null && p.fingerprints.length >= MIN_VARIANTS_FOR_SPREAD && count < 0.9 * p.fingerprints.length)
    warnings.push(`${p.fingerprints.length - count} of ${p.fingerprints.length} variants repeat another: versions may share a problem`);

  const guessable = item.kind !== 'fixed' && p.variants >= MIN_VARIANTS_FOR_SPREAD;
  const labels = Object.entries(p.labels).map(([field, t]) => {
    const shares = t.atIndex.map((c) => c / Math.max(1, t.n));
    const top = shares.reduce((best, s, i) => (s > (shares[best] ?? 0) ? i : best), 0);
    if (guessable && (shares[top] ?? 0) >= GUESSABLE_SHARE)
      problems.push(`${field} is ${JSON.stringify(t.choices[top])} (index ${top}) in ${pct(shares[top] ?? 0)} of variants: a student can guess it without computing`);
    const longestShare = t.longest / Math.max(1, t.n);
    if (item.kind !== 'fixed' && t.n > 0 && t.longest === t.n && t.choices.length > 1) problems.push(`the right answer of ${field} is always the longest choice: a student can guess it by its length`);
    return { field, n: t.n, choices: t.choices, shares, longestShare };
  });

  const mistakes = Object.entries(p.mistakes).map(([id, t]) => ({ id, ...t }));
  for (const m of mistakes) {
    if (m.hidden > 0)
      problems.push(`mistake ${m.id} gives the key's answer in every field it changes in ${m.hidden} of ${m.variants} variants (${m.example ?? ''}): the grader cannot tell it from the key`);
    else if (m.close > 0) warnings.push(`mistake ${m.id} lands within tolerance of the key in ${m.close} of ${m.fields} answers it changes`);
  }

  const work = summarizeWork(p, item.kind === 'family' ? band : null);
  if (p.parts.uncounted > 0) warnings.push(`${p.parts.uncounted} worked steps have a shape the hand-work counter does not read (src/check/work.ts): the hand work is undercounted`);
  if (work.band && work.band.inBandShare < MIN_IN_BAND_SHARE)
    problems.push(`only ${pct(work.band.inBandShare)} of variants have hand work within the fairness band ${work.band.low}–${work.band.high}: widen the band or narrow the options`);

  return {
    id: item.id,
    kind: item.kind,
    family,
    variants: p.variants,
    ok: problems.length === 0,
    problems,
    warnings,
    failures: p.failures,
    examples: p.examples,
    distinct: { count, possible, expected },
    labels,
    numbers: Object.entries(p.numbers).map(([quantity, t]) => ({ quantity, ...t })),
    mistakes,
    work,
  };
}
