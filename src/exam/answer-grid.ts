/**
 * The one-page answer grid at the front of a version's key: every answer field
 * (`p3.h2`), its answer as the key prints it (`[0.7616, -0.9640]`, `3/2`, a
 * choice as `(2) many-to-one`) and its points, in columns, so a TA marks a
 * paper from one page without leafing through the worked solutions.
 */
import type { FieldView, VersionView } from '../view/question-view.js';
import { valueToText } from '../render/tex-values.js';
import { FONTS, type Flow, PAGE, CONTENT_WIDTH, formatPoints, textAt } from './pdf-doc.js';

const COLUMNS = 2;
const GUTTER = 16;
/** Row height and type size shrink together (down to these) until the grid fits the page. */
const MAX_SIZE = 8;
const MIN_SIZE = 5.5;

/** One line of the grid. */
export interface GridRow {
  address: string;
  answer: string;
  points: string;
  /** A choice's text may be cut (its index leads); a number never is. */
  cuttable: boolean;
}

/**
 * The letter of a choice-mode field's right option (`C`); undefined for other fields.
 * @example keyLetter({ options: [{ letter: 'A', text: '7', … }, { letter: 'B', text: '5', key: true, … }], … }) // 'B'
 */
export function keyLetter(field: Pick<FieldView, 'options'>): string | undefined {
  return field.options?.find((o) => o.key)?.letter;
}

/**
 * A field's answer as the key prints it (a choice-mode field's with its letter first, `(C) [4, 0]`); a label shows its index from 0 too
 * (students may answer either), a choice starts with it.
 * @example answerText({ choices: ['ADJ', 'NOUN'], answer: label('NOUN'), … }, false) // "NOUN (1)"
 */
export function answerText(field: FieldView, choiceOnly: boolean): string {
  const value = field.answer;
  const text = valueToText(value);
  const letter = keyLetter(field);
  if (letter !== undefined) return `(${letter}) ${text}`;
  if (value.kind !== 'label' || !field.choices) return text;
  const index = field.choices.indexOf(value.v);
  if (index < 0) return text;
  // A choice may hold inline TeX ("keep \\(C_{t-1}\\)"): the grid shows it as plain text.
  const plain = text.replace(/\\\(|\\\)/g, '').replace(/\\[a-zA-Z]+/g, '');
  return choiceOnly || field.choices.some((c) => c.length > 24) ? `(${index}) ${plain}` : `${plain} (${index})`;
}

/** The grid rows of a version, in exam order. */
export function gridRows(version: VersionView): GridRow[] {
  return version.questions.flatMap((q) => q.fields.map((f) => ({ address: f.key, answer: answerText(f, q.choiceOnly), points: formatPoints(f.points), cuttable: f.answer.kind === 'label' })));
}

/** Cuts `text` with an ellipsis to fit `width` at the current font. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/**
 * Draws the grid from `flow.y` to the bottom of the page: COLUMNS columns of
 * address · answer · points, with the type made smaller as needed so that
 * every row fits on this one page.
 * @example drawAnswerGrid(flow, version)
 */
export function drawAnswerGrid(flow: Flow, version: VersionView): void {
  const doc = flow.doc;
  const rows = gridRows(version);
  textAt(doc, 'Answer grid', PAGE.left, flow.y, FONTS.bold, 12);
  flow.y += 16;
  const perColumn = Math.ceil(rows.length / COLUMNS);
  const room = PAGE.bottom - flow.y - 4;
  const lineHeight = Math.min(MAX_SIZE * 1.35, room / Math.max(1, perColumn + 1));
  const columnWidth = (CONTENT_WIDTH - GUTTER * (COLUMNS - 1)) / COLUMNS;
  const pointsWidth = 26;
  // The type shrinks until the longest number fits whole: a TA copies it, so it is never cut.
  let size = Math.max(MIN_SIZE, Math.min(MAX_SIZE, lineHeight / 1.35));
  const widths = (at: number) => {
    doc.font(FONTS.mono).fontSize(at);
    const address = Math.max(...rows.map((r) => doc.widthOfString(r.address)), 0) + 6;
    const widest = Math.max(...rows.filter((r) => !r.cuttable).map((r) => doc.widthOfString(r.answer)), 0);
    return { address, widest, answer: columnWidth - address - pointsWidth - 6 };
  };
  let w = widths(size);
  if (w.widest > w.answer) {
    size = Math.max(MIN_SIZE, (size * w.answer) / w.widest);
    w = widths(size);
  }
  const addressWidth = w.address;
  const answerWidth = w.answer;
  const top = flow.y;
  for (let c = 0; c < COLUMNS; c++) {
    const x = PAGE.left + c * (columnWidth + GUTTER);
    let y = top;
    textAt(doc, 'Field', x, y, FONTS.bold, size);
    textAt(doc, 'Answer', x + addressWidth, y, FONTS.bold, size);
    textAt(doc, 'Pts', x + columnWidth - pointsWidth, y, FONTS.bold, size, { width: pointsWidth, align: 'right' });
    y += lineHeight;
    rows.slice(c * perColumn, (c + 1) * perColumn).forEach((row, i) => {
      // Every other row on a light band, so the eye keeps its line.
      if (i % 2 === 1)
        doc
          .save()
          .rect(x - 2, y - 1.5, columnWidth + 4, lineHeight)
          .fill('#eeeeee')
          .restore();
      doc.fillColor('#000000');
      textAt(doc, row.address, x, y, FONTS.mono, size);
      doc.font(FONTS.mono).fontSize(size);
      textAt(doc, fit(doc, row.answer, answerWidth), x + addressWidth, y, FONTS.mono, size);
      textAt(doc, row.points, x + columnWidth - pointsWidth, y, FONTS.regular, size, { width: pointsWidth, align: 'right' });
      y += lineHeight;
    });
  }
  flow.y = top + lineHeight * (perColumn + 1) + 6;
}
