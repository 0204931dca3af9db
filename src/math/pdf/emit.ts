/**
 * Low-level pdfkit text: many runs of real text written as one `BT … ET`
 * block in one content write, instead of one `doc.text` call per run (each of
 * which parses options, saves and restores the graphics state, flips the
 * coordinate system and writes seven content lines). The glyph encoding is
 * pdfkit's own (`font.encode`, which also records the glyphs for the font
 * subset and the ToUnicode map), and the TJ arrays are written exactly as
 * `doc.text` writes them, so the page looks and extracts the same.
 *
 * This reaches into pdfkit internals (`_font`, `page.fonts`, `addContent`),
 * typed below; pdfkit's own `_fragment` does the same steps. Adapter code.
 */

/** One glyph position from pdfkit's `EmbeddedFont.encode`, in 1/1000 em. */
interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** The parts of pdfkit's EmbeddedFont this module uses. */
interface PdfkitFont {
  id: string;
  ascender: number;
  font: object;
  layoutCache?: Record<string, unknown>;
  ref(): unknown;
  encode(text: string): [string[], GlyphPosition[]];
}

interface PdfkitInternals {
  _font: PdfkitFont;
  _fontSize: number;
  page: { fonts: Record<string, unknown>; height: number };
  addContent(data: string): unknown;
}

/** A run of text in one font and size with its baseline's left end at (x, baseline), pdfkit coordinates. */
export interface TextRun {
  /** A registered pdfkit font name. */
  font: string;
  size: number;
  x: number;
  baseline: number;
  text: string;
}

/** pdfkit's number format in content streams (6 decimals). */
const num = (n: number): string => String(Math.round(n * 1e6) / 1e6);

const fontsByDoc = new WeakMap<PDFKit.PDFDocument, Map<string, PdfkitFont>>();

/**
 * pdfkit keeps a layout cache per font per document, so every document lays
 * out the same words again with fontkit. Documents built from the same parsed
 * font share one cache here, renewed every DOCS_PER_CACHE documents so memory
 * stays bounded (words with a version's numbers do not repeat for ever).
 */
const sharedLayouts = new WeakMap<object, { cache: Record<string, unknown>; docs: number }>();
const DOCS_PER_CACHE = 64;

/** The pdfkit font object of a registered font name (opened once per document). */
function fontOf(doc: PDFKit.PDFDocument, name: string): PdfkitFont {
  let fonts = fontsByDoc.get(doc);
  if (!fonts) {
    fonts = new Map();
    fontsByDoc.set(doc, fonts);
  }
  let font = fonts.get(name);
  if (!font) {
    const internals = doc as unknown as PdfkitInternals;
    const current = internals._font;
    doc.font(name);
    font = internals._font;
    internals._font = current;
    if (font.layoutCache) {
      let shared = sharedLayouts.get(font.font);
      if (!shared || shared.docs >= DOCS_PER_CACHE) {
        shared = { cache: Object.create(null) as Record<string, unknown>, docs: 0 };
        sharedLayouts.set(font.font, shared);
      }
      shared.docs++;
      font.layoutCache = shared.cache;
    }
    fonts.set(name, font);
  }
  return font;
}

/**
 * Opens fonts on a document up front so that every text call, pdfkit's own
 * included, uses the layout cache shared between documents.
 * @example shareFontLayouts(doc, ['RQ-Serif', 'RQ-Mono'])
 */
export function shareFontLayouts(doc: PDFKit.PDFDocument, names: readonly string[]): void {
  for (const name of names) fontOf(doc, name);
}

/** A font's ascender in em (pdfkit's `baseline: 'top'` puts the top of this at y). */
export function fontAscent(doc: PDFKit.PDFDocument, name: string): number {
  return fontOf(doc, name).ascender / 1000;
}

/** Runs to be shifted by (dx, dy) when written. */
export interface RunGroup {
  runs: readonly TextRun[];
  dx: number;
  dy: number;
}

/**
 * Writes the runs, shifted by (dx, dy), as real text on the current page in the current fill colour.
 * @example emitTextRuns(doc, [{ font: 'RQ-Serif', size: 11, x: 72, baseline: 100, text: 'h = 3' }])
 */
export function emitTextRuns(doc: PDFKit.PDFDocument, runs: readonly TextRun[], dx = 0, dy = 0): void {
  emitTextGroups(doc, [{ runs, dx, dy }]);
}

/**
 * Writes several groups of runs, each with its own shift, in one text block.
 * @example emitTextGroups(doc, [{ runs: title, dx: 72, dy: 100 }, { runs: formula, dx: 72, dy: 130 }])
 */
export function emitTextGroups(doc: PDFKit.PDFDocument, groups: readonly RunGroup[]): void {
  if (!groups.some((g) => g.runs.length > 0)) return;
  const internals = doc as unknown as PdfkitInternals;
  const page = internals.page;
  // pdfkit's page space has y growing down (a flip in the page's base matrix); text needs it flipped back.
  const out: string[] = ['q', `1 0 0 -1 0 ${num(page.height)} cm`, 'BT'];
  let font: PdfkitFont | undefined;
  let size = NaN;
  for (const { runs, dx, dy } of groups)
    for (const run of runs) {
      if (run.text.length === 0) continue;
      const f = fontOf(doc, run.font);
      if (page.fonts[f.id] == null) page.fonts[f.id] = f.ref();
      const x = run.x + dx;
      const y = page.height - (run.baseline + dy);
      out.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
      if (f !== font || run.size !== size) {
        out.push(`/${f.id} ${num(run.size)} Tf`); // the text state lasts to ET
        font = f;
        size = run.size;
      }
      writeGlyphs(out, f, run.text, run.size, x, y);
    }
  out.push('ET', 'Q');
  internals.addContent(out.join('\n'));
}

/** The TJ operators of one run, as pdfkit's `_fragment` writes them (kerning as TJ offsets, marks repositioned). */
function writeGlyphs(out: string[], font: PdfkitFont, text: string, size: number, x: number, y: number): void {
  const [encoded, positions] = font.encode(text);
  const scale = size / 1000;
  const commands: string[] = [];
  let last = 0;
  let hadOffset = false;
  const addSegment = (cur: number) => {
    if (last < cur) {
      const pos = positions[cur - 1] as GlyphPosition;
      commands.push(`<${encoded.slice(last, cur).join('')}> ${num(-(pos.xAdvance - pos.advanceWidth))}`);
    }
    last = cur;
  };
  const flush = (i: number) => {
    addSegment(i);
    if (commands.length > 0) {
      out.push(`[${commands.join(' ')}] TJ`);
      commands.length = 0;
    }
  };
  let i = 0;
  for (; i < positions.length; i++) {
    const pos = positions[i] as GlyphPosition;
    if (pos.xOffset || pos.yOffset) {
      flush(i);
      out.push(`1 0 0 1 ${num(x + pos.xOffset * scale)} ${num(y + pos.yOffset * scale)} Tm`);
      flush(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        out.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) addSegment(i + 1);
    }
    x += pos.xAdvance * scale;
  }
  flush(i);
}
