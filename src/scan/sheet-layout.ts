/**
 * Where everything sits on an answer sheet, in PDF points from the page's top
 * left corner (A4). The build computes it once, the sheet writer draws it and
 * the manifest records it, so the scanner never guesses the layout. Pure.
 *
 * A page has four solid corner marks (registration), a small orientation mark
 * right of the top-left one (an upside-down page is told by where it is), a QR
 * code at the top right naming the sheet, an optional student-id grid of digit
 * bubbles (anonymous builds) and one row of bubbles per answer field.
 */
import type { VersionView } from '../view/question-view.js';
import { CHOICE_LETTERS } from '../plan/choice-options.js';

export const SHEET_PAGE = { width: 595.28, height: 841.89 } as const;
/** Corner mark: a filled square of this side, its outer edge this far from the page edge. */
export const MARK_SIZE = 18;
export const MARK_INSET = 28;
export const ORIENTATION_MARK = 9;
export const BUBBLE_RADIUS = 6.5;
/** Bubble centres this far apart in a row. */
export const BUBBLE_PITCH = 19;
/** Height of one answer row (bubbles and, below them, the option texts). */
export const ROW_HEIGHT = 30;
export const ID_DIGITS = 8;
export const QR_SIZE = 92;
/** Centre of a row's bubble A: right of the longest field name (`p12.htilde3` in 8 pt mono). */
export const BUBBLE_LEFT = 124;

export interface Point {
  x: number;
  y: number;
}

export interface SheetBubble extends Point {
  /** The letter printed in it (A–E, or a digit in the id grid). */
  letter: string;
  /** What the CSV receives when this bubble is the row's mark: the letter of a choice field, the label of a label field. */
  answer: string;
}

export interface SheetRow {
  /** Response key (`p1.h1`). */
  field: string;
  /** Left edge of the row's caption. */
  y: number;
  bubbles: SheetBubble[];
  /** Option texts printed beside the row, `A [4, 0]` … (choice fields). */
  captions: string[];
}

export interface SheetPage {
  /** 1-based page of the version's sheet. */
  page: number;
  rows: SheetRow[];
  /** Anonymous builds, every page (pages may be scanned apart and shuffled): one column of digits 0–9 per id position. */
  idGrid?: SheetBubble[][];
}

export interface SheetLayout {
  width: number;
  height: number;
  radius: number;
  /** Centres of the corner marks: top left, top right, bottom right, bottom left. */
  marks: [Point, Point, Point, Point];
  markSize: number;
  orientation: Point & { size: number };
  /** Top-left corner and side of the QR code. */
  qr: Point & { size: number };
  pages: SheetPage[];
}

/** Fields a bubble row can hold: choice-mode fields and labels with at most five choices. */
function rowOptions(field: VersionView['questions'][number]['fields'][number]): { answers: string[]; captions: string[] } | null {
  if (field.options) return { answers: CHOICE_LETTERS.slice(0, field.options.length), captions: field.options.map((o, i) => `${CHOICE_LETTERS[i]} ${o.text}`) };
  if (field.kind === 'label' && field.choices && field.choices.length <= CHOICE_LETTERS.length)
    return { answers: [...field.choices], captions: field.choices.map((c, i) => `${CHOICE_LETTERS[i]} ${c}`) };
  return null;
}

/**
 * The layout of one version's sheet. `anonymous` adds the student-id grid (no roster token to print).
 * @example sheetLayout(view, true).pages[0].rows[0].bubbles[0] // { letter: 'A', answer: 'A', x: 130, y: 330 }
 */
export function sheetLayout(version: VersionView, anonymous: boolean): SheetLayout {
  const lo = MARK_INSET + MARK_SIZE / 2;
  const marks: SheetLayout['marks'] = [
    { x: lo, y: lo },
    { x: SHEET_PAGE.width - lo, y: lo },
    { x: SHEET_PAGE.width - lo, y: SHEET_PAGE.height - lo },
    { x: lo, y: SHEET_PAGE.height - lo },
  ];
  const top = 165;
  const bottom = SHEET_PAGE.height - MARK_INSET - MARK_SIZE - 20;
  const pages: SheetPage[] = [];
  // Without a roster token the id grid is the only thing that ties a page to a student, so every page has one.
  const newPage = (): { page: SheetPage; y: number } => {
    const page: SheetPage = { page: pages.length + 1, rows: [] };
    pages.push(page);
    if (!anonymous) return { page, y: top };
    page.idGrid = Array.from({ length: ID_DIGITS }, (_, c) =>
      Array.from({ length: 10 }, (_, d) => ({ letter: String(d), answer: String(d), x: 80 + c * BUBBLE_PITCH, y: top + 14 + d * (BUBBLE_PITCH - 3) })),
    );
    return { page, y: top + 14 + 10 * (BUBBLE_PITCH - 3) + 18 };
  };
  let { page, y } = newPage();
  for (const q of version.questions) {
    for (const field of q.fields) {
      const opts = rowOptions(field);
      if (!opts) continue;
      if (y + ROW_HEIGHT > bottom) ({ page, y } = newPage());
      const bubbles = opts.answers.map((answer, i) => ({ letter: CHOICE_LETTERS[i] as string, answer, x: BUBBLE_LEFT + i * BUBBLE_PITCH, y: y + 7 }));
      page.rows.push({ field: field.key, y, bubbles, captions: opts.captions });
      y += ROW_HEIGHT;
    }
  }
  return {
    width: SHEET_PAGE.width,
    height: SHEET_PAGE.height,
    radius: BUBBLE_RADIUS,
    marks,
    markSize: MARK_SIZE,
    orientation: { x: lo + MARK_SIZE + 6, y: lo, size: ORIENTATION_MARK },
    qr: { x: SHEET_PAGE.width - MARK_INSET - QR_SIZE - 4, y: MARK_INSET + MARK_SIZE + 10, size: QR_SIZE },
    pages,
  };
}

/** What a sheet's QR code says: the version, the page and, with a roster, the student's token. */
export interface SheetPayload {
  version: string;
  page: number;
  token?: string;
}

const PAYLOAD_PREFIX = 'RQS1';

/**
 * The QR text of a sheet page. `|` cannot occur in a version id or a token (base64url).
 * @example sheetPayload({ version: 'V01', page: 2 }) // "RQS1|V01|2"
 */
export function sheetPayload(p: SheetPayload): string {
  return [PAYLOAD_PREFIX, p.version, String(p.page), ...(p.token ? [p.token] : [])].join('|');
}

/** Reads a sheet's QR text; null when it is not one of ours. @example parseSheetPayload('RQS1|V01|2') // { version: 'V01', page: 2 } */
export function parseSheetPayload(text: string): SheetPayload | null {
  const parts = text.split('|');
  if (parts[0] !== PAYLOAD_PREFIX || parts.length < 3 || parts.length > 4) return null;
  const page = Number(parts[2]);
  if (!/^[\w-]{1,40}$/.test(parts[1] as string) || !Number.isInteger(page) || page < 1) return null;
  return { version: parts[1] as string, page, ...(parts[3] ? { token: parts[3] } : {}) };
}
