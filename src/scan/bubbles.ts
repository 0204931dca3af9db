/**
 * Reading the bubbles of a registered page. Each bubble's darkness is the mean
 * gray inside its inner disc (the printed outline left out), turned into a
 * fill from 0 (paper) to 1 (ink) against the page's own paper and ink levels,
 * so a gray scan, a light copier or a yellowed sheet read alike. A row is then
 * decided as one mark, blank, or doubtful (for a person to look at):
 *
 * - one bubble at least FILLED and every other below EMPTY: that answer;
 * - every bubble below EMPTY: blank;
 * - anything else is doubtful and says why: a faint mark (light pencil, a
 *   tick), two marks, or a mark beside an erased one.
 *
 * No wrong answer is read silently: a doubtful row is never guessed. Pure.
 */
import { type Affine, type GrayImage, applyAffine, discMean } from './register.js';
import type { Point, SheetBubble } from './sheet-layout.js';

/** A bubble this full (share of its inner disc, ink-weighted) is a mark. */
export const FILLED = 0.42;
/** Below this a bubble is empty (printed letter, paper grain, scan noise). */
export const EMPTY = 0.09;
/** The inner disc measured, as a fraction of the bubble's radius (leaves the outline out). */
export const INNER_RADIUS = 0.72;

export interface PageLevels {
  paper: number;
  ink: number;
}

/**
 * Paper and ink levels of a page: the 90th percentile of a sparse sample (most
 * of a sheet is paper) and the mean inside the corner marks.
 */
export function pageLevels(img: GrayImage, markCentres: readonly Point[], markRadius: number): PageLevels {
  const counts = new Uint32Array(256);
  let n = 0;
  for (let y = 3; y < img.height; y += 7)
    for (let x = 3; x < img.width; x += 7) {
      counts[img.data[y * img.width + x] as number]!++;
      n++;
    }
  let seen = 0;
  let paper = 255;
  for (let v = 0; v < 256; v++) {
    seen += counts[v] as number;
    if (seen >= n * 0.9) {
      paper = v;
      break;
    }
  }
  const ink = markCentres.reduce((s, c) => s + discMean(img, c, markRadius), 0) / markCentres.length;
  return { paper, ink: Math.min(ink, paper - 40) };
}

/** Fill of one bubble from 0 (paper) to 1 (ink). */
export function bubbleFill(img: GrayImage, transform: Affine, scale: number, bubble: Point, radius: number, levels: PageLevels): number {
  const mean = discMean(img, applyAffine(transform, bubble), radius * scale * INNER_RADIUS);
  return Math.min(1, Math.max(0, (levels.paper - mean) / (levels.paper - levels.ink)));
}

export type RowDecision = { status: 'marked'; answer: string; fills: number[] } | { status: 'blank'; fills: number[] } | { status: 'doubtful'; reason: string; suggestion?: string; fills: number[] };

/**
 * @example decideRow([{ answer: 'A' }, { answer: 'B' }], [0.03, 0.9]) // { status: 'marked', answer: 'B', … }
 */
export function decideRow(bubbles: readonly Pick<SheetBubble, 'answer'>[], fills: number[]): RowDecision {
  const marked = fills.flatMap((f, i) => (f >= FILLED ? [i] : []));
  const faint = fills.flatMap((f, i) => (f >= EMPTY && f < FILLED ? [i] : []));
  const answerAt = (i: number): string => (bubbles[i] as Pick<SheetBubble, 'answer'>).answer;
  if (marked.length === 1 && faint.length === 0) return { status: 'marked', answer: answerAt(marked[0] as number), fills };
  if (marked.length === 0 && faint.length === 0) return { status: 'blank', fills };
  if (marked.length >= 2) return { status: 'doubtful', reason: `${marked.length} marks (${marked.map(answerAt).join(', ')})`, fills };
  if (marked.length === 1)
    return {
      status: 'doubtful',
      reason: `a mark (${answerAt(marked[0] as number)}) beside a lighter one or an erasure (${faint.map(answerAt).join(', ')})`,
      suggestion: answerAt(marked[0] as number),
      fills,
    };
  return {
    status: 'doubtful',
    reason: `only a faint mark (${faint.map(answerAt).join(', ')}): light pencil, a tick or an erasure`,
    ...(faint.length === 1 ? { suggestion: answerAt(faint[0] as number) } : {}),
    fills,
  };
}
