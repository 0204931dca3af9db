/**
 * The fonts of every PDF: DejaVu Serif (npm `dejavu-fonts-ttf`, free licence)
 * in four faces. It covers Latin, Greek, −, ·, ⋅, ⊙, ⊤, ᵀ, → and brackets; pdfkit
 * embeds and subsets it, so every letter and number stays real text.
 *
 * Layout needs metrics without a document, so the same files are opened with
 * fontkit (the font engine pdfkit itself uses, resolved from pdfkit's own
 * dependencies) and widths are measured exactly as pdfkit measures them.
 * Adapter code: reads files.
 */
import { createRequire } from 'node:module';
import { LruCache } from '../lru.js';

export type FontFace = 'regular' | 'italic' | 'bold' | 'boldItalic';

const require = createRequire(import.meta.url);

const FILES: Record<FontFace, string> = {
  regular: 'DejaVuSerif.ttf',
  italic: 'DejaVuSerif-Italic.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  boldItalic: 'DejaVuSerif-BoldItalic.ttf',
};

/** Absolute path of a face's TTF file. @example fontPath('italic') // '/…/dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf' */
export function fontPath(face: FontFace): string {
  return require.resolve(`dejavu-fonts-ttf/ttf/${FILES[face]}`);
}

/** pdfkit font names registered by `registerFonts`; prose uses regular, bold and italic. */
export const FONT_NAMES: Readonly<Record<FontFace, string>> = {
  regular: 'RQ-Serif',
  italic: 'RQ-Serif-Italic',
  bold: 'RQ-Serif-Bold',
  boldItalic: 'RQ-Serif-BoldItalic',
};

const registered = new WeakSet<PDFKit.PDFDocument>();

/**
 * Registers the four DejaVu Serif faces on a document under FONT_NAMES (idempotent).
 * @example registerFonts(doc); doc.font(FONT_NAMES.bold).text('Question 1')
 */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  if (registered.has(doc)) return;
  for (const face of Object.keys(FILES) as FontFace[]) doc.registerFont(FONT_NAMES[face], fontPath(face));
  registered.add(doc);
}

// ---- metrics (fontkit) ----

interface FontkitBBox {
  minY: number;
  maxY: number;
}
interface FontkitGlyph {
  advanceWidth: number;
  bbox: FontkitBBox;
}
interface FontkitFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): FontkitGlyph;
  layout(text: string): { advanceWidth: number; glyphs: FontkitGlyph[] };
}
interface Fontkit {
  openSync(path: string): FontkitFont;
}

/** Vertical extent of ink above (height) and below (depth) the baseline, in em. */
export interface InkExtent {
  height: number;
  depth: number;
}

/** Metrics of one face in em units (multiply by the font size). */
export class FontMetrics {
  readonly ascent: number;
  readonly descent: number;
  private readonly widths = new LruCache<string, number>(20000);
  private readonly inks = new LruCache<string, InkExtent>(20000);

  constructor(private readonly font: FontkitFont) {
    this.ascent = font.ascent / font.unitsPerEm;
    this.descent = -font.descent / font.unitsPerEm;
  }

  /**
   * Advance width in em, as pdfkit measures it: pdfkit lays out each word with
   * its trailing space separately (kerning within a word only), so do we.
   */
  width(text: string): number {
    let total = 0;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 32) {
        const word = text.slice(start, i + 1);
        if (word.length > 0) total += this.wordWidth(word);
        start = i + 1;
      }
    }
    return total;
  }

  private wordWidth(word: string): number {
    let w = this.widths.get(word);
    if (w === undefined) {
      w = this.font.layout(word).advanceWidth / this.font.unitsPerEm;
      this.widths.set(word, w);
    }
    return w;
  }

  /**
   * Ink extent of a string in em: top of the highest glyph above the baseline
   * and bottom of the lowest below it. Not clamped: `−` has a negative depth
   * (its ink floats above the baseline), so its centre gives the math axis.
   */
  ink(text: string): InkExtent {
    let e = this.inks.get(text);
    if (e === undefined) {
      let top = -Infinity;
      let bottom = Infinity;
      for (const g of this.font.layout(text).glyphs) {
        if (g.bbox.maxY > top) top = g.bbox.maxY;
        if (g.bbox.minY < bottom) bottom = g.bbox.minY;
      }
      if (top === -Infinity) e = { height: 0, depth: 0 };
      else e = { height: top / this.font.unitsPerEm, depth: -bottom / this.font.unitsPerEm };
      this.inks.set(text, e);
    }
    return e;
  }

  /** Whether the face has a glyph for every character of `text`. */
  covers(text: string): boolean {
    for (const ch of text) if (!this.font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0)) return false;
    return true;
  }
}

let metricsByFace: Record<FontFace, FontMetrics> | undefined;

/** Metrics of each face, loaded once per process. */
export function fontMetrics(face: FontFace): FontMetrics {
  if (!metricsByFace) {
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;
    const load = (f: FontFace) => new FontMetrics(fontkit.openSync(fontPath(f)));
    metricsByFace = { regular: load('regular'), italic: load('italic'), bold: load('bold'), boldItalic: load('boldItalic') };
  }
  return metricsByFace[face];
}
