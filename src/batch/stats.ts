/**
 * Item statistics of a batch, accumulated one graded sheet at a time in
 * constant memory (running sums, a fixed histogram), so 100,000 sheets cost
 * no more than 100.
 *
 * - difficulty: mean credit, points earned ÷ points possible (1 = everyone right);
 * - discrimination: the point-biserial correlation between an item's credit and
 *   the rest of the exam (the student's score without that item, as a fraction),
 *   i.e. the corrected item–total Pearson correlation; it is the point-biserial
 *   when credit is all-or-nothing. Leaving the item out of the total keeps an
 *   item from correlating with itself. Computed from Σx, Σy, Σx², Σy², Σxy.
 */
import type { GradedSheet } from './types.js';
import { type VersionCredits, addVersionCredit } from './versions.js';

/** Running sums for a Pearson correlation. */
interface CorrelationSums {
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

export interface ItemStats extends CorrelationSums {
  /** `p1.h2` for a field, `p1` for a question. */
  key: string;
  /** Sum of credit fractions (points ÷ max). */
  creditSum: number;
  correct: number;
  carried: number;
  incorrect: number;
  blank: number;
  unreadable: number;
  /** Points error-carried-forward earned on this item. */
  carriedPoints: number;
  /** Named mistake id → how many answers matched it. */
  mistakes: Record<string, number>;
}

export interface BatchStats {
  sheets: number;
  /** 1,001 bins of the percent score: bin i holds scores that round to i/10 %. */
  percentBins: number[];
  percentSum: number;
  percentSquares: number;
  /** Sheets where error-carried-forward earned at least one field. */
  sheetsSavedByCarried: number;
  carriedPoints: number;
  questions: ItemStats[];
  fields: ItemStats[];
  /** Each question's credit per version, as counts per distinct credit (versions.ts compares them). */
  versionCredits: VersionCredits;
}

const PERCENT_BINS = 1001;

/** The statistics of an answer field before any sheet. */
export const emptyItem = (key: string): ItemStats => ({
  key,
  n: 0,
  sx: 0,
  sy: 0,
  sxx: 0,
  syy: 0,
  sxy: 0,
  creditSum: 0,
  correct: 0,
  carried: 0,
  incorrect: 0,
  blank: 0,
  unreadable: 0,
  carriedPoints: 0,
  mistakes: {},
});

function addPair(s: CorrelationSums, x: number, y: number): void {
  s.n++;
  s.sx += x;
  s.sy += y;
  s.sxx += x * x;
  s.syy += y * y;
  s.sxy += x * y;
}

/**
 * Pearson correlation of the sums, or null when either side does not vary (everyone got the same credit).
 * @example correlation({ n: 3, sx: 1, sy: 1.5, sxx: 1, syy: 1.25, sxy: 1 }) // 1
 */
export function correlation(s: CorrelationSums): number | null {
  const vx = s.n * s.sxx - s.sx * s.sx;
  const vy = s.n * s.syy - s.sy * s.sy;
  // Relative guard: sums of doubles leave tiny positive residues when nothing varies.
  if (s.n < 2 || vx <= 1e-9 * Math.max(1, s.sxx * s.n) || vy <= 1e-9 * Math.max(1, s.syy * s.n)) return null;
  return (s.n * s.sxy - s.sx * s.sy) / Math.sqrt(vx * vy);
}

/** Mean credit (0–1) of an item, or null when nobody answered it. */
export const difficulty = (item: ItemStats): number | null => (item.n === 0 ? null : item.creditSum / item.n);

/** The named mistake seen most often on an item, with its count. */
export function topMistake(item: ItemStats): { id: string; count: number } | null {
  let best: { id: string; count: number } | null = null;
  for (const [id, count] of Object.entries(item.mistakes)) if (!best || count > best.count) best = { id, count };
  return best;
}

/** Accumulates BatchStats; `add` every graded sheet, then read `stats`. */
export class StatsAccumulator {
  readonly stats: BatchStats = {
    sheets: 0,
    percentBins: new Array<number>(PERCENT_BINS).fill(0),
    percentSum: 0,
    percentSquares: 0,
    sheetsSavedByCarried: 0,
    carriedPoints: 0,
    questions: [],
    fields: [],
    versionCredits: {},
  };
  private readonly fieldIndex = new Map<string, ItemStats>();
  private readonly questionIndex = new Map<string, ItemStats>();

  /** @param order field keys in exam order, so tables read like the exam. */
  constructor(order: readonly string[] = []) {
    for (const key of order) this.item(this.fieldIndex, this.stats.fields, key);
    for (const key of order) this.item(this.questionIndex, this.stats.questions, questionOf(key));
  }

  private item(index: Map<string, ItemStats>, list: ItemStats[], key: string): ItemStats {
    let it = index.get(key);
    if (!it) {
      it = emptyItem(key);
      index.set(key, it);
      list.push(it);
    }
    return it;
  }

  add(sheet: GradedSheet): void {
    const { score, max, fields } = sheet.result;
    const s = this.stats;
    s.sheets++;
    const percent = max > 0 ? (100 * score) / max : 0;
    s.percentSum += percent;
    s.percentSquares += percent * percent;
    (s.percentBins[Math.min(PERCENT_BINS - 1, Math.max(0, Math.round(percent * 10)))] as number)++;
    const byQuestion = new Map<string, { points: number; max: number }>();
    let carriedHere = 0;
    for (const [key, f] of Object.entries(fields)) {
      const it = this.item(this.fieldIndex, s.fields, key);
      const credit = f.max > 0 ? f.points / f.max : 0;
      it.creditSum += credit;
      it[f.status]++;
      if (f.status === 'carried') {
        it.carriedPoints += f.points;
        carriedHere += f.points;
      }
      if (f.mistake) it.mistakes[f.mistake] = (it.mistakes[f.mistake] ?? 0) + 1;
      const rest = max - f.max;
      addPair(it, credit, rest > 0 ? (score - f.points) / rest : 0);
      const q = byQuestion.get(questionOf(key)) ?? { points: 0, max: 0 };
      q.points += f.points;
      q.max += f.max;
      byQuestion.set(questionOf(key), q);
    }
    for (const [key, q] of byQuestion) {
      const it = this.item(this.questionIndex, s.questions, key);
      const credit = q.max > 0 ? q.points / q.max : 0;
      it.creditSum += credit;
      addVersionCredit(s.versionCredits, key, sheet.version, credit);
      const rest = max - q.max;
      addPair(it, credit, rest > 0 ? (score - q.points) / rest : 0);
    }
    if (carriedHere > 0) {
      s.sheetsSavedByCarried++;
      s.carriedPoints += carriedHere;
    }
  }
}

/** `p1` of `p1.h2`. */
export function questionOf(fieldKey: string): string {
  const dot = fieldKey.indexOf('.');
  return dot === -1 ? fieldKey : fieldKey.slice(0, dot);
}

/** Score percent at a quantile (0–1), read off the 0.1 % histogram. */
export function percentile(stats: BatchStats, q: number): number | null {
  if (stats.sheets === 0) return null;
  const target = q * (stats.sheets - 1);
  let seen = 0;
  for (let i = 0; i < stats.percentBins.length; i++) {
    seen += stats.percentBins[i] as number;
    if (seen > target) return i / 10;
  }
  return 100;
}
