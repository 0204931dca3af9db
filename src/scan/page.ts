/**
 * One scanned page, read: registered, its QR code decoded (the decoder is
 * passed in, so this stays pure and testable), its student-id grid and its
 * bubble rows decided. Every row keeps its pixel box, for the review page's crops.
 */
import { type GrayImage, type Registration, applyAffine, registerPage } from './register.js';
import { type PageLevels, type RowDecision, bubbleFill, decideRow, pageLevels } from './bubbles.js';
import { type SheetLayout, type SheetPayload, type SheetBubble, parseSheetPayload } from './sheet-layout.js';

/** A box in pixels. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ReadRow {
  /** Response key (`p1.h1`), or `student_id` for the id grid. */
  field: string;
  decision: RowDecision;
  box: PixelBox;
}

export interface ReadPage {
  /** Where it came from: `scan.pdf#3`, `page7.png`. */
  source: string;
  payload: SheetPayload;
  registration: Registration;
  /** From the id grid (anonymous sheets): the digits, or the decision when doubtful. */
  studentId?: ReadRow;
  rows: ReadRow[];
}

/** Decodes a QR code in a gray image; null when none is found. */
export type QrReader = (img: GrayImage) => Promise<string | null>;

/** A rectangle of an image, copied (clipped to the image). */
export function cropGray(img: GrayImage, box: PixelBox): GrayImage {
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const width = Math.max(1, Math.min(img.width - left, Math.ceil(box.width)));
  const height = Math.max(1, Math.min(img.height - top, Math.ceil(box.height)));
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) data.set(img.data.subarray((top + y) * img.width + left, (top + y) * img.width + left + width), y * width);
  return { width, height, data };
}

/** The pixel box around some layout points (PDF points), padded by `pad` points. */
function boxAround(reg: Registration, points: readonly { x: number; y: number }[], pad: number): PixelBox {
  const px = points.flatMap((p) => [applyAffine(reg.transform, { x: p.x - pad, y: p.y - pad }), applyAffine(reg.transform, { x: p.x + pad, y: p.y + pad })]);
  const xs = px.map((p) => p.x);
  const ys = px.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

function readRow(img: GrayImage, reg: Registration, levels: PageLevels, layout: SheetLayout, field: string, bubbles: readonly SheetBubble[]): ReadRow {
  const fills = bubbles.map((b) => bubbleFill(img, reg.transform, reg.scale, b, layout.radius, levels));
  return { field, decision: decideRow(bubbles, fills), box: boxAround(reg, bubbles, layout.radius + 4) };
}

/** The id grid read column by column: all digits marked (blank columns at the end allowed), else doubtful. */
function readIdGrid(img: GrayImage, reg: Registration, levels: PageLevels, layout: SheetLayout, grid: readonly SheetBubble[][]): ReadRow {
  const columns = grid.map((column) =>
    decideRow(
      column,
      column.map((b) => bubbleFill(img, reg.transform, reg.scale, b, layout.radius, levels)),
    ),
  );
  const box = boxAround(reg, grid.flat(), layout.radius + 4);
  const fills = columns.flatMap((c) => c.fills);
  const doubtful = columns.findIndex((c) => c.status === 'doubtful');
  if (doubtful !== -1) return { field: 'student_id', box, decision: { status: 'doubtful', reason: `student-id digit ${doubtful + 1}: ${(columns[doubtful] as { reason: string }).reason}`, fills } };
  const digits = columns.map((c) => (c.status === 'marked' ? c.answer : ''));
  const id = digits.join('');
  const lastMarked = digits.reduce((last, d, i) => (d !== '' ? i : last), -1);
  if (id === '') return { field: 'student_id', box, decision: { status: 'blank', fills } };
  if (digits.slice(0, lastMarked + 1).some((d) => d === ''))
    return { field: 'student_id', box, decision: { status: 'doubtful', reason: 'student id with an empty digit in the middle', suggestion: id, fills } };
  return { field: 'student_id', box, decision: { status: 'marked', answer: id, fills } };
}

/**
 * Reads one page. `layoutOf` gives a version's recorded sheet layout. Throws an Error naming what failed
 * (no corner marks, no QR code, a QR code of another exam, a page the manifest has no layout for).
 * @example await readPage(img, 'scan.pdf#1', (v) => manifest.versions.find((x) => x.id === v)?.sheet, readQr)
 */
export async function readPage(img: GrayImage, source: string, anyLayout: SheetLayout, layoutOf: (version: string) => SheetLayout | undefined, readQr: QrReader): Promise<ReadPage> {
  const registration = registerPage(img, anyLayout);
  const q = anyLayout.qr;
  const qrBox = boxAround(
    registration,
    [
      { x: q.x, y: q.y },
      { x: q.x + q.size, y: q.y + q.size },
    ],
    q.size * 0.12,
  );
  const text = await readQr(cropGray(img, qrBox));
  if (text === null) throw new Error('the QR code could not be read (smudged, folded or cut off?)');
  const payload = parseSheetPayload(text);
  if (!payload) throw new Error(`the QR code is not an rnnquiz answer sheet's (${JSON.stringify(text.slice(0, 40))})`);
  const layout = layoutOf(payload.version);
  if (!layout) throw new Error(`version ${payload.version} is not in the manifest, or has no answer sheet (another exam's sheet?)`);
  const sheetPage = layout.pages.find((p) => p.page === payload.page);
  if (!sheetPage) throw new Error(`version ${payload.version} has no answer-sheet page ${payload.page}`);
  const markRadius = (layout.markSize / 2) * registration.scale * 0.6;
  const levels = pageLevels(
    img,
    layout.marks.map((m) => applyAffine(registration.transform, m)),
    markRadius,
  );
  const rows = sheetPage.rows.map((r) => readRow(img, registration, levels, layout, r.field, r.bubbles));
  const studentId = sheetPage.idGrid ? readIdGrid(img, registration, levels, layout, sheetPage.idGrid) : undefined;
  return { source, payload, registration, ...(studentId ? { studentId } : {}), rows };
}
