/**
 * Per-version results: each question's mean credit per exam version, and a
 * flag when the versions differ more than chance explains. Balanced versions
 * (src/check/fairness.ts) should make every version equally hard; this is the
 * check after the exam.
 *
 * The test is Kruskal–Wallis (from @stdlib/stats-kruskal-test: a maintained,
 * typed implementation with the tie correction that partial-credit scores
 * need). It compares the credit distributions of k independent groups without
 * assuming normal scores — credit per question is bounded, discrete and often
 * piled at 0 and 1, so a one-way ANOVA's assumptions fail. Credits are kept as
 * counts per distinct value (a question has few distinct credits), so the
 * memory does not grow with the number of sheets. Pure: no I/O.
 */
import kruskalTest from '@stdlib/stats-kruskal-test';

/** A version is flagged when the test's p-value is below this (strict: a bank has many questions, each tested). */
export const VERSION_DIFFERENCE_ALPHA = 0.01;
/** Versions with fewer answers than this are left out of the test (the χ² approximation needs about 5 per group). */
export const MIN_ANSWERS_PER_VERSION = 5;

/** question → version → credit (rounded to 1e-6) → how many sheets got it. Plain data, so it can be stored or sent. */
export type VersionCredits = Record<string, Record<string, Record<string, number>>>;

/**
 * Records one sheet's credit (0–1) on one question.
 * @example addVersionCredit(credits, 'p1', 'V01', 0.5)
 */
export function addVersionCredit(credits: VersionCredits, question: string, version: string, credit: number): void {
  const byVersion = (credits[question] ??= {});
  const counts = (byVersion[version] ??= {});
  const key = String(Math.round(credit * 1e6) / 1e6);
  counts[key] = (counts[key] ?? 0) + 1;
}

export interface VersionMean {
  id: string;
  n: number;
  mean: number;
}

export interface VersionComparison {
  question: string;
  versions: VersionMean[];
  /** Kruskal–Wallis H and its p-value over the versions with enough answers; null when there is nothing to test. */
  statistic: number | null;
  pValue: number | null;
  /** True when p < VERSION_DIFFERENCE_ALPHA. */
  flagged: boolean;
  /** The version whose mean lies furthest from the mean of the others (the likely odd one out), when flagged. */
  outlier: string | null;
}

function expand(counts: Record<string, number>): number[] {
  const out: number[] = [];
  for (const [credit, n] of Object.entries(counts)) for (let i = 0; i < n; i++) out.push(Number(credit));
  return out;
}

/**
 * Compares the versions of one question.
 * @example compareVersions('p1', { V01: [1, 1, 1, 1, 1], V02: [0, 0, 0, 0, 0.5] }).flagged // true
 */
export function compareVersions(question: string, groups: Record<string, readonly number[]>): VersionComparison {
  const versions = Object.entries(groups)
    .map(([id, xs]) => ({ id, n: xs.length, mean: xs.length ? Math.round((1e4 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 1e4 : 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const tested = Object.entries(groups)
    .filter(([, xs]) => xs.length >= MIN_ANSWERS_PER_VERSION)
    .sort(([a], [b]) => a.localeCompare(b));
  const all = tested.flatMap(([, xs]) => xs);
  // Two groups at least, and some variation: with every credit equal there is nothing to rank.
  if (tested.length < 2 || all.every((x) => x === all[0])) return { question, versions, statistic: null, pValue: null, flagged: false, outlier: null };
  const [first, ...rest] = tested.map(([, xs]) => [...xs]);
  const result = kruskalTest(first as number[], ...rest);
  const flagged = Number.isFinite(result.pValue) && result.pValue < VERSION_DIFFERENCE_ALPHA;
  let outlier: string | null = null;
  if (flagged) {
    let gap = -1;
    for (const [id, xs] of tested) {
      const others = tested.filter(([other]) => other !== id).flatMap(([, ys]) => ys);
      const mean = (zs: readonly number[]) => zs.reduce((a, b) => a + b, 0) / zs.length;
      const d = Math.abs(mean(xs) - mean(others));
      if (d > gap) [gap, outlier] = [d, id];
    }
  }
  return { question, versions, statistic: Math.round(result.statistic * 1e4) / 1e4, pValue: result.pValue, flagged, outlier };
}

/**
 * Every question's comparison from accumulated credits, in the order the questions were first seen.
 * @example versionComparisons(stats.versionCredits).filter((c) => c.flagged)
 */
export function versionComparisons(credits: VersionCredits): VersionComparison[] {
  return Object.entries(credits).map(([question, byVersion]) => compareVersions(question, Object.fromEntries(Object.entries(byVersion).map(([v, counts]) => [v, expand(counts)]))));
}
