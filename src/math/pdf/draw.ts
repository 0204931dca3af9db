/**
 * Boxes → pdfkit. Text items become real text (font subset embedded by
 * pdfkit), so pdftotext and screen readers read the numbers; neighbouring runs
 * in the same face, size and baseline are merged first. A box is flattened
 * once into a display list (cached: layouts of repeated TeX are shared) and
 * replayed wherever it is drawn. Rules and stretched
 * delimiters are filled vector paths. Adapter code.
 */
import type { Box, DelimiterItem, TextItem } from './boxes.js';
import { emitTextGroups, type TextRun } from './emit.js';
import { FONT_NAMES, registerFonts } from './fonts.js';

export interface Placed {
  x: number;
  baseline: number; // pdfkit y, growing down
}

type Flat = (TextItem & Placed) | { kind: 'rule'; x: number; top: number; width: number; height: number } | (DelimiterItem & Placed);

function flatten(box: Box, x: number, baseline: number, out: Flat[]): void {
  for (const item of box.items) {
    const ix = x + item.x;
    const iy = baseline - item.y;
    switch (item.kind) {
      case 'box':
        flatten(item.box, ix, iy, out);
        break;
      case 'text':
        out.push({ ...item, x: ix, baseline: iy });
        break;
      case 'rule':
        out.push({ kind: 'rule', x: ix, top: iy - item.height, width: item.width, height: item.height });
        break;
      case 'delimiter':
        out.push({ ...item, x: ix, baseline: iy });
    }
  }
}

/** Merges text runs that touch (same face, size, baseline), so `−2` is one run. */
function mergeRuns(items: Flat[]): Flat[] {
  const out: Flat[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (
      item.kind === 'text' &&
      last?.kind === 'text' &&
      last.face === item.face &&
      last.size === item.size &&
      Math.abs(last.baseline - item.baseline) < 0.01 &&
      Math.abs(last.x + last.width - item.x) < 0.01
    ) {
      out[out.length - 1] = { ...last, text: last.text + item.text, width: last.width + item.width };
    } else out.push(item);
  }
  return out;
}

/**
 * What a drawing is made of, ready to replay at any offset: text runs (real
 * text, written in one batch), shapes (fraction bars, stretched delimiters)
 * and other lists placed at an offset (shared, not copied: a cached formula's
 * list is placed wherever it is used). Coordinates are pdfkit's (y grows down)
 * from the drawing's origin.
 */
export interface DisplayList {
  runs: TextRun[];
  shapes: Shape[];
  parts: { list: DisplayList; dx: number; dy: number }[];
}

export type Shape = { kind: 'rule'; x: number; top: number; width: number; height: number } | (DelimiterItem & Placed);

export const emptyDisplayList = (): DisplayList => ({ runs: [], shapes: [], parts: [] });

/**
 * Places `list` shifted by (dx, dy) into `into` (by reference).
 * @example appendDisplayList(page, boxDisplayList(box), 72, 100)
 */
export function appendDisplayList(into: DisplayList, list: DisplayList, dx: number, dy: number): void {
  into.parts.push({ list, dx, dy });
}

/** Every list under `list` with its total shift, depth first. */
function placed(list: DisplayList, dx: number, dy: number, out: { list: DisplayList; dx: number; dy: number }[]): void {
  out.push({ list, dx, dy });
  for (const p of list.parts) placed(p.list, dx + p.dx, dy + p.dy, out);
}

const boxLists = new WeakMap<Box, DisplayList>();

/** A box's display list with its baseline's left end at the origin (computed once per box). */
export function boxDisplayList(box: Box): DisplayList {
  let list = boxLists.get(box);
  if (!list) {
    const flat: Flat[] = [];
    flatten(box, 0, 0, flat);
    list = emptyDisplayList();
    for (const item of mergeRuns(flat)) {
      if (item.kind === 'text') list.runs.push({ font: FONT_NAMES[item.face], size: item.size, x: item.x, baseline: item.baseline, text: item.text });
      else list.shapes.push(item);
    }
    boxLists.set(box, list);
  }
  return list;
}

/**
 * Draws a display list shifted by (dx, dy): all its text in one batch, then its shapes.
 * @example drawDisplayList(doc, boxDisplayList(box), 72, 100)
 */
export function drawDisplayList(doc: PDFKit.PDFDocument, list: DisplayList, dx: number, dy: number): void {
  registerFonts(doc);
  const all: { list: DisplayList; dx: number; dy: number }[] = [];
  placed(list, dx, dy, all);
  emitTextGroups(
    doc,
    all.map((p) => ({ runs: p.list.runs, dx: p.dx, dy: p.dy })),
  );
  for (const p of all)
    for (const shape of p.list.shapes) {
      if (shape.kind === 'rule') doc.rect(shape.x + p.dx, shape.top + p.dy, shape.width, shape.height).fill();
      else drawDelimiter(doc, { ...shape, x: shape.x + p.dx, baseline: shape.baseline + p.dy });
    }
}

/**
 * Draws a laid-out box with its baseline's left end at (x, baseline) in pdfkit coordinates.
 * @example drawBox(doc, layoutMath('x^2').lines[0], 72, 100)
 */
export function drawBox(doc: PDFKit.PDFDocument, box: Box, x: number, baseline: number): void {
  drawDisplayList(doc, boxDisplayList(box), x, baseline);
}

/** A stretched delimiter as a filled path spanning baseline − height … baseline + depth. */
function drawDelimiter(doc: PDFKit.PDFDocument, d: DelimiterItem & Placed): void {
  const top = d.baseline - d.height;
  const bottom = d.baseline + d.depth;
  const t = d.weight;
  const w = d.width;
  const mirror = d.char === ']' || d.char === ')';
  // Draw the opening form; the closing one is its mirror image about the box centre.
  const X = (u: number) => (mirror ? d.x + w - u : d.x + u);
  const rect = (u0: number, y0: number, u1: number, y1: number) => {
    const a = Math.min(X(u0), X(u1));
    doc.rect(a, y0, Math.abs(X(u1) - X(u0)), y1 - y0);
  };
  if (d.char === '[' || d.char === ']') {
    const stem = 0.29 * w;
    const arm = 0.86 * w;
    const armT = 0.8 * t;
    rect(stem, top, stem + t, bottom);
    rect(stem, top, arm, top + armT);
    rect(stem, bottom - armT, arm, bottom);
    doc.fill();
  } else if (d.char === '(' || d.char === ')') {
    // A crescent: outer and inner cubic curves, thick (1.6 t) in the middle, thin at the ends.
    const h = bottom - top;
    const endX = 0.85 * w;
    const bulge = 0.15 * w;
    doc
      .moveTo(X(endX), top)
      .bezierCurveTo(X(bulge - 0.1 * w), top + 0.22 * h, X(bulge - 0.1 * w), bottom - 0.22 * h, X(endX), bottom)
      .lineTo(X(endX + 0.05 * w), bottom - 0.3 * t)
      .bezierCurveTo(X(bulge + 2.2 * t), bottom - 0.25 * h, X(bulge + 2.2 * t), top + 0.25 * h, X(endX + 0.05 * w), top + 0.3 * t)
      .closePath()
      .fill();
  } else {
    // | and ‖ (and ∣): one or two stems.
    const double = d.char === '\u2016';
    rect(0.5 * w - (double ? 1.5 * t : 0.5 * t), top, 0.5 * w - (double ? 0.5 * t : -0.5 * t), bottom);
    if (double) rect(0.5 * w + 0.5 * t, top, 0.5 * w + 1.5 * t, bottom);
    doc.fill();
  }
}
