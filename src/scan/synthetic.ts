/**
 * Marks drawn the way people mark, into a gray page image, for the scanning
 * test and benchmark: a solid fill, a 60 % fill, a tick, a cross, light
 * pencil, an erasure (a light smudge) and nothing. Pure.
 */
import type { GrayImage } from './register.js';
import type { Point } from './sheet-layout.js';

export type MarkKind = 'solid' | 'sixty' | 'tick' | 'cross' | 'light' | 'erased';

/** Pencil graphite on paper and what an eraser leaves behind. */
const PENCIL = 45;
const LIGHT_PENCIL = 195;
const ERASED = 222;

function paint(img: GrayImage, x: number, y: number, value: number): void {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) return;
  const i = yi * img.width + xi;
  img.data[i] = Math.min(img.data[i] as number, value);
}

function disc(img: GrayImage, c: Point, r: number, value: number, keep: (dx: number, dy: number) => boolean = () => true): void {
  for (let dy = -r; dy <= r; dy += 0.5) for (let dx = -r; dx <= r; dx += 0.5) if (dx * dx + dy * dy <= r * r && keep(dx, dy)) paint(img, c.x + dx, c.y + dy, value);
}

function stroke(img: GrayImage, a: Point, b: Point, width: number, value: number): void {
  const n = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) * 2);
  for (let i = 0; i <= n; i++) disc(img, { x: a.x + ((b.x - a.x) * i) / n, y: a.y + ((b.y - a.y) * i) / n }, width / 2, value);
}

/**
 * Draws one mark centred on a bubble (`c` and `r` in pixels).
 * @example drawMark(img, { x: 200, y: 300 }, 13, 'tick')
 */
export function drawMark(img: GrayImage, c: Point, r: number, kind: MarkKind): void {
  const pen = Math.max(1.5, r * 0.22);
  const at = (fx: number, fy: number): Point => ({ x: c.x + fx * r, y: c.y + fy * r });
  switch (kind) {
    case 'solid':
      return disc(img, c, r * 0.95, PENCIL);
    case 'sixty':
      // The lower 60 % of the bubble, as a hurried fill leaves it.
      return disc(img, c, r * 0.95, PENCIL, (_dx, dy) => dy > -0.13 * r);
    case 'tick':
      stroke(img, at(-0.6, 0), at(-0.1, 0.55), pen, PENCIL);
      return stroke(img, at(-0.1, 0.55), at(0.7, -0.7), pen, PENCIL);
    case 'cross':
      stroke(img, at(-0.7, -0.7), at(0.7, 0.7), pen, PENCIL);
      return stroke(img, at(-0.7, 0.7), at(0.7, -0.7), pen, PENCIL);
    case 'light':
      return disc(img, c, r * 0.9, LIGHT_PENCIL);
    case 'erased':
      return disc(img, c, r * 0.9, ERASED);
  }
}
