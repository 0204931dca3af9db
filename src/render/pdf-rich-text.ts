/**
 * Paragraphs of prose with TeX math for the exam and key PDFs: inline math
 * `\( … \)` sits on the text baseline and wraps as one word; display math
 * `\[ … \]` is centred on its own lines (broken at `=` when too wide). A blank
 * line starts a new paragraph. Every letter and number is real PDF text.
 *
 * `layoutRichText` lays a paragraph out once into a block (height + display
 * list) that serves both to decide page breaks and to draw; blocks of repeated
 * prose and layouts of repeated TeX are cached. `drawRichText` and
 * `measureRichText` are the one-call forms.
 *
 * @example
 * registerFonts(doc);
 * const { height } = drawRichText(doc, 'Compute \\(h_{1}\\) where \\[ \\mathbf{U} = \\begin{bmatrix} 2 & 0 \\\\ 1 & 2 \\end{bmatrix} \\]', { x: 72, y, width: 451 });
 * y += height;
 */
import { fontMetrics, FONT_NAMES, registerFonts } from '../math/pdf/fonts.js';
import { LruCache } from '../math/lru.js';
import { appendDisplayList, drawDisplayList, emptyDisplayList, layoutMath, mathDisplayList, type DisplayList, type MathLayout } from '../math/pdf/index.js';
import type { TextRun } from '../math/pdf/emit.js';

export { registerFonts, FONT_NAMES };

/** pdfkit font names for prose (registered by registerFonts). */
export const PROSE_FONTS = { regular: FONT_NAMES.regular, bold: FONT_NAMES.bold, italic: FONT_NAMES.italic } as const;

export interface RichTextOptions {
  x: number;
  /** Top of the paragraph, pdfkit coordinates. */
  y: number;
  width: number;
  /** Points; 11 by default. */
  fontSize?: number;
  /** Prose lines; display math is always centred. */
  align?: 'left' | 'center';
}

type Part = { kind: 'text'; text: string; width: number } | { kind: 'math'; layout: MathLayout };
interface Unit {
  parts: Part[];
  width: number;
  spaceBefore: boolean;
}
interface TextLine {
  kind: 'text';
  units: Unit[];
  width: number;
  height: number;
  depth: number;
}
interface DisplayLine {
  kind: 'display';
  layout: MathLayout;
  centred: boolean;
}
type Line = TextLine | DisplayLine | { kind: 'gap'; height: number };

const MATH = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;

/** A paragraph block laid out once: its size and what to draw, usable to decide a page break and then to draw. */
export interface RichTextBlock {
  /** From the top of the block to below its last line. */
  height: number;
  /** Text runs and shapes relative to the block's top-left corner. */
  list: DisplayList;
  /** Draws the block with its top-left corner at (x, y); returns the height used. */
  draw(doc: PDFKit.PDFDocument, x: number, y: number): number;
}

export type RichTextLayoutOptions = Omit<RichTextOptions, 'x' | 'y'>;

// Repeated prose (instructions, conceptual questions, answer-box names) is laid out once per process.
const blockCache = new LruCache<string, RichTextBlock>(400);

/**
 * Lays out prose with math once; the block's height decides page breaks and its `draw` writes it.
 * @example
 * const block = layoutRichText('Compute \\(h_{1}\\).', { width: 451 });
 * flow.ensure(block.height);
 * flow.y += block.draw(doc, 72, flow.y);
 */
export function layoutRichText(source: string, options: RichTextLayoutOptions): RichTextBlock {
  const fontSize = options.fontSize ?? 11;
  const align = options.align ?? 'left';
  return blockCache.getOrCreate(`${fontSize}|${options.width}|${align}|${source}`, () => buildBlock(layoutLines(source, options.width, fontSize), options.width, fontSize, align));
}

/** Places every line of a layout into one display list. */
function buildBlock(lines: Line[], width: number, fontSize: number, align: 'left' | 'center'): RichTextBlock {
  const list = emptyDisplayList();
  const space = spaceWidth(fontSize);
  // Prose and math stay in reading order in the content stream (copy-paste, screen readers): prose runs
  // collect in a part of their own that is closed before each formula is placed.
  let prose: TextRun[] = [];
  const closeProse = () => {
    if (prose.length > 0) list.parts.push({ list: { runs: prose, shapes: [], parts: [] }, dx: 0, dy: 0 });
    prose = [];
  };
  const placeMath = (layout: MathLayout, dx: number, dy: number) => {
    closeProse();
    appendDisplayList(list, mathDisplayList(layout), dx, dy);
  };
  let y = 0;
  for (const line of lines) {
    if (line.kind === 'gap') y += line.height;
    else if (line.kind === 'display') {
      const dx = line.centred ? (width - line.layout.width) / 2 : 0;
      placeMath(line.layout, Math.max(0, dx), y + line.layout.height);
      y += line.layout.height + line.layout.depth;
    } else {
      const baseline = y + line.height;
      let x = align === 'center' ? (width - line.width) / 2 : 0;
      line.units.forEach((unit, i) => {
        if (i > 0 && unit.spaceBefore) x += space;
        for (const part of unit.parts) {
          if (part.kind === 'text') {
            prose.push({ font: FONT_NAMES.regular, size: fontSize, x, baseline, text: part.text });
            x += part.width;
          } else {
            placeMath(part.layout, x, baseline);
            x += part.layout.width;
          }
        }
      });
      y += line.height + line.depth;
    }
  }
  closeProse();
  const height = y;
  return {
    height,
    list,
    draw: (doc, x, top) => {
      registerFonts(doc);
      drawDisplayList(doc, list, x, top);
      return height;
    },
  };
}

