/**
 * The exam a student gets, one PDF per version: a cover (course, title, date,
 * version code, name and student-ID boxes, instructions, points table, QR code
 * and short URL of the online answer page), then every question with its
 * points, its text (from the templates, math typeset as real text) and a
 * labelled answer box per field. Every page carries the version code and
 * "Page i of n".
 */
import type { ExamView, QuestionView, VersionView } from '../view/question-view.js';
import { drawRichText, layoutRichText } from '../render/pdf-rich-text.js';
import { drawAnswerBoxes, BOX_HEIGHT } from './answer-boxes.js';
import { CONTENT_WIDTH, FONTS, Flow, PAGE, createPdf, drawQrCode, formatPoints, stampPages, textAt, textWidth } from './pdf-doc.js';

/** What the exam and key PDF writers read: the exam's view and one version's (its `url` is printed). */
export interface VersionDocument {
  exam: ExamView;
  /** Its `url` is printed as a QR code and link; an empty url (a paper-only exam, `--no-online`) prints neither. */
  version: VersionView;
  /** The roster student this copy belongs to: the cover prints their name and id instead of empty boxes. */
  student?: { id: string; name: string };
}

export const STATEMENT_SIZE = 10.5;

/** The largest size up to `size` at which a one-line text fits `width`. */
function fitSize(doc: PDFKit.PDFDocument, text: string, font: string, size: number, width: number): number {
  const w = textWidth(doc, text, font, size);
  return w <= width ? size : Math.max(5, Math.floor(((size * width) / w) * 10) / 10);
}

/** Writes a heading line: "Question 3" left, the points right. */
export function questionHeading(flow: Flow, number: number, right: string, continued = false): void {
  const doc = flow.doc;
  textAt(doc, `Question ${number}${continued ? ' (continued)' : ''}`, PAGE.left, flow.y, FONTS.bold, 12);
  textAt(doc, right, PAGE.left, flow.y + 1, FONTS.regular, 10.5, { width: CONTENT_WIDTH, align: 'right' });
  flow.y += 18;
  doc.moveTo(PAGE.left, flow.y).lineTo(PAGE.right, flow.y).lineWidth(0.6).strokeColor('#000000').stroke();
  flow.y += 8;
}

function labelledBox(doc: PDFKit.PDFDocument, label: string, x: number, y: number, width: number, height: number, filled?: string): void {
  textAt(doc, label, x, y, FONTS.bold, 10);
  doc
    .rect(x, y + 14, width, height)
    .lineWidth(1)
    .strokeColor('#000000')
    .stroke();
  if (filled !== undefined) textAt(doc, filled, x + 8, y + 22, FONTS.regular, fitSize(doc, filled, FONTS.regular, 14, width - 16));
}

function drawCover(flow: Flow, d: VersionDocument): void {
  const doc = flow.doc;
  const { exam: info, version } = d;
  let y = PAGE.top + 4;
  // The version code, large, in a box at the top right; the title shrinks to stay clear of it.
  const vw = 120;
  const titleWidth = CONTENT_WIDTH - vw - 16;
  textAt(doc, info.course, PAGE.left, y, FONTS.regular, fitSize(doc, info.course, FONTS.regular, 13, titleWidth));
  textAt(doc, info.title, PAGE.left, y + 22, FONTS.bold, fitSize(doc, info.title, FONTS.bold, 22, titleWidth));
  textAt(doc, info.date, PAGE.left, y + 54, FONTS.regular, 12);
  doc
    .rect(PAGE.right - vw, y, vw, 64)
    .lineWidth(1.5)
    .strokeColor('#000000')
    .stroke();
  textAt(doc, 'VERSION', PAGE.right - vw, y + 8, FONTS.regular, 9, { width: vw, align: 'center' });
  textAt(doc, version.id, PAGE.right - vw, y + 24, FONTS.bold, 26, { width: vw, align: 'center' });
  y += 92;
  labelledBox(doc, 'Name', PAGE.left, y, CONTENT_WIDTH * 0.62, 30, d.student?.name);
  labelledBox(doc, 'Student ID', PAGE.left + CONTENT_WIDTH * 0.66, y, CONTENT_WIDTH * 0.34, 30, d.student?.id);
  y += 64;
  textAt(doc, 'Instructions', PAGE.left, y, FONTS.bold, 11);
  y += 16;
  y +=
    drawRichText(doc, info.frame('cover', { course: info.course, title: info.title, date: info.date, instructions: info.instructions, version: version.id }), {
      x: PAGE.left,
      y,
      width: CONTENT_WIDTH,
      fontSize: 10.5,
    }).height + 18;
  // Points table (left) and the online link (right; the table takes the whole width on a paper-only exam).
  const tableWidth = version.url === '' ? CONTENT_WIDTH : CONTENT_WIDTH - 146;
  const cols = [PAGE.left, PAGE.left + 50, PAGE.left + tableWidth - 92, PAGE.left + tableWidth - 46, PAGE.left + tableWidth];
  const rowH = 17;
  const tableTop = y;
  const row = (cells: string[], font: string) => {
    cells.forEach((c, i) => {
      const width = (cols[i + 1] as number) - (cols[i] as number) - 8;
      textAt(doc, c, (cols[i] as number) + 4, y + 4, font, fitSize(doc, c, font, 9.5, width), i >= 2 ? { width, align: 'right' } : {});
    });
    y += rowH;
    doc
      .moveTo(PAGE.left, y)
      .lineTo(PAGE.left + tableWidth, y)
      .lineWidth(0.5)
      .strokeColor('#000000')
      .stroke();
  };
  doc
    .moveTo(PAGE.left, y)
    .lineTo(PAGE.left + tableWidth, y)
    .lineWidth(0.5)
    .stroke();
  row(['Question', 'Topic', 'Points', 'Score'], FONTS.bold);
  let total = 0;
  for (const q of version.questions) {
    total += q.points;
    row([String(q.number), q.topic, formatPoints(q.points), ''], FONTS.regular);
  }
  row(['Total', '', formatPoints(total), ''], FONTS.bold);
  for (const x of [cols[0], cols[1], cols[2], cols[3], cols[4]] as number[]) doc.moveTo(x, tableTop).lineTo(x, y).lineWidth(0.5).stroke();
  flow.y = version.url === '' ? y : drawOnlineLink(doc, info, version.url, tableTop, y);
}

