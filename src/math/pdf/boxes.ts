/**
 * The boxes math is laid out into, TeX style: every box has a width, a height
 * above its baseline and a depth below it (points); its items sit at offsets
 * from the box's origin (left end of the baseline, y growing UP as in TeX;
 * the drawer flips to pdfkit's downward y).
 */
import type { FontFace } from './fonts.js';

/** A run of real text (searchable, copyable) in one face and size. */
export interface TextItem {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  face: FontFace;
  size: number;
  /** Advance width, points (lets the drawer merge neighbouring runs). */
  width: number;
}

/** A filled rectangle, e.g. a fraction bar; (x, y) is its lower-left corner. */
export interface RuleItem {
  kind: 'rule';
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A delimiter drawn as a vector path to a given extent: [ ] ( ) | ‖ { }. (x, y) is the left end of the baseline. */
export interface DelimiterItem {
  kind: 'delimiter';
  x: number;
  y: number;
  char: string;
  width: number;
  height: number;
  depth: number;
  /** Stroke weight of the stem, points. */
  weight: number;
}

export interface BoxItem {
  kind: 'box';
  x: number;
  y: number;
  box: Box;
}

export type Item = TextItem | RuleItem | DelimiterItem | BoxItem;

/** Spacing class of a laid-out atom, for operator spacing and line breaking. */
export type AtomClass = 'ord' | 'rel' | 'bin' | 'punct' | 'open' | 'close' | 'op';

export interface Box {
  width: number;
  height: number;
  depth: number;
  items: Item[];
  /** Italic correction: how far the ink of a slanted last letter leans past the advance (points). */
  italic?: number;
}

/** A box holding one other box at an offset, e.g. a shifted script. @example wrap(b, 0, 3) */
export function shifted(box: Box, x: number, y: number): BoxItem {
  return { kind: 'box', x, y, box };
}

/**
 * Concatenates boxes left to right on a common baseline.
 * @example hbox([a, b]).width === a.width + b.width
 */
export function hbox(boxes: readonly Box[]): Box {
  const items: Item[] = [];
  let x = 0;
  let height = 0;
  let depth = 0;
  for (const b of boxes) {
    if (b.items.length > 0) items.push(shifted(b, x, 0));
    x += b.width;
    if (b.height > height) height = b.height;
    if (b.depth > depth) depth = b.depth;
  }
  const last = boxes[boxes.length - 1];
  return { width: x, height, depth, items, italic: last?.italic };
}

/** Horizontal space. */
export const kern = (width: number): Box => ({ width, height: 0, depth: 0, items: [] });
