/**
 * Labelled answer boxes, one per answer field (`p3.h2`), sized for what goes
 * in them: a scalar or a label takes a quarter of the line, a vector of n
 * numbers half or the whole of it, so a student can write `[0.8808, 1.0000]`
 * by hand. Each box shows the field address, the quantity in math, what to
 * write and the points. A choice-mode field (options A–E) has a line of its
 * own: a quarter-line box for the letter and, beside it, its options as
 * `A [4, 0]ᵀ  B [7, 5]ᵀ …`, typeset like every other value, in columns
 * (nothing says which is the key or what mistake an option stands for).
 */
import type { FieldView, OptionView, QuestionView } from '../view/question-view.js';
import { drawRichText } from '../render/pdf-rich-text.js';
import { KEY_FORMAT, valueToTex } from '../render/tex-values.js';
import { drawMath, layoutMath, type MathLayout } from '../math/pdf/index.js';
import { fontAscent } from '../math/pdf/emit.js';
import { CONTENT_WIDTH, FONTS, type Flow, PAGE, formatPoints, textAt, textWidth } from './pdf-doc.js';

const UNITS_PER_ROW = 4;
const GAP = 8;
export const BOX_HEIGHT = 50;
const ROW_GAP = 8;
/** Choice options: type size, gap from a letter to its value, gutter between columns, padding above and below. */
const OPTION_SIZE = 9.5;
const LETTER_GAP = 5;
const OPTION_GUTTER = 16;
const OPTION_PAD = 6;

/** How many quarter-line units a field's box spans. */
function units(field: FieldView): number {
  if (typeof field.shape !== 'number') return field.kind === 'label' && (field.choices?.some((c) => c.length > 12) ?? false) ? 2 : 1;
  if (field.shape <= 2) return 2;
  return field.kind === 'numeric' || field.shape >= 4 ? 4 : 3;
}

/**
 * Draws the boxes of a problem row by row, starting new pages as needed.
 * @example drawAnswerBoxes(flow, question)
 */
export function drawAnswerBoxes(flow: Flow, q: QuestionView): void {
  const doc = flow.doc;
  const unit = (CONTENT_WIDTH - GAP * (UNITS_PER_ROW - 1)) / UNITS_PER_ROW;
  let rowUsed = 0;
  let x = PAGE.left;
  const newRow = () => {
    flow.y += BOX_HEIGHT + ROW_GAP;
    rowUsed = 0;
    x = PAGE.left;
  };
  flow.ensure(BOX_HEIGHT);
  for (const field of q.fields) {
    if (field.options) {
      // A line of its own: the letter's box at the left, the options beside it.
      if (rowUsed > 0) newRow();
      const options = layoutOptions(doc, field.options, CONTENT_WIDTH - unit - GAP);
      const height = Math.max(BOX_HEIGHT, options.height + 2 * OPTION_PAD);
      flow.ensure(height);
      drawBox(doc, field, x, flow.y, unit, height);
      options.draw(PAGE.left + unit + GAP, flow.y + OPTION_PAD);
      flow.y += height + ROW_GAP;
      continue;
    }
    const span = units(field);
    if (rowUsed + span > UNITS_PER_ROW) newRow();
    if (rowUsed === 0) flow.ensure(BOX_HEIGHT);
    const width = span * unit + (span - 1) * GAP;
    drawBox(doc, field, x, flow.y, width);
    x += width + GAP;
    rowUsed += span;
  }
  flow.y += BOX_HEIGHT + ROW_GAP;
}

/** A choice field's options laid out in equal columns (as many as fit `width`), ready to draw at a top-left corner. */
function layoutOptions(doc: PDFKit.PDFDocument, options: readonly OptionView[], width: number): { height: number; draw(x: number, y: number): void } {
  const cells = options.map((o) => ({ letter: o.letter, math: layoutMath(valueToTex(o.value, KEY_FORMAT), { fontSize: OPTION_SIZE }) }));
  const letterWidth = Math.max(...cells.map((c) => textWidth(doc, c.letter, FONTS.bold, OPTION_SIZE)));
  const cellWidth = letterWidth + LETTER_GAP + Math.max(...cells.map((c) => c.math.width));
  const columns = Math.max(1, Math.min(cells.length, Math.floor((width + OPTION_GUTTER) / (cellWidth + OPTION_GUTTER))));
  // Columns spread over the width, but short values stay close enough to read across.
  const pitch = columns === 1 ? 0 : Math.min((width - cellWidth) / (columns - 1), cellWidth + 3 * OPTION_GUTTER);
  const rows: MathLayout[][] = [];
  cells.forEach((c, i) => (rows[Math.floor(i / columns)] ??= []).push(c.math));
  // Every row as tall as its tallest value (a fraction), at least a line of text.
  const heights = rows.map((r) => Math.max(0.9 * OPTION_SIZE, ...r.map((m) => m.height)));
  const depths = rows.map((r) => Math.max(0.35 * OPTION_SIZE, ...r.map((m) => m.depth)));
  const rowGap = 0.45 * OPTION_SIZE;
  const height = heights.reduce((a, h, i) => a + h + (depths[i] ?? 0), 0) + rowGap * (rows.length - 1);
  return {
    height,
    draw(x, y) {
      let top = y;
      rows.forEach((row, r) => {
        const baseline = top + (heights[r] ?? 0);
        row.forEach((math, c) => {
          const cell = cells[r * columns + c];
          if (!cell) return;
          const left = x + c * pitch;
          doc.fillColor('#000000');
          textAt(doc, cell.letter, left, baseline - fontAscent(doc, FONTS.bold) * OPTION_SIZE, FONTS.bold, OPTION_SIZE);
          drawMath(doc, math, left + letterWidth + LETTER_GAP, baseline);
        });
        top = baseline + (depths[r] ?? 0) + rowGap;
      });
    },
  };
}

function drawBox(doc: PDFKit.PDFDocument, field: FieldView, x: number, y: number, width: number, height = BOX_HEIGHT): void {
  doc.save();
  doc.roundedRect(x, y, width, height, 3).lineWidth(0.8).strokeColor('#333333').stroke();
  doc.restore();
  const address = field.key;
  doc.fillColor('#000000');
  textAt(doc, address, x + 4, y + 3, FONTS.monoBold, 8);
  const tex = field.symbolTex;
  const addressWidth = doc.font(FONTS.monoBold).fontSize(8).widthOfString(address);
  if (tex) drawRichText(doc, `\\(${tex}\\)`, { x: x + 10 + addressWidth, y: y + 1, width: width / 2, fontSize: 8.5 });
  doc.fillColor('#666666');
  const pts = field.points;
  textAt(doc, `${field.hint.paper} · ${formatPoints(pts)} pt${pts === 1 ? '' : 's'}`, x + 4, y + height - 11, FONTS.italic, 7, { width: width - 8, align: 'right' });
  doc.fillColor('#000000');
}