/** The QR code and the short URL at the right of the points table; returns where the cover continues. */
function drawOnlineLink(doc: PDFKit.PDFDocument, info: ExamView, url: string, tableTop: number, tableBottom: number): number {
  const qrSize = 118;
  const qrX = PAGE.right - qrSize;
  drawQrCode(doc, url, qrX, tableTop, qrSize);
  doc.fillColor('#000000');
  const captionY = tableTop + qrSize + 6;
  const caption = info.frame('online', { url });
  doc
    .font(FONTS.regular)
    .fontSize(8)
    .text(caption, qrX - 14, captionY, { width: qrSize + 14, align: 'center' });
  // The link in short lines of monospace, cut anywhere: a token has no word breaks.
  const perLine = Math.floor((qrSize + 14) / textWidth(doc, 'M', FONTS.mono, 8));
  const urlLines = url.match(new RegExp(`.{1,${perLine}}`, 'g')) ?? [url];
  let urlY = captionY + doc.heightOfString(caption, { width: qrSize + 14 }) + 3;
  for (const line of urlLines) {
    textAt(doc, line, qrX - 14, urlY, FONTS.mono, 8, { width: qrSize + 14, align: 'center' });
    urlY += 10;
  }
  doc.link(qrX, tableTop, qrSize, qrSize, url);
  return Math.max(tableBottom, urlY + 10);
}

/** Draws one question: heading, text, answer boxes; keeps heading and text together. */
function drawQuestion(flow: Flow, q: QuestionView): void {
  const doc = flow.doc;
  const block = layoutRichText(q.statement, { width: CONTENT_WIDTH, fontSize: STATEMENT_SIZE });
  const pts = q.points;
  flow.ensure(26 + block.height + 14 + BOX_HEIGHT);
  const right = `${formatPoints(pts)} point${pts === 1 ? '' : 's'}`;
  questionHeading(flow, q.number, right);
  flow.y += block.draw(doc, PAGE.left, flow.y) + 12;
  flow.continued = () => questionHeading(flow, q.number, right, true);
  drawAnswerBoxes(flow, q);
  flow.continued = undefined;
  flow.y += 14;
}

/**
 * Appends a version's exam to a document, padded with blank pages up to
 * `padTo` pages (for the print file), and stamps its pages; returns its page count.
 */
export function appendExam(doc: PDFKit.PDFDocument, d: VersionDocument, padTo = 0): number {
  const start = doc.bufferedPageRange().count;
  const flow = new Flow(doc);
  flow.newPage();
  drawCover(flow, d);
  flow.newPage();
  for (const q of d.version.questions) drawQuestion(flow, q);
  while (doc.bufferedPageRange().count - start < padTo) flow.newPage();
  const count = doc.bufferedPageRange().count - start;
  stampExamPages(doc, d, { start, count });
  return count;
}

function stampExamPages(doc: PDFKit.PDFDocument, d: VersionDocument, range: { start: number; count: number }, pages = range.count): void {
  const header = d.exam.frame('header', { course: d.exam.course, title: d.exam.title });
  stampPages(doc, header, `Version ${d.version.id}`, (page) => d.exam.frame('footer', { version: d.version.id, page, pages }), range);
}

/**
 * A student's own cover page alone (page 1 of `pages`), to be joined with
 * pages 2… of the version's exam (merge-pdf.ts): one roster copy costs one
 * page of layout, not a whole exam.
 * @example const doc = renderCover({ exam, version: { ...version, url }, student: { id: 's1', name: 'Ada' } }, 8)
 */
export function renderCover(d: VersionDocument, pages: number): PDFKit.PDFDocument {
  const doc = examDocument(d.exam, d.student ? `${d.version.id} ${d.student.id}` : d.version.id);
  const flow = new Flow(doc);
  flow.newPage();
  drawCover(flow, d);
  stampExamPages(doc, d, { start: 0, count: 1 }, pages);
  return doc;
}

/** A document for one or more versions of the exam. */
export function examDocument(info: Pick<ExamView, 'course' | 'title' | 'date'>, name: string): PDFKit.PDFDocument {
  return createPdf({ title: `${info.title} — ${name}`, author: info.course, date: info.date });
}

/**
 * Lays out a version's exam; returns the (unended) document and its page count.
 * @example const { doc, pages } = renderExam(versionDocument); await pdfBytes(doc)
 */
export function renderExam(d: VersionDocument): { doc: PDFKit.PDFDocument; pages: number } {
  const doc = examDocument(d.exam, d.version.id);
  const pages = appendExam(doc, d);
  return { doc, pages };
}
