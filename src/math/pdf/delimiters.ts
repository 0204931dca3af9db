/**
 * Stretchy delimiters: `[` `]` `(` `)` `|` `‖` sized to the content they fence,
 * symmetric about the math axis as TeX's \left…\right does. When the font's
 * own glyph is tall enough (a vector written in a line) the glyph is used, as
 * text; otherwise the delimiter is a vector path of exactly the needed height
 * (a matrix's brackets span all its rows).
 */
import type { Box, DelimiterItem } from './boxes.js';
import { mathConstants, type MathStyle } from './style.js';
import { textBox } from './glyph-runs.js';

/** Box width of path delimiters, in em. */
const PATH_WIDTHS: Readonly<Record<string, number>> = {
  '[': 0.42,
  ']': 0.42,
  '(': 0.42,
  ')': 0.42,
  '|': 0.28,
  '\u2016': 0.42,
  '\u2223': 0.28,
};

/**
 * A delimiter covering content of the given height and depth (points).
 * @example delimiterBox('[', 20, 14, style).height // ≥ 20
 */
export function delimiterBox(char: string, contentHeight: number, contentDepth: number, style: MathStyle): Box {
  const glyph = textBox(char, 'regular', style);
  const axis = mathConstants().axis * style.size;
  // TeX: the delimiter must reach as far above and below the axis as the content does.
  const delta = Math.max(contentHeight - axis, contentDepth + axis);
  const needed = 2 * delta;
  const pathWidth = PATH_WIDTHS[char];
  if (pathWidth === undefined || needed <= (glyph.height + glyph.depth) * 1.04) return glyph;
  const item: DelimiterItem = {
    kind: 'delimiter',
    x: 0,
    y: 0,
    char,
    width: pathWidth * style.size,
    height: axis + delta,
    depth: delta - axis,
    weight: 0.05 * style.size,
  };
  return { width: item.width, height: item.height, depth: item.depth, items: [item] };
}
