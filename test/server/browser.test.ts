/// <reference lib="dom" />
/**
 * The student page in Debian's Chromium (playwright-core, headless, no
 * network beyond 127.0.0.1): math drawn as MathML with a real size, the form
 * used by keyboard, right / wrong / carried-forward / garbled answers
 * submitted without any client script, feedback read back from the page.
 * Screenshots (before and after) go to tmp/ for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { answerSets, startTestServer, type TestServer } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the browser test: ${CHROMIUM} is absent (apt-get install -y chromium)`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(process.cwd(), 'tmp', 'screenshots');

describe.skipIf(!hasChromium)('student page in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('renders math, takes keyboard input, submits without script and shows the feedback', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text());
    });
    const v = s.manifest.versions[0]!;
    const { key, carried, wrongA1 } = answerSets(v);
    const res = await page.goto(`${s.url}/q/${v.token}`);
    expect(res?.status()).toBe(200);

    // MathML is laid out natively: a block <math> with a non-zero box.
    const math = page.locator('.statement math[display="block"]').first();
    const box = await math.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(50);
    expect(box?.height ?? 0).toBeGreaterThan(10);
    // The stylesheet loaded (same origin, allowed by the CSP).
    expect(await page.locator('button[type="submit"]').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(11, 87, 208)');
    // Every field is reachable by its label.
    expect(await page.getByLabel('p1.h2').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'student-before.png'), fullPage: true });
    await page
      .locator('.statement')
      .first()
      .screenshot({ path: join(SHOTS, 'statement-p1.png') });

    // Keyboard: focus the first answer, see the focus ring, type, Tab to the next.
    await page.getByLabel('p1.a1').focus();
    expect(await page.getByLabel('p1.a1').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.type(wrongA1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('p1.h1');
    await page.keyboard.type(carried['p1.h1']!); // wrong h1 …
    await page.getByLabel('p1.a2').fill(carried['p1.a2']!); // … and a2 right given it: carried forward
    await page.getByLabel('p1.y1').fill('[1, 2'); // garbled
    await page.getByLabel('p2.total').fill(key['p2.total']!); // right
    await page.getByLabel('p2.recurrent').fill(key['p2.recurrent']!); // right
    await page.getByLabel('Student ID').fill('ana');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Submit answers' }).press('Enter')]);

    const status = (name: string) => page.locator(`#f-${name.replace('.', '-')}-feedback`).getAttribute('data-status');
    expect(await status('p2.total')).toBe('correct');
    expect(await status('p2.recurrent')).toBe('correct');
    expect(await status('p1.a1')).toBe('incorrect');
    expect(await status('p1.a2')).toBe('carried');
    expect(await status('p1.y1')).toBe('unreadable');
    expect(await status('p1.o2')).toBe('blank');
    expect(await page.locator('#f-p1-a2-feedback').innerText()).toContain('right given your own earlier answers');
    expect(await page.locator('#f-p1-y1-feedback').innerText()).toMatch(/Could not read/);
    expect(await page.locator('#score h2').innerText()).toBe('Score: 3.5 / 13');
    expect(await page.getByLabel('p1.y1').inputValue()).toBe('[1, 2'); // typed answers stay
    expect(await page.locator('.key').count()).toBe(0); // no key before release
    await page.screenshot({ path: join(SHOTS, 'student-after.png'), fullPage: true });
    expect(violations).toEqual([]);
    await context.close();
  });
});