/** Lays out and draws; returns the height used (from options.y to below the last line). */
export function drawRichText(doc: PDFKit.PDFDocument, source: string, options: RichTextOptions): { height: number } {
  return { height: layoutRichText(source, options).draw(doc, options.x, options.y) };
}

/** The same layout without drawing: the height drawRichText would use. */
export function measureRichText(_doc: PDFKit.PDFDocument, source: string, options: RichTextOptions): { height: number } {
  return { height: layoutRichText(source, options).height };
}

const spaceWidth = (fontSize: number): number => fontMetrics('regular').width(' ') * fontSize;

/** Splits the source into words and math, then fills lines greedily. */
function layoutLines(source: string, width: number, fontSize: number): Line[] {
  const lines: Line[] = [];
  const paragraphs = splitParagraphs(source);
  paragraphs.forEach((paragraph, p) => {
    if (p > 0) lines.push({ kind: 'gap', height: 0.6 * fontSize });
    let units: Unit[] = [];
    let pending = false; // whitespace seen since the last unit
    const flushUnits = () => {
      if (units.length > 0) lines.push(...fillLines(units, width, fontSize));
      units = [];
    };
    const addPart = (part: Part, width_: number) => {
      const last = units[units.length - 1];
      if (last && !pending) {
        last.parts.push(part);
        last.width += width_;
      } else units.push({ parts: [part], width: width_, spaceBefore: pending || units.length > 0 });
      pending = false;
    };
    for (const piece of splitMath(paragraph)) {
      if (piece.kind === 'text') {
        for (const token of piece.text.split(/(\s+)/)) {
          if (token === '') continue;
          if (/^\s+$/.test(token)) pending = true;
          else addPart({ kind: 'text', text: token, width: fontMetrics('regular').width(token) * fontSize }, fontMetrics('regular').width(token) * fontSize);
        }
      } else {
        const layout = layoutMath(piece.tex, { display: piece.display, fontSize, maxWidth: width });
        if (piece.display || layout.lines.length > 1) {
          flushUnits();
          lines.push({ kind: 'gap', height: 0.35 * fontSize }, { kind: 'display', layout, centred: piece.display }, { kind: 'gap', height: 0.35 * fontSize });
          pending = true;
        } else addPart({ kind: 'math', layout }, layout.width);
      }
    }
    flushUnits();
  });
  return trimGaps(lines);
}

function splitParagraphs(source: string): string[] {
  // A blank line separates paragraphs, but not inside math.
  const out: string[] = [];
  let current = '';
  let last = 0;
  for (const m of source.matchAll(MATH)) {
    const parts = source.slice(last, m.index).split(/\n[ \t]*\n\s*/);
    current += parts[0] ?? '';
    for (const part of parts.slice(1)) {
      out.push(current);
      current = part;
    }
    current += m[0];
    last = m.index + m[0].length;
  }
  const parts = source.slice(last).split(/\n[ \t]*\n\s*/);
  current += parts[0] ?? '';
  for (const part of parts.slice(1)) {
    out.push(current);
    current = part;
  }
  out.push(current);
  return out.filter((p) => p.trim() !== '');
}

type Piece = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean };

function splitMath(paragraph: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of paragraph.matchAll(MATH)) {
    if (m.index > last) pieces.push({ kind: 'text', text: paragraph.slice(last, m.index) });
    pieces.push(m[1] !== undefined ? { kind: 'math', tex: m[1], display: false } : { kind: 'math', tex: m[2] ?? '', display: true });
    last = m.index + m[0].length;
  }
  if (last < paragraph.length) pieces.push({ kind: 'text', text: paragraph.slice(last) });
  return pieces;
}

/** Greedy word wrap; a line is as tall as its tallest inline math (at least the text strut). */
function fillLines(units: Unit[], width: number, fontSize: number): TextLine[] {
  const lines: TextLine[] = [];
  const space = spaceWidth(fontSize);
  let current: Unit[] = [];
  let used = 0;
  const push = () => {
    if (current.length === 0) return;
    let height = 0.9 * fontSize;
    let depth = 0.35 * fontSize;
    for (const u of current)
      for (const p of u.parts)
        if (p.kind === 'math') {
          height = Math.max(height, p.layout.height + 0.15 * fontSize);
          depth = Math.max(depth, p.layout.depth + 0.15 * fontSize);
        }
    lines.push({ kind: 'text', units: current, width: used, height, depth });
    current = [];
    used = 0;
  };
  for (const unit of units) {
    const extra = (current.length > 0 && unit.spaceBefore ? space : 0) + unit.width;
    if (current.length > 0 && used + extra > width) push();
    used += current.length > 0 && unit.spaceBefore ? space + unit.width : unit.width;
    current.push(unit);
  }
  push();
  return lines;
}

function trimGaps(lines: Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.kind === 'gap') start++;
  while (end > start && lines[end - 1]?.kind === 'gap') end--;
  return lines.slice(start, end).filter((l, i, all) => !(l.kind === 'gap' && all[i - 1]?.kind === 'gap'));
}
