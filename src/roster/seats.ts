/**
 * Seats in a lecture hall: `12` (one row) or a row letter and a number
 * (`B12`, `AA3`). Two seats are **neighbours** when they are side by side in
 * one row (numbers differ by one) or one behind the other (same number, rows
 * next to each other: B12 and C12). Diagonal seats count only when there are
 * at least four versions (see assign.ts).
 */
export interface Seat {
  /** 0 for a seat without a row letter; A = 1, B = 2, …, Z = 26, AA = 27. */
  row: number;
  col: number;
}

/** @example parseSeat('B12') // { row: 2, col: 12 }; parseSeat('x') // null */
export function parseSeat(text: string): Seat | null {
  const m = /^([A-Za-z]{0,2})\s*-?\s*(\d{1,4})$/.exec(text.trim());
  if (!m) return null;
  let row = 0;
  for (const c of (m[1] as string).toUpperCase()) row = row * 26 + (c.charCodeAt(0) - 64);
  return { row, col: Number(m[2]) };
}

/** Side by side or one behind the other. @example areNeighbours({ row: 2, col: 12 }, { row: 3, col: 12 }) // true */
export function areNeighbours(a: Seat, b: Seat): boolean {
  return (a.row === b.row && Math.abs(a.col - b.col) === 1) || (a.col === b.col && Math.abs(a.row - b.row) === 1);
}
