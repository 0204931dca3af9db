/**
 * `mtable` (bmatrix, array, aligned): cells laid out in text style, every
 * column as wide as its widest cell (centred unless `columnalign` says
 * otherwise), rows at least a LaTeX strut apart (0.7 and 0.3 of a 1.2 em
 * baselineskip, so a 2×2 bmatrix is as tall as in the lecture), the whole
 * table centred on the math axis.
 */
import { shifted, type Box, type Item } from './boxes.js';
import type { MathNode } from '../mathml-tree.js';
import { mathConstants, textStyle, type MathStyle } from './style.js';

/** Gap between columns: LaTeX's 2 × \arraycolsep = 10pt at 10pt. */
const COLUMN_GAP = 1.0;
const STRUT_HEIGHT = 0.84;
const STRUT_DEPTH = 0.36;

type RowLayout = (nodes: readonly MathNode[], style: MathStyle) => Box;

/** Lays out an mtable; `layoutRow` lays out a cell's children. */
export function tableBox(table: MathNode, style: MathStyle, layoutRow: RowLayout): Box {
  const cellStyle = textStyle(style);
  const rows = table.children
    .filter((r) => r.tag === 'mtr' || r.tag === 'mlabeledtr')
    .map((r) => r.children.filter((c) => c.tag === 'mtd').map((cell) => ({ cell, box: layoutRow(cell.children, cellStyle) })));
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, j) => Math.max(0, ...rows.map((r) => r[j]?.box.width ?? 0)));
  const aligns = (table.attrs['columnalign'] ?? 'center').split(/\s+/);
  const gap = COLUMN_GAP * style.size;
  const items: Item[] = [];
  let y = 0; // baseline of the current row, measured down from the table's top (positive)
  const baselines: number[] = [];
  for (const row of rows) {
    // Tall cells (fractions) keep 0.1 em clear of the next row.
    const height = Math.max(STRUT_HEIGHT * style.size, ...row.map((c) => c.box.height + 0.1 * style.size));
    const depth = Math.max(STRUT_DEPTH * style.size, ...row.map((c) => c.box.depth + 0.1 * style.size));
    y += height;
    baselines.push(y);
    let x = 0;
    row.forEach(({ cell, box }, j) => {
      const width = widths[j] ?? 0;
      const align = cell.attrs['columnalign'] ?? aligns[Math.min(j, aligns.length - 1)] ?? 'center';
      const dx = align === 'left' ? 0 : align === 'right' ? width - box.width : (width - box.width) / 2;
      if (box.items.length > 0) items.push(shifted(box, x + dx, -y));
      x += width + gap;
    });
    y += depth;
  }
  const total = y;
  const width = widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, columns - 1);
  // Centre on the axis: the top sits total/2 above the axis.
  const top = total / 2 + mathConstants().axis * style.size;
  const inner: Box = { width, height: 0, depth: 0, items };
  return { width, height: top, depth: total - top, items: [shifted(inner, 0, top)] };
}
