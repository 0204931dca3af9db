/**
 * The PDF basics every build document shares: an A4 page geometry, a
 * deterministic pdfkit document (fixed creation date, so the file ID that
 * pdfkit derives from the info dictionary is fixed too: the same bank and seed
 * give the same bytes), the fonts, a flowing cursor that starts new pages,
 * page headers and footers, answer boxes and QR codes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { registerFonts, PROSE_FONTS } from '../render/pdf-rich-text.js';
import { emitTextRuns, fontAscent, shareFontLayouts } from '../math/pdf/emit.js';
import { FONT_NAMES, fontPath, type FontFace } from '../math/pdf/fonts.js';

export const PAGE = {
  width: 595.28,
  height: 841.89,
  left: 56,
  right: 595.28 - 56,
  top: 72,
  bottom: 841.89 - 64,
} as const;
export const CONTENT_WIDTH = PAGE.right - PAGE.left;

export const FONTS = { ...PROSE_FONTS, mono: 'RQ-Mono', monoBold: 'RQ-Mono-Bold' } as const;

const require = createRequire(import.meta.url);
/** fontkit, the font engine pdfkit itself uses (resolved from pdfkit's own dependencies). */
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buffer: Buffer): object };

/**
 * Parsed fonts, shared by every document of the process. pdfkit accepts a
 * fontkit font as a font source and still subsets it per document; parsing the
 * TTF tables once instead of once per document halves the time of a build.
 */
const parsedFonts = new Map<string, object>();
function parsedFont(path: string): object {
  let font = parsedFonts.get(path);
  if (!font) {
    font = fontkit.create(readFileSync(path));
    parsedFonts.set(path, font);
  }
  return font;
}
const monoPath = (file: string): string => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

/** Registers a parsed (shared) font under a name; pdfkit's typings only list file sources. */
function registerParsed(doc: PDFKit.PDFDocument, name: string, path: string): void {
  (doc.registerFont as (name: string, src: unknown) => PDFKit.PDFDocument)(name, parsedFont(path));
}

/** A fixed date for the PDF info (the bank's exam date at noon UTC when it reads as a date). */
export function fixedDate(date: string): Date {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T12:00:00Z`) : new Date(NaN);
  return Number.isNaN(parsed.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : parsed;
}

/**
 * A new document with no page yet. pdfkit derives the trailer ID from the
 * info dictionary (an MD5 of it), so fixing CreationDate makes the whole file reproducible.
 * @example const doc = createPdf({ title: 'Midterm V01', author: 'CSE440', date: '2026-03-12' })
 */
export function createPdf(meta: { title: string; author: string; date: string }): PDFKit.PDFDocument {
  const when = fixedDate(meta.date);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    size: 'A4',
    margin: 0,
    info: { Title: meta.title, Author: meta.author, Creator: 'rnnquiz', Producer: 'rnnquiz (PDFKit)', CreationDate: when, ModDate: when },
  });
  registerFonts(doc);
  for (const face of Object.keys(FONT_NAMES) as FontFace[]) registerParsed(doc, FONT_NAMES[face], fontPath(face));
  registerParsed(doc, FONTS.mono, monoPath('DejaVuSansMono.ttf'));
  registerParsed(doc, FONTS.monoBold, monoPath('DejaVuSansMono-Bold.ttf'));
  shareFontLayouts(doc, [...Object.values(FONT_NAMES), FONTS.mono, FONTS.monoBold]);
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** A cursor that flows down the page and opens a new page when a block does not fit. */
export class Flow {
  y: number = PAGE.top;
  /**
   * While a question is being laid out: its "Question 3 (continued)" heading,
   * written at the top of any page the flow breaks onto, so boxes or steps that
   * spill over are never orphaned.
   */
  continued: (() => void) | undefined;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    /** Called after every new page (e.g. to write "Question 3 (continued)"). */
    private readonly onNewPage: () => void = () => {},
  ) {}

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = PAGE.top;
    this.onNewPage();
    this.continued?.();
  }

  /** Room left on this page. */
  get room(): number {
    return PAGE.bottom - this.y;
  }

  /** Starts a new page unless `height` fits (a block taller than a page gets a fresh page). */
  ensure(height: number): void {
    if (this.y + height > PAGE.bottom && this.y > PAGE.top) this.newPage();
  }
}

/**
 * Plain one-line text (no wrapping, so pdfkit never adds pages by itself), `y`
 * the top of the line as in `doc.text`. A line that fits its width (if any),
 * aligned left, right or centre, is written directly as a text run (see
 * emitTextRuns: the same glyphs and place as `doc.text`, without its option
 * handling); anything else goes through `doc.text`.
 */
export function textAt(doc: PDFKit.PDFDocument, text: string, x: number, y: number, font: string, size: number, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.font(font).fontSize(size);
  const { width, align = 'left' } = options;
  const simple = Object.keys(options).every((k) => k === 'width' || k === 'align') && (align === 'left' || align === 'right' || align === 'center') && !text.includes('\n');
  if (simple) {
    const advance = width === undefined ? 0 : doc.widthOfString(text);
    if (width === undefined || advance <= width) {
      // pdfkit aligns right by the text without trailing spaces, and centres by the whole line.
      const dx = width === undefined ? 0 : align === 'right' ? width - doc.widthOfString(text.replace(/\s+$/, '')) : align === 'center' ? (width - advance) / 2 : 0;
      emitTextRuns(doc, [{ font, size, x: x + dx, baseline: y + fontAscent(doc, font) * size, text }]);
      return;
    }
  }
  doc.text(text, x, y, { lineBreak: false, ...options });
}

/** Width of a one-line text in a font. */
export function textWidth(doc: PDFKit.PDFDocument, text: string, font: string, size: number): number {
  return doc.font(font).fontSize(size).widthOfString(text);
}

/**
 * Header and footer on the pages `first … first+count-1` (all pages by default), drawn once the page count is known.
 * @example stampPages(doc, 'CSE440 · Midterm', 'Version V01', (i, n) => `Version V01 · Page ${i} of ${n}`)
 */
export function stampPages(doc: PDFKit.PDFDocument, header: string, headerRight: string, footer: (page: number, pages: number) => string, range = doc.bufferedPageRange()): void {
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.save();
    doc.fillColor('#444444');
    textAt(doc, header, PAGE.left, 36, FONTS.regular, 9);
    textAt(doc, headerRight, PAGE.left, 36, FONTS.bold, 9, { width: CONTENT_WIDTH, align: 'right' });
    doc.moveTo(PAGE.left, 50).lineTo(PAGE.right, 50).lineWidth(0.5).strokeColor('#999999').stroke();
    textAt(doc, footer(i - range.start + 1, range.count), PAGE.left, PAGE.height - 40, FONTS.regular, 9, { width: CONTENT_WIDTH, align: 'center' });
    doc.restore();
  }
}

/**
 * A QR code as vector squares (runs of dark modules merged per row), `size` points wide with a quiet zone.
 * @example drawQrCode(doc, 'https://quiz.example.edu/q/abc', 400, 600, 96)
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 2); // one module of quiet zone each side
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (start + 1) * cell, y + (r + 1) * cell, (c - start) * cell, cell);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

/** `1`, `1.5`, `0.25`: points without trailing zeros. */
export function formatPoints(p: number): string {
  return String(Math.round(p * 100) / 100);
}
