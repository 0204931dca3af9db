/// <reference lib="dom" />
/**
 * The dashboard of a roster build in Chromium: the students page lists every
 * student; revoking a student's link makes it a 404 for the student's browser,
 * re-issuing shows a new link that opens the exam while the old one stays
 * dead; extra time moves the time left shown; the students page redirects
 * without a session; axe finds nothing on the roster pages.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { rosterManifest } from '../support/roster-manifest.js';
import { ROSTER_ADMIN, startRosterServer, type RosterServer } from '../support/roster-server.js';
import { axeViolations, type Browsers, hasChromium, launchBrowsers, SHOTS, signIn, VIEWPORT } from './dashboard-helpers.js';

describe.skipIf(!hasChromium)('instructor dashboard of a roster build', () => {
  let s: RosterServer;
  let browser: Browser;
  let studentBrowser: Browser;
  let browsers: Browsers | undefined;
  beforeAll(async () => {
    s = await startRosterServer(rosterManifest({ students: 4, rules: { kind: 'exam', time_limit: 30 } }), false);
    browsers = await launchBrowsers();
    ({ instructor: browser, student: studentBrowser } = browsers);
  });
  afterAll(async () => {
    await browsers?.close();
    await s?.close();
  });

  it('redirects the students page and its forms without a session', async () => {
    for (const [method, path] of [
      ['GET', '/instructor/students'],
      ['POST', '/instructor/students/s01/revoke'],
      ['POST', '/instructor/students/s01/reissue'],
      ['POST', '/instructor/students/s01/extend'],
    ] as const) {
      const res = await fetch(`${s.url}${path}`, { method, redirect: 'manual' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/instructor/sign-in']);
    }
    expect((await s.store.studentState('s01')).revoked).toBe(false);
  });

  it('revokes and re-issues a link (the old one is then a 404), extends a student’s time, and passes axe', async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    const page = await ctx.newPage();
    await signIn(page, s.url, ROSTER_ADMIN);
    const student = await (await studentBrowser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT })).newPage();
    const s1 = s.manifest.students!.find((x) => x.id === 's01')!;
    const s2 = s.manifest.students!.find((x) => x.id === 's02')!;
    expect((await student.goto(`${s.url}/q/${s1.token}`))?.status()).toBe(200);
    expect((await student.goto(`${s.url}/q/${s2.token}`))?.status()).toBe(200); // s02's 30 minutes start now

    // The overview shows both students with their time left (30 min, less the seconds since they opened).
    await page.goto(`${s.url}/instructor`);
    const s2Row = page.locator('#activity tbody tr', { hasText: 's02' });
    expect(await s2Row.locator('td').first().innerText()).toBe('V02');
    expect(await page.locator('#live table').first().locator('tbody tr', { hasText: 'V02' }).locator('td').nth(1).innerText()).toBe('1'); // opened
    expect(await s2Row.locator('td').last().innerText()).toMatch(/^(29 min \d+ s|30 min 0 s)$/);

    await page.getByRole('link', { name: 'Students' }).click();
    expect(await page.locator('#students tbody tr').count()).toBe(4);
    const row = (id: string) => page.locator(`#student-${id}`);
    expect(await row('s01').locator('td').nth(2).innerText()).toBe('active');
    await page.screenshot({ path: join(SHOTS, 'dash-students.png'), fullPage: true });

    // Revoke s01: their link is now a 404 in the student's browser.
    await Promise.all([page.waitForURL(/done=revoked/), page.getByRole('button', { name: 'Revoke the link of s01' }).click()]);
    expect(await page.locator('.notice').innerText()).toContain('s01: link revoked');
    expect(await row('s01').locator('td').nth(2).innerText()).toBe('revoked');
    expect((await student.goto(`${s.url}/q/${s1.token}`))?.status()).toBe(404);

    // Re-issue: a new link, shown once; it opens s01's exam, the old one stays a 404.
    await page.getByRole('button', { name: 'Re-issue a link for s01' }).click();
    const newLink = (await page.locator('#new-link').innerText()).trim();
    expect(newLink).toMatch(/\/q\/[\w.-]+$/);
    expect(newLink).not.toContain(s1.token);
    expect(await row('s01').locator('td').nth(2).innerText()).toBe('link #2');
    expect((await student.goto(`${s.url}${new URL(newLink).pathname}`))?.status()).toBe(200);
    expect(await student.locator('body').innerText()).toContain('s01');
    expect((await student.goto(`${s.url}/q/${s1.token}`))?.status()).toBe(404);
    await page.screenshot({ path: join(SHOTS, 'dash-students-reissued.png'), fullPage: true });

    // Print s01's exam again: the version's exam with s01's cover, carrying the new link (not the dead one).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Print the exam of s01 again (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe('exam-V01-s01.pdf');
    const pdfFile = join(SHOTS, 'dash-reprint-s01.pdf');
    await download.saveAs(pdfFile);
    const text = execFileSync('pdftotext', ['-raw', pdfFile, '-']).toString();
    expect(text).toContain('Student 1'); // the cover names the student
    // The link may wrap on the cover: compare without white space.
    expect(text.replace(/\s+/g, '')).toContain(new URL(newLink).pathname);
    expect(text.replace(/\s+/g, '')).not.toContain(s1.token);

    // Extra time for s02: 15 minutes on top of the 30.
    await page.getByLabel('Extra minutes for s02', { exact: true }).fill('15');
    await Promise.all([page.waitForURL(/done=extended/), page.getByRole('button', { name: 'Add time for s02' }).click()]);
    expect((await s.store.studentState('s02')).extraSeconds).toBe(15 * 60);
    expect(await row('s02').locator('td').nth(8).innerText()).toBe('15');
    expect(await row('s02').locator('td').nth(7).innerText()).toMatch(/^(44 min \d+ s|45 min 0 s)$/);
    // Out of range is refused, naming the bounds.
    await page.getByLabel('Extra minutes for s03', { exact: true }).evaluate((el) => el.removeAttribute('max'));
    await page.getByLabel('Extra minutes for s03', { exact: true }).fill('100000');
    await page.getByRole('button', { name: 'Add time for s03' }).click();
    await expect.poll(() => page.locator('.alert').innerText()).toContain('from 1 to 1440');
    expect((await s.store.studentState('s03')).extraSeconds).toBe(0);

    const axeCtx = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, storageState: await ctx.storageState() });
    const axePage = await axeCtx.newPage();
    for (const path of ['/instructor', '/instructor/students', '/instructor/gradebook', '/instructor/paper']) {
      await axePage.goto(`${s.url}${path}`);
      expect([path, await axeViolations(axePage)]).toEqual([path, []]);
    }
    await axePage.goto(`${s.url}/instructor`);
    await axePage.screenshot({ path: join(SHOTS, 'dash-overview-roster.png'), fullPage: true });
    await axeCtx.close();
    await ctx.close();
  }, 120_000);
});
