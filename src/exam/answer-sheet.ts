/**
 * The answer-sheet writer: the bubble pages printed with each exam for
 * scanning (`rnnquiz scan`). It draws exactly the layout of
 * src/scan/sheet-layout.ts (recorded in the manifest): corner marks, the
 * orientation mark, a QR code per page naming the sheet (version, page, and
 * the student's roster token when there is one), a student-id digit grid for
 * anonymous builds and a row of bubbles A–E per answer field with the options'
 * texts beside it. Empty bubbles are drawn in light gray so a pencil mark
 * stands out against them.
 */
import type { ExamView, VersionView } from '../view/question-view.js';
import { BUBBLE_LEFT, BUBBLE_PITCH, type SheetLayout, sheetLayout, sheetPayload } from '../scan/sheet-layout.js';
import { FONTS, createPdf, drawQrCode, textAt } from './pdf-doc.js';
import type { PdfOutput } from '../writers/index.js';

export interface AnswerSheetOptions {
  /** The student's roster token (printed in the QR code); absent for anonymous builds, which get the id grid. */
  token?: string;
  /** Name and id printed at the top, with a roster. */
  student?: { id: string; name: string };
}

/** Light gray of empty bubbles and their letters: visible to the student, far from a pencil mark's darkness. */
const BUBBLE_GRAY = '#a8a8a8';

function drawBubble(doc: PDFKit.PDFDocument, x: number, y: number, r: number, letter: string): void {
  doc.save().lineWidth(0.7).strokeColor(BUBBLE_GRAY).circle(x, y, r).stroke().restore();
  doc.fillColor(BUBBLE_GRAY);
  textAt(doc, letter, x - r, y - 3.4, FONTS.regular, 6.5, { width: 2 * r, align: 'center' });
  doc.fillColor('#000000');
}

/**
 * One version's answer sheet (and, in `layout`, where everything sits).
 * @example const { doc, layout } = renderAnswerSheet(exam, version, {}); layout.pages.length // 1
 */
export function renderAnswerSheet(exam: ExamView, version: VersionView, options: AnswerSheetOptions = {}): PdfOutput & { layout: SheetLayout } {
  const layout = sheetLayout(version, options.token === undefined);
  const doc = createPdf({ title: `${exam.title} — answer sheet ${version.id}`, author: exam.course, date: exam.date });
  const half = layout.markSize / 2;
  for (const page of layout.pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    for (const m of layout.marks) doc.rect(m.x - half, m.y - half, layout.markSize, layout.markSize).fill('#000000');
    const o = layout.orientation;
    doc.rect(o.x - o.size / 2, o.y - o.size / 2, o.size, o.size).fill('#000000');
    drawQrCode(doc, sheetPayload({ version: version.id, page: page.page, ...(options.token ? { token: options.token } : {}) }), layout.qr.x, layout.qr.y, layout.qr.size);
    textAt(doc, `${exam.course} · ${exam.title}`, 60, 70, FONTS.bold, 11);
    textAt(doc, `Answer sheet · version ${version.id} · page ${page.page} of ${layout.pages.length}`, 60, 88, FONTS.regular, 10);
    const who = options.student ? `${options.student.name} (${options.student.id})` : 'Write your student ID in the grid and fill one bubble per digit.';
    textAt(doc, who, 60, 104, FONTS.regular, 9);
    textAt(doc, 'Fill one bubble per row completely with a dark pencil or pen. To change an answer, erase fully.', 60, 120, FONTS.regular, 8);
    if (page.idGrid) {
      textAt(doc, 'Student ID', 60, page.idGrid[0]![0]!.y - 20, FONTS.bold, 8);
      for (const column of page.idGrid) for (const b of column) drawBubble(doc, b.x, b.y, layout.radius, b.letter);
    }
    for (const row of page.rows) {
      textAt(doc, row.field, 56, row.y + 3, FONTS.mono, 8);
      for (const b of row.bubbles) drawBubble(doc, b.x, b.y, layout.radius, b.letter);
      const captionX = BUBBLE_LEFT + 5 * BUBBLE_PITCH - 6;
      // Long vectors wrap onto a second line, still inside the row.
      doc
        .font(FONTS.mono)
        .fontSize(6.5)
        .fillColor('#000000')
        .text(row.captions.join('   '), captionX, row.y + 1, { width: layout.width - captionX - 40, lineGap: 1 });
    }
  }
  return { doc, pages: layout.pages.length, layout };
}
