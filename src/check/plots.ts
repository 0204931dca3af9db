/**
 * Inline SVG plots of the check report (report.ts): the distribution of an
 * item's hand work over its variants, with the fairness band shaded, and the
 * hand work of each planned version against the same band. Plain strings,
 * no external resources, every text escaped.
 */
import { niceTicks } from '../batch/svg.js';
import { escapeHtml as esc } from '../render/html.js';
import type { WorkSummary } from './summary.js';

const W = 520;
const H = 170;
const LEFT = 40;
const RIGHT = 10;
const TOP = 14;
const BOTTOM = 30;
const plotW = W - LEFT - RIGHT;
const plotH = H - TOP - BOTTOM;

function frame(label: string, parts: string[], axis: string): string {
  parts.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${TOP + plotH}" y2="${TOP + plotH}" class="axis"/>`);
  parts.push(`<text x="${LEFT + plotW / 2}" y="${H - 2}" text-anchor="middle" class="axis-label">${esc(axis)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}" class="plot">${parts.join('')}</svg>`;
}

function yGrid(parts: string[], peak: number, y: (v: number) => number, format: (v: number) => string = String): void {
  for (const t of niceTicks(peak))
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${LEFT - 5}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${format(t)}</text>`,
    );
}

/**
 * Variants per hand-work value, as bars, with the band (when on) shaded and the median marked.
 * @example workHistogramSvg(item.work).startsWith('<svg') // true
 */
export function workHistogramSvg(work: WorkSummary, itemId: string): string {
  const lo = Math.min(work.min, work.band ? Math.floor(work.band.low) : work.min);
  const hi = Math.max(work.max, work.band ? Math.ceil(work.band.high) : work.max);
  const span = Math.max(1, hi - lo + 1);
  const x = (w: number) => LEFT + ((w - lo) / span) * plotW;
  const barW = plotW / span;
  const peak = Math.max(1, ...work.histogram.map((h) => h.count));
  const y = (c: number) => TOP + plotH - (c / peak) * plotH;
  const parts: string[] = [];
  if (work.band)
    parts.push(
      `<rect x="${x(work.band.low).toFixed(1)}" y="${TOP}" width="${(x(work.band.high + 1) - x(work.band.low)).toFixed(1)}" height="${plotH}" class="band"><title>fairness band ${work.band.low}–${work.band.high}</title></rect>`,
    );
  yGrid(parts, peak, y);
  for (const h of work.histogram) {
    parts.push(
      `<rect x="${(x(h.work) + 0.5).toFixed(1)}" y="${y(h.count).toFixed(1)}" width="${Math.max(1, barW - 1).toFixed(1)}" height="${(TOP + plotH - y(h.count)).toFixed(1)}" class="bar"><title>hand work ${h.work}: ${h.count} variant${h.count === 1 ? '' : 's'}</title></rect>`,
    );
  }
  const step = Math.max(1, Math.ceil(span / 12));
  for (let w = lo; w <= hi; w += step) parts.push(`<text x="${(x(w) + barW / 2).toFixed(1)}" y="${TOP + plotH + 13}" text-anchor="middle" class="tick">${w}</text>`);
  const mx = x(work.median) + barW / 2;
  parts.push(`<line x1="${mx.toFixed(1)}" x2="${mx.toFixed(1)}" y1="${TOP}" y2="${TOP + plotH}" class="median"/>`);
  return frame(`Hand work of ${itemId} over its variants`, parts, 'hand work (operations) per variant');
}

/**
 * One dot per planned version at its hand work, against the band.
 * @example versionWorkSvg([{ id: 'V01', work: 30 }], item.work, 'lstm').includes('V01') // true
 */
export function versionWorkSvg(versions: readonly { id: string; work: number }[], work: WorkSummary, itemId: string): string {
  const values = versions.map((v) => v.work);
  const lo = Math.max(0, Math.min(...values, work.band?.low ?? Infinity, work.median) - 2);
  const hi = Math.max(...values, work.band?.high ?? 0, work.median) + 2;
  const y = (w: number) => TOP + plotH - ((w - lo) / Math.max(1, hi - lo)) * plotH;
  const slot = plotW / Math.max(1, versions.length);
  const parts: string[] = [];
  if (work.band)
    parts.push(
      `<rect x="${LEFT}" y="${y(work.band.high).toFixed(1)}" width="${plotW}" height="${(y(work.band.low) - y(work.band.high)).toFixed(1)}" class="band"><title>fairness band ${work.band.low}–${work.band.high}</title></rect>`,
    );
  const ticks = niceTicks(hi - lo).map((t) => t + lo);
  for (const t of ticks)
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${LEFT - 5}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${Math.round(t)}</text>`,
    );
  parts.push(`<line x1="${LEFT}" x2="${LEFT + plotW}" y1="${y(work.median).toFixed(1)}" y2="${y(work.median).toFixed(1)}" class="median"/>`);
  versions.forEach((v, i) => {
    const cx = LEFT + slot * (i + 0.5);
    const out = work.band && (v.work < work.band.low || v.work > work.band.high);
    parts.push(`<circle cx="${cx.toFixed(1)}" cy="${y(v.work).toFixed(1)}" r="3.5" class="${out ? 'dot out' : 'dot'}"><title>${esc(v.id)}: ${v.work}</title></circle>`);
    if (versions.length <= 30 && i % Math.ceil(versions.length / 10) === 0) parts.push(`<text x="${cx.toFixed(1)}" y="${TOP + plotH + 13}" text-anchor="middle" class="tick">${esc(v.id)}</text>`);
  });
  return frame(`Hand work of ${itemId} per version`, parts, 'version (balanced as the build balances)');
}
