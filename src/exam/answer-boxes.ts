/**
 * Labelled answer boxes, one per answer field (`p3.h2`), sized for what goes
 * in them: a scalar or a label takes a quarter of the line, a vector of n
 * numbers half or the whole of it, so a student can write `[0.8808, 1.0000]`
 * by hand. Each box shows the field address, the quantity in math, what to
 * write and the points.
 */
import type { FieldView, QuestionView } from '../view/question-view.js';
import { drawRichText } from '../render/pdf-rich-text.js';
import { CONTENT_WIDTH, FONTS, type Flow, PAGE, formatPoints, textAt } from './pdf-doc.js';

const UNITS_PER_ROW = 4;
const GAP = 8;
export const BOX_HEIGHT = 50;
const ROW_GAP = 8;

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

function drawBox(doc: PDFKit.PDFDocument, field: FieldView, x: number, y: number, width: number): void {
  doc.save();
  doc.roundedRect(x, y, width, BOX_HEIGHT, 3).lineWidth(0.8).strokeColor('#333333').stroke();
  doc.restore();
  const address = field.key;
  doc.fillColor('#000000');
  textAt(doc, address, x + 4, y + 3, FONTS.monoBold, 8);
  const tex = field.symbolTex;
  const addressWidth = doc.font(FONTS.monoBold).fontSize(8).widthOfString(address);
  if (tex) drawRichText(doc, `\\(${tex}\\)`, { x: x + 10 + addressWidth, y: y + 1, width: width / 2, fontSize: 8.5 });
  doc.fillColor('#666666');
  const pts = field.points;
  textAt(doc, `${field.hint.paper} · ${formatPoints(pts)} pt${pts === 1 ? '' : 's'}`, x + 4, y + BOX_HEIGHT - 11, FONTS.italic, 7, { width: width - 8, align: 'right' });
  doc.fillColor('#000000');
}
