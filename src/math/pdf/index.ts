/**
 * The PDF math engine's entry points: TeX → laid-out lines of boxes
 * (`layoutMath`, pure measuring, cached) and drawing them (`drawMath`).
 */
import { LruCache } from '../lru.js';
import { texToMathTree, type MathNode } from '../mathml-tree.js';
import type { Box } from './boxes.js';
import { appendDisplayList, boxDisplayList, drawDisplayList, emptyDisplayList, type DisplayList } from './draw.js';
import { layoutAtoms } from './layout.js';
import { breakAtRelations, type BrokenLine } from './linebreak.js';
import type { MathStyle } from './style.js';

export interface MathLayoutOptions {
  /** Display math (`\[ … \]`): display-style fractions and limits. */
  display?: boolean;
  /** Points; 11 by default. */
  fontSize?: number;
  /** Break at relations beyond this width (points); no breaking when omitted. */
  maxWidth?: number;
}

export interface MathLayout {
  lines: BrokenLine[];
  /** Widest line including its indent. */
  width: number;
  /** First line's height above its baseline. */
  height: number;
  /** From the first line's baseline to the bottom of the last line. */
  depth: number;
  /** Baseline of each line below the first line's baseline. */
  baselines: number[];
}

// Layouts are large: keep the few hundred formulas that repeat (a family's equations), not every version's numbers.
const layoutCache = new LruCache<string, MathLayout>(500);

/**
 * Lays out TeX for the PDF. Throws MathError for TeX temml cannot read.
 * @example layoutMath('\\frac{3}{4}', { fontSize: 11 }).width // ≈ 8.5 (points)
 */
export function layoutMath(tex: string, options: MathLayoutOptions = {}): MathLayout {
  const display = options.display === true;
  const size = options.fontSize ?? 11;
  const maxWidth = options.maxWidth ?? Infinity;
  const key = `${display ? 'D' : 'I'}${size}|${maxWidth}|${tex}`;
  return layoutCache.getOrCreate(key, () => {
    const style: MathStyle = { size, baseSize: size, scriptLevel: 0, display };
    const atoms = layoutAtoms(topLevel(texToMathTree(tex, { display })), style);
    return stack(breakAtRelations(atoms, style, maxWidth), size);
  });
}

/** The children of `<math>`, looking through a single wrapping `<mrow>` so its relations can break. */
function topLevel(root: MathNode): MathNode[] {
  let nodes = root.children;
  while (nodes.length === 1 && nodes[0]?.tag === 'mrow' && !nodes[0].attrs['style']) nodes = nodes[0].children;
  return nodes;
}

/** Stacks broken lines: baselines at least 1.3 em apart, or 0.25 em between ink. */
function stack(lines: BrokenLine[], size: number): MathLayout {
  const baselines: number[] = [0];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!.box;
    const next = lines[i]!.box;
    baselines.push(baselines[i - 1]! + Math.max(1.3 * size, prev.depth + next.height + 0.25 * size));
  }
  const last = lines[lines.length - 1]!.box;
  return {
    lines,
    width: Math.max(...lines.map((l) => l.indent + l.box.width)),
    height: lines[0]!.box.height,
    depth: baselines[baselines.length - 1]! + last.depth,
    baselines,
  };
}

const layoutLists = new WeakMap<MathLayout, DisplayList>();

/**
 * A layout's display list with its first baseline's left end at the origin
 * (computed once per layout, so cached layouts of repeated TeX draw without re-flattening).
 * @example drawDisplayList(doc, mathDisplayList(layoutMath('x^{2}')), 72, 100)
 */
export function mathDisplayList(layout: MathLayout): DisplayList {
  let list = layoutLists.get(layout);
  if (!list) {
    list = emptyDisplayList();
    for (let i = 0; i < layout.lines.length; i++) {
      const line = layout.lines[i] as BrokenLine;
      appendDisplayList(list, boxDisplayList(line.box), line.indent, layout.baselines[i] ?? 0);
    }
    layoutLists.set(layout, list);
  }
  return list;
}

/**
 * Draws a layout with its first baseline at `baseline` and its left edge at `x` (pdfkit coordinates).
 * @example const m = layoutMath('x^{2}'); drawMath(doc, m, 72, 100 + m.height)
 */
export function drawMath(doc: PDFKit.PDFDocument, layout: MathLayout, x: number, baseline: number): void {
  drawDisplayList(doc, mathDisplayList(layout), x, baseline);
}

/** Empties the layout cache (benchmarks measure cold layouts with it). */
export function clearLayoutCache(): void {
  layoutCache.clear();
}

export type { Box, BrokenLine, DisplayList };
export { appendDisplayList, drawDisplayList, emptyDisplayList };
