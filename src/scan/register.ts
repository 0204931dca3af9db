/**
 * Registration of a scanned page: find the four corner marks, fit the affine
 * map from the sheet's PDF points to the scan's pixels (rotation, skew, scale
 * and shift in one), and tell an upside-down page by the orientation mark.
 * Pure: works on a gray buffer (0 black … 255 white), one byte per pixel.
 */
import type { Point, SheetLayout } from './sheet-layout.js';

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** x' = a·x + b·y + c, y' = d·x + e·y + f: PDF points → pixels. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** A pixel darker than this counts as ink when looking for the corner marks. */
export const INK_THRESHOLD = 110;
/** A corner mark is searched in this fraction of the page's width and height from each corner. */
export const CORNER_SEARCH = 0.2;
/** A window must be at least this dark (share of ink pixels) to be a corner mark. */
export const MIN_MARK_FILL = 0.75;

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m.a * p.x + m.b * p.y + m.c, y: m.d * p.x + m.e * p.y + m.f };
}

/** Summed-area table of ink pixels (1 where darker than INK_THRESHOLD), (w+1)·(h+1). */
function inkIntegral(img: GrayImage): Int32Array {
  const w = img.width;
  const out = new Int32Array((w + 1) * (img.height + 1));
  for (let y = 0; y < img.height; y++) {
    let row = 0;
    const base = y * w;
    for (let x = 0; x < w; x++) {
      row += (img.data[base + x] as number) < INK_THRESHOLD ? 1 : 0;
      out[(y + 1) * (w + 1) + x + 1] = (out[y * (w + 1) + x + 1] as number) + row;
    }
  }
  return out;
}

function boxSum(ii: Int32Array, w: number, x0: number, y0: number, x1: number, y1: number): number {
  const W = w + 1;
  return (ii[y1 * W + x1] as number) - (ii[y0 * W + x1] as number) - (ii[y1 * W + x0] as number) + (ii[y0 * W + x0] as number);
}

/** The centre of the darkest mark-sized square in a region, or null when none is dark enough. */
function findMark(img: GrayImage, ii: Int32Array, side: number, rx0: number, ry0: number, rx1: number, ry1: number): Point | null {
  let best = -1;
  let bx = 0;
  let by = 0;
  const s = Math.max(4, Math.round(side));
  for (let y = ry0; y + s <= ry1; y += 2) {
    for (let x = rx0; x + s <= rx1; x += 2) {
      const v = boxSum(ii, img.width, x, y, x + s, y + s);
      if (v > best) {
        best = v;
        bx = x;
        by = y;
      }
    }
  }
  if (best < MIN_MARK_FILL * s * s) return null;
  // Refine: centroid of the ink around the best window (a rotated mark spills a little past it).
  const pad = Math.round(s * 0.25);
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = Math.max(0, by - pad); y < Math.min(img.height, by + s + pad); y++) {
    for (let x = Math.max(0, bx - pad); x < Math.min(img.width, bx + s + pad); x++) {
      if ((img.data[y * img.width + x] as number) < INK_THRESHOLD) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  return n > 0 ? { x: sx / n + 0.5, y: sy / n + 0.5 } : null;
}

/** Least-squares affine map taking `from[i]` to `to[i]` (at least 3 points). */
export function fitAffine(from: readonly Point[], to: readonly Point[]): Affine {
  // Normal equations of [x y 1]·[a b c]ᵀ = x' (and likewise for y'), solved by Cramer's rule.
  let sxx = 0,
    sxy = 0,
    sx = 0,
    syy = 0,
    sy = 0;
  const n = from.length;
  let tx = [0, 0, 0];
  let ty = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const p = from[i] as Point;
    const q = to[i] as Point;
    sxx += p.x * p.x;
    sxy += p.x * p.y;
    sx += p.x;
    syy += p.y * p.y;
    sy += p.y;
    tx = [tx[0]! + p.x * q.x, tx[1]! + p.y * q.x, tx[2]! + q.x];
    ty = [ty[0]! + p.x * q.y, ty[1]! + p.y * q.y, ty[2]! + q.y];
  }
  const M = [
    [sxx, sxy, sx],
    [sxy, syy, sy],
    [sx, sy, n],
  ];
  const det3 = (m: number[][]): number =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const D = det3(M);
  const solve = (t: number[]): number[] => [0, 1, 2].map((col) => det3(M.map((row, r) => row.map((v, c) => (c === col ? t[r]! : v)))) / D);
  const [a, b, c] = solve(tx) as [number, number, number];
  const [d, e, f] = solve(ty) as [number, number, number];
  return { a, b, c, d, e, f };
}

