/**
 * Small inline-SVG pictures for the batch report: the score histogram and a
 * credit bar. Plain strings, no external resources, every text escaped.
 */

/** Counts of 10 %-wide bins (the last one holds 90–100 % inclusive) from the report's 0.1 % bins. */
export function tenPercentBins(percentBins: readonly number[]): number[] {
  const out = new Array<number>(10).fill(0);
  percentBins.forEach((count, i) => {
    const bin = Math.min(9, Math.floor(i / 100));
    out[bin] = (out[bin] as number) + count;
  });
  return out;
}

/**
 * The score distribution as bars, one per 10 % band, with counts on top and a
 * dashed line at the mean.
 * @example histogramSvg([0, 1, 4, 9, 3, 0, 0, 0, 0, 2], 41.5).startsWith('<svg') // true
 */
export function histogramSvg(bins: readonly number[], meanPercent: number | null): string {
  const width = 720;
  const height = 260;
  const left = 44;
  const bottom = 36;
  const top = 32; // room above the tallest bar for its count and the mean label
  const plotW = width - left - 12;
  const plotH = height - bottom - top;
  const peak = Math.max(1, ...bins);
  const barW = plotW / bins.length;
  const parts: string[] = [];
  const ticks = niceTicks(peak);
  for (const t of ticks) {
    const y = top + plotH - (t / peak) * plotH;
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="tick">${t}</text>`,
    );
  }
  bins.forEach((count, i) => {
    const h = (count / peak) * plotH;
    const x = left + i * barW;
    const y = top + plotH - h;
    parts.push(
      `<rect x="${(x + 3).toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 6).toFixed(1)}" height="${h.toFixed(1)}" class="bar"><title>${i * 10}–${i === 9 ? 100 : i * 10 + 10} %: ${count}</title></rect>`,
    );
    if (count > 0) parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="count">${count}</text>`);
    parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" class="tick">${i * 10}–${i === 9 ? 100 : i * 10 + 10}</text>`);
  });
  if (meanPercent !== null) {
    const x = left + (meanPercent / 100) * plotW;
    parts.push(
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${top - 14}" y2="${top + plotH}" class="mean"/><text x="${(x + 4).toFixed(1)}" y="${top - 18}" class="mean-label">mean ${meanPercent.toFixed(1)} %</text>`,
    );
  }
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" class="axis"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 4}" text-anchor="middle" class="axis-label">score (% of the maximum)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Histogram of scores" class="histogram">${parts.join('')}</svg>`;
}

/** Up to five round gridline values from 0 to `peak`. */
export function niceTicks(peak: number): number[] {
  const raw = peak / 4;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? mag * 10;
  const out: number[] = [];
  for (let t = 0; t <= peak; t += step) out.push(t);
  return out;
}

/**
 * A horizontal bar for a fraction 0–1 with its value printed beside it.
 * @example creditBar(0.5).includes('width="50"') // true
 */
export function creditBar(fraction: number | null): string {
  if (fraction === null) return '<span class="muted">—</span>';
  const w = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  const tone = fraction < 0.3 ? 'hard' : fraction > 0.9 ? 'easy' : 'mid';
  return `<svg width="100" height="10" class="cbar" aria-hidden="true"><rect width="100" height="10" class="track"/><rect width="${w}" height="10" class="${tone}"/></svg> ${fraction.toFixed(2)}`;
}
