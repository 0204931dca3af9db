/**
 * Choice mode in Chromium: a click on an option autosaves its letter (the page
 * script posts the checked radio), a reload shows it checked, axe finds nothing.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { startRosterServer } from '../support/roster-server.js';
import { ROSTER_SECRET } from '../support/roster-manifest.js';
import { ARGS, CHROMIUM, SHOTS, axeViolations, hasChromium } from './dashboard-helpers.js';
import { choiceFields, choiceManifest } from './choice-fixture.js';

describe.skipIf(!hasChromium)('choice mode in Chromium', () => {
  it('autosaves a clicked option (the page script posts the checked letter), shows it checked after a reload, and passes axe', async () => {
    const manifest = choiceManifest(ROSTER_SECRET, 's01');
    const s = await startRosterServer(manifest, false);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const token = manifest.students![0]!.token;
      const field = choiceFields(manifest.versions[0]!)[0]!;
      const id = `f-${field.key.replace('.', '-')}`;
      const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
      await page.goto(`${s.url}/q/${token}`, { waitUntil: 'domcontentloaded' });
      // The whole label (letter and value) selects its option.
      await page.locator(`label[for="${id}-${field.wrong}"]`).click();
      expect(await page.locator(`#${id}-${field.wrong}`).isChecked()).toBe(true);
      await page
        .locator('#save-status')
        .filter({ hasText: /^Saved / })
        .waitFor({ timeout: 15_000 });
      await page.reload({ waitUntil: 'domcontentloaded' });
      expect(await page.locator(`#${id}-${field.wrong}`).isChecked()).toBe(true);
      expect(await page.locator(`input[name="${field.key}"]:checked`).count()).toBe(1);
      mkdirSync(SHOTS, { recursive: true });
      await page.locator(`#${id}-A`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'choice-page.png') });
      const axePage = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, bypassCSP: true })).newPage();
      await axePage.goto(`${s.url}/q/${token}`, { waitUntil: 'domcontentloaded' });
      expect(await axeViolations(axePage)).toEqual([]);
    } finally {
      await browser.close();
      await s.close();
    }
  });
});