/** Mean gray of a disc (clipped to the image). */
export function discMean(img: GrayImage, centre: Point, r: number): number {
  let sum = 0;
  let n = 0;
  const r2 = r * r;
  for (let y = Math.floor(centre.y - r); y <= Math.ceil(centre.y + r); y++) {
    if (y < 0 || y >= img.height) continue;
    for (let x = Math.floor(centre.x - r); x <= Math.ceil(centre.x + r); x++) {
      if (x < 0 || x >= img.width) continue;
      const dx = x + 0.5 - centre.x;
      const dy = y + 0.5 - centre.y;
      if (dx * dx + dy * dy > r2) continue;
      sum += img.data[y * img.width + x] as number;
      n++;
    }
  }
  return n > 0 ? sum / n : 255;
}

export interface Registration {
  transform: Affine;
  /** The page was scanned upside down (the transform already turns it). */
  upsideDown: boolean;
  /** Pixels per PDF point. */
  scale: number;
  /** Largest distance (px) between a found mark and where the fitted map puts it: the fit's quality. */
  residual: number;
}

/**
 * Finds the corner marks and fits the map; throws an Error saying what is missing.
 * @example registerPage(img, layout).upsideDown // false
 */
export function registerPage(img: GrayImage, layout: Pick<SheetLayout, 'width' | 'height' | 'marks' | 'markSize' | 'orientation'>): Registration {
  const scale0 = img.width / layout.width;
  const side = layout.markSize * scale0 * 0.85; // a little smaller than the mark: scale and rotation
  const ii = inkIntegral(img);
  const cw = Math.round(img.width * CORNER_SEARCH);
  const ch = Math.round(img.height * CORNER_SEARCH * 0.75);
  const regions: [number, number, number, number][] = [
    [0, 0, cw, ch],
    [img.width - cw, 0, img.width, ch],
    [img.width - cw, img.height - ch, img.width, img.height],
    [0, img.height - ch, cw, img.height],
  ];
  const names = ['top left', 'top right', 'bottom right', 'bottom left'];
  const found = regions.map(([x0, y0, x1, y1], i) => {
    const p = findMark(img, ii, side, x0, y0, x1, y1);
    if (!p) throw new Error(`no corner mark found at the ${names[i]} of the page (is it an answer sheet, scanned whole?)`);
    return p;
  });
  const hypotheses = [
    { upsideDown: false, order: [0, 1, 2, 3] },
    { upsideDown: true, order: [2, 3, 0, 1] },
  ].map((h) => {
    const transform = fitAffine(
      layout.marks,
      h.order.map((i) => found[i] as Point),
    );
    const o = applyAffine(transform, layout.orientation);
    const scale = Math.hypot(transform.a, transform.d);
    return { ...h, transform, scale, ink: discMean(img, o, (layout.orientation.size / 2) * scale * 0.6) };
  });
  const best = (hypotheses[0]!.ink <= hypotheses[1]!.ink ? hypotheses[0] : hypotheses[1])!;
  const other = best === hypotheses[0] ? hypotheses[1]! : hypotheses[0]!;
  if (best.ink > INK_THRESHOLD || other.ink < INK_THRESHOLD) throw new Error('cannot tell which way up the page is (the orientation mark beside the top-left corner mark is missing or smudged)');
  const residual = Math.max(
    ...layout.marks.map((m, i) => {
      const p = applyAffine(best.transform, m);
      const q = found[best.order[i] as number] as Point;
      return Math.hypot(p.x - q.x, p.y - q.y);
    }),
  );
  return { transform: best.transform, upsideDown: best.upsideDown, scale: best.scale, residual };
}
