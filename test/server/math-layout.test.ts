/// <reference lib="dom" />
/**
 * Web math that reads like the PDF, in Debian's Chromium at a desktop width
 * (1280 px) and a phone width (390 px), on a page holding every numeric family
 * (LSTM and GRU in both notations):
 * - no math runs past its card unless it sits in a scroll region that is
 *   focusable and labelled, and the page itself never scrolls sideways;
 * - no two rows of a matrix overlap (the `mtr` boxes), and each bracket is as
 *   tall as its matrix;
 * - axe-core (injected from its npm package) finds no violation.
 * Screenshots go to tmp/screenshots for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './fixture.js';
import { generateProblemSet } from '../../src/problems.js';
import { manifestFromJson, manifestToJson, type ExamProblem, type Manifest } from '../../src/manifest.js';
import { signVersionToken } from '../../src/version-token.js';
import { TEST_SECRET, onePointEach } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(process.cwd(), 'tmp', 'screenshots');
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** Every numeric family, at sizes that make wide givens (the LSTM's eight matrices, a 3×7 GRU W). */
const ITEMS: [string, Record<string, unknown>][] = [
  ['rnn-forward', { steps: 2, activation: 'tanh', bias: true }],
  ['birnn-forward', { steps: 2 }],
  ['rnn-classify', { steps: 3 }],
  ['lstm', { notation: 'separate' }],
  ['lstm', { notation: 'concatenated', hidden: 3, input: 3 }],
  ['gru', { notation: 'concatenated', hidden: 3, input: 4 }],
  ['gru', { notation: 'separate', bias: true }],
  ['bptt', { steps: 5 }],
  ['param-count', {}],
];

function wideManifest(): Manifest {
  const problems: ExamProblem[] = ITEMS.map(([family, options], i) => onePointEach(generateProblemSet(family, `layout-${i}`, 1, options).problems[0]!, `p${i + 1}`));
  const m: Manifest = {
    bank: 'server-test',
    seed: '7',
    title: 'Layout',
    policy: { carriedCredit: 1 },
    versions: [{ id: 'V01', seed: '7-V01', token: signVersionToken(TEST_SECRET, 'server-test', 'V01'), problems }],
  };
  return manifestFromJson(JSON.parse(JSON.stringify(manifestToJson(m))));
}

interface LayoutReport {
  pageOverflow: number;
  /** Math whose box leaves its card and that is not inside a focusable scroll region kept inside the card. */
  escaping: string[];
  /** Scroll regions that scroll but cannot be focused or have no name. */
  unreachable: string[];
  overlappingRows: string[];
  shortBrackets: string[];
  matrices: number;
  scrollers: number;
}

/** Runs in the page: measures the math against its cards. */
function measure(): LayoutReport {
  const r: LayoutReport = { pageOverflow: 0, escaping: [], unreachable: [], overlappingRows: [], shortBrackets: [], matrices: 0, scrollers: 0 };
  r.pageOverflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').slice(0, 40);
  for (const card of Array.from(document.querySelectorAll('.problem'))) {
    const c = card.getBoundingClientRect();
    for (const math of Array.from(card.querySelectorAll('math'))) {
      const scroller = math.closest('.math-display');
      const box = (scroller ?? math).getBoundingClientRect();
      if (box.left < c.left - 0.5 || box.right > c.right + 0.5) r.escaping.push(`${card.id || card.getAttribute('aria-labelledby')}: ${text(math)}`);
    }
  }
  for (const el of Array.from(document.querySelectorAll('.math-display'))) {
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    r.scrollers++;
    const style = getComputedStyle(el);
    const ok = el.getAttribute('tabindex') === '0' && (el.getAttribute('aria-label') ?? '') !== '' && el.getAttribute('role') !== null && (style.overflowX === 'auto' || style.overflowX === 'scroll');
    if (!ok) r.unreachable.push(text(el));
  }
  for (const table of Array.from(document.querySelectorAll('.statement mtable'))) {
    r.matrices++;
    // A row's extent is its `mtr` box and the boxes of the numbers in it (a glyph box can stick out of a
    // row that has no padding): each row must end above where the next begins.
    const rows = Array.from(table.querySelectorAll(':scope > mtr')).map((row) => {
      const boxes = [row, ...Array.from(row.querySelectorAll('mn, mi, mo, mfrac'))].map((el) => el.getBoundingClientRect()).filter((b) => b.height > 0);
      return {
        top: Math.min(...boxes.map((b) => b.top)),
        bottom: Math.max(...boxes.map((b) => b.bottom)),
        cells: Math.max(...boxes.slice(1).map((b) => b.bottom)),
        next: Math.min(...boxes.slice(1).map((b) => b.top)),
      };
    });
    for (let i = 1; i < rows.length; i++) {
      const above = rows[i - 1]!;
      const below = rows[i]!;
      if (below.top < above.bottom - 0.5 || below.next < above.cells + 1) r.overlappingRows.push(`${text(table)} rows ${i - 1}/${i}: ${above.cells.toFixed(1)} vs ${below.next.toFixed(1)}`);
    }
    // The bracket is the fence just before the table in its row: as tall as the table (within 10 %).
    const fence = table.previousElementSibling;
    if (fence?.tagName.toLowerCase() === 'mo') {
      const t = table.getBoundingClientRect();
      const f = fence.getBoundingClientRect();
      if (f.height < 0.9 * t.height) r.shortBrackets.push(`${text(table)}: bracket ${f.height.toFixed(1)} < table ${t.height.toFixed(1)}`);
    }
  }
  return r;
}

describe.skipIf(!hasChromium)('web math layout in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startTestServer({ manifest: wideManifest() });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it.each([
    ['desktop', 1280],
    ['phone', 390],
  ])('%s (%i px): math stays in its card or scrolls in a focusable region, matrix rows never overlap, axe-core finds nothing', async (name, width) => {
    // bypassCSP lets the test inject axe-core; the page itself runs no script.
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const v = s.manifest.versions[0]!;
    expect((await page.goto(`${s.url}/q/${v.token}`))?.status()).toBe(200);
    await page.evaluate(() => document.fonts.ready);
    const report = await page.evaluate(measure);
    await page.screenshot({ path: join(SHOTS, `math-${name}.png`), fullPage: true });
    // The widest statements on their own (the separate and the concatenated LSTM, the 3×7 GRU).
    for (const i of [3, 4, 5])
      await page
        .locator('.statement')
        .nth(i)
        .screenshot({ path: join(SHOTS, `math-${name}-p${i + 1}.png`) });
    expect(report.matrices).toBeGreaterThan(30);
    expect(report.pageOverflow).toBeLessThanOrEqual(0);
    expect(report.escaping).toEqual([]);
    expect(report.unreachable).toEqual([]);
    expect(report.overlappingRows).toEqual([]);
    expect(report.shortBrackets).toEqual([]);

    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((x) => `${x.id} (${x.nodes.length}): ${JSON.stringify(x.nodes.slice(0, 3).map((n) => n.target))}`);
    });
    expect(violations).toEqual([]);
    await context.close();
  });
});
