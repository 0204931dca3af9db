/// <reference lib="dom" />
/**
 * The instructor's dashboard in Debian's Chromium: sign in once, watch a
 * submission made by a second browser appear on the live overview, release
 * one version's answers and see the student page show them, download the
 * gradebook, grade pasted paper sheets into it, sign out. Every page is
 * checked with axe-core and screenshotted at 1280 px (tmp/screenshots/dash-*.png).
 * Without a session every instructor page redirects to sign-in; a form post
 * without the session's CSRF token is refused and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { answerSets, startTestServer, TEST_ADMIN, type TestServer } from './fixture.js';

import { axeViolations, type Browsers, hasChromium, launchBrowsers, INSTRUCTOR_PAGES, SHOTS, signIn, VIEWPORT } from './dashboard-helpers.js';

describe.skipIf(!hasChromium)('instructor dashboard in Chromium', () => {
  let s: TestServer;
  let browser: Browser;
  let studentBrowser: Browser;
  let browsers: Browsers | undefined;
  beforeAll(async () => {
    s = await startTestServer();
    browsers = await launchBrowsers();
    ({ instructor: browser, student: studentBrowser } = browsers);
  });
  afterAll(async () => {
    await browsers?.close();
    await s?.close();
  });

  it('without a session every instructor page redirects to sign-in, and the root is a landing page', async () => {
    for (const path of INSTRUCTOR_PAGES) {
      const res = await fetch(`${s.url}${path}`, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/instructor/sign-in']);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    for (const path of ['/instructor/release', '/instructor/paper', '/instructor/sign-out']) {
      const res = await fetch(`${s.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=release&confirm=yes&all=1' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/instructor/sign-in']);
    }
    // A forged session cookie is no session.
    const forged = await fetch(`${s.url}/instructor`, { redirect: 'manual', headers: { cookie: 'rq_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(forged.status).toBe(303);
    expect(await s.store.releasedVersions()).toEqual(new Set());
    const root = await fetch(`${s.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await root.text();
    expect(html).toContain('href="/instructor"');
    expect(html).toContain('printed on your exam paper');
  });

  it('signs in, watches a submission appear, releases one version, downloads the gradebook, grades paper sheets and signs out; axe finds nothing', async () => {
    const ctx: BrowserContext = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, bypassCSP: false });
    const page = await ctx.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/.test(m.text())) cspErrors.push(m.text());
    });
    const shots: string[] = [];
    const look = async (name: string) => {
      await page.screenshot({ path: join(SHOTS, `dash-${name}.png`), fullPage: true });
      shots.push(name);
    };

    // A wrong token is refused on the page, with no session made.
    await page.goto(`${s.url}/instructor/sign-in`);
    await look('sign-in');
    await page.getByLabel('Admin token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.alert').innerText()).toContain('not the admin token');
    expect((await ctx.cookies()).find((c) => c.name === 'rq_session')).toBeUndefined();

    await signIn(page, s.url, TEST_ADMIN);
    expect(new URL(page.url()).pathname).toBe('/instructor');
    expect(page.url()).not.toContain(TEST_ADMIN);
    const cookie = (await ctx.cookies()).find((c) => c.name === 'rq_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/instructor' });
    expect(cookie?.value).not.toContain(TEST_ADMIN);
    expect(await page.locator('#activity-empty').count()).toBe(1);
    await look('overview-empty');

    // A student, in a second browser with no script, submits version V01: the open overview shows it without a reload.
    const v1 = s.manifest.versions[0]!;
    const v2 = s.manifest.versions[1]!;
    const { key } = answerSets(v1);
    const student = await (await studentBrowser.newContext({ javaScriptEnabled: false, viewport: VIEWPORT })).newPage();
    await student.goto(`${s.url}/q/${v1.token}`);
    await student.getByLabel('Student ID').fill('ana');
    await student.getByLabel('p2.total').fill(key['p2.total']!);
    await student.getByLabel('p1.a1').fill(key['p1.a1']!);
    await student.getByLabel('p1.h1').fill(key['p1.h1']!);
    await Promise.all([student.waitForNavigation(), student.getByRole('button', { name: 'Submit answers' }).click()]);
    expect(await student.locator('.key').count()).toBe(0);
    const anaRow = page.locator('#activity tbody tr', { hasText: 'ana' });
    await anaRow.waitFor({ timeout: 15_000 });
    expect(await anaRow.locator('td').nth(0).innerText()).toBe('V01');
    expect(await anaRow.locator('td').nth(3).innerText()).toBe('1'); // attempts
    const v01 = page.locator('#live table').first().locator('tbody tr', { hasText: 'V01' });
    expect((await v01.locator('td').allInnerTexts()).slice(0, 5)).toEqual(['1', '0', '0', '1', '1']);
    await look('overview');

    // Release V01 only: the confirmation is required first.
    await page.getByRole('link', { name: 'Release answers' }).click();
    await page.getByLabel('V01').check();
    await page.getByRole('button', { name: 'Release answers' }).click(); // the browser stops it: the box is required
    expect(await s.store.releasedVersions()).toEqual(new Set());
    await page.getByLabel('I confirm').check();
    await Promise.all([page.waitForURL(/changed=release/), page.getByRole('button', { name: 'Release answers' }).click()]);
    expect(await page.locator('.notice').innerText()).toContain('Answers released');
    expect(await s.store.releasedVersions()).toEqual(new Set(['V01']));
    await look('release');
    await student.goto(`${s.url}/q/${v1.token}`);
    expect(await student.locator('.key').count()).toBe(Object.keys(key).length);
    expect(await student.locator('.key code').first().innerText()).toBe(key['p1.a1']);
    await student.goto(`${s.url}/q/${v2.token}`);
    expect(await student.locator('.key').count()).toBe(0);

    // Paper sheets pasted into the page are graded into the gradebook.
    const k2 = answerSets(v2).key;
    await page.getByRole('link', { name: 'Paper results' }).click();
    await page.getByLabel('Answer sheets (CSV)').fill(`student_id,version,p2.total,p2.recurrent\nbob,V02,${k2['p2.total']},${k2['p2.recurrent']}\ncy,V09,1,2\n`);
    await page.getByRole('button', { name: 'Grade and store' }).click();
    await expect.poll(() => page.locator('[role="status"]').last().innerText()).toContain('1 sheet graded and stored; 1 row not graded');
    await look('paper');

    // The gradebook: both results, sortable by score without script, and downloadable.
    await page.getByRole('link', { name: 'Gradebook' }).click();
    const gradebook = page.locator('#gradebook tbody tr');
    expect(await gradebook.count()).toBe(2);
    await page.getByRole('link', { name: /^score/ }).click();
    expect(await page.locator('#gradebook thead th[aria-sort="ascending"]').innerText()).toContain('score');
    expect(await gradebook.first().locator('td').nth(1).innerText()).toBe('bob'); // 2 points < ana's 3
    await page.getByRole('link', { name: /^score/ }).click();
    expect(await gradebook.first().locator('td').nth(1).innerText()).toBe('ana');
    await look('gradebook');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the gradebook (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('gradebook.csv');
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^version,student,attempts,counted_attempt,score,max,percent,last_submitted,/);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual(['V01,ana,1,1,3', 'V02,bob,1,1,2']);

    // Item analysis: the report's histogram and tables, styled by the scoped report CSS.
    await page.getByRole('link', { name: 'Item analysis' }).click();
    expect(await page.locator('.report svg.histogram').count()).toBe(1);
    expect(await page.locator('.report .card .value').first().innerText()).toBe('2');
    await look('analysis');

    // axe-core on every instructor page, signed in (a context that lets the test inject axe's source).
    const axeCtx = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, storageState: await ctx.storageState() });
    const axePage = await axeCtx.newPage();
    for (const path of ['/', '/instructor/sign-in?x', '/instructor', '/instructor/gradebook', '/instructor/analysis', '/instructor/release', '/instructor/paper', '/instructor/no-such-page']) {
      await axePage.goto(`${s.url}${path}`);
      expect([path, await axeViolations(axePage)]).toEqual([path, []]);
    }
    await axeCtx.close();

    // Sign out: back to the landing page; the old session cookie no longer opens anything.
    const sessionId = (await ctx.cookies()).find((c) => c.name === 'rq_session')!.value;
    await Promise.all([page.waitForURL(`${s.url}/`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await look('landing');
    await page.goto(`${s.url}/instructor/gradebook`);
    expect(new URL(page.url()).pathname).toBe('/instructor/sign-in');
    const stale = await fetch(`${s.url}/instructor`, { redirect: 'manual', headers: { cookie: `rq_session=${sessionId}` } });
    expect(stale.status).toBe(303);
    expect(cspErrors).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('refuses a form post without the session’s CSRF token and changes nothing', async () => {
    // Sign in with plain HTTP, as a browser would: the sign-in form's own token, then the session cookie.
    const form = await fetch(`${s.url}/instructor/sign-in`);
    const signInCookie = /rq_signin=([\w-]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const signInCsrf = /name="_csrf" value="([\w-]+)"/.exec(await form.text())![1]!;
    expect(signInCsrf).toBe(signInCookie);
    // The sign-in form itself needs its token.
    const noToken = await fetch(`${s.url}/instructor/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `rq_signin=${signInCookie}` },
      body: `token=${TEST_ADMIN}`,
    });
    expect(noToken.status).toBe(403);
    const signed = await fetch(`${s.url}/instructor/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `rq_signin=${signInCookie}` },
      body: `_csrf=${signInCsrf}&token=${TEST_ADMIN}`,
    });
    expect(signed.status).toBe(303);
    const setCookie = signed.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/rq_session=[\w-]{43}; Path=\/instructor; HttpOnly; SameSite=Strict/);
    const cookie = `rq_session=${/rq_session=([\w-]+)/.exec(setCookie)![1]}`;
    // Without script the overview still refreshes itself (a <noscript> meta refresh); with it, the same-origin script does.
    const overviewHtml = await (await fetch(`${s.url}/instructor`, { headers: { cookie } })).text();
    expect(overviewHtml).toContain('<noscript><meta http-equiv="refresh" content="3"></noscript>');
    expect(overviewHtml).toContain('<script src="/static/dashboard.js" defer></script>');
    const releaseForm = await fetch(`${s.url}/instructor/release`, { headers: { cookie } });
    expect(releaseForm.headers.get('cache-control')).toBe('no-store');
    const csrf = /name="_csrf" value="([\w-]+)"/.exec(await releaseForm.text())![1]!;

    const before = await s.store.releasedVersions();
    const post = (body: string) => fetch(`${s.url}/instructor/release`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body });
    for (const body of ['action=hide&confirm=yes&all=1', `_csrf=${csrf}x&action=hide&confirm=yes&all=1`, `_csrf=&action=hide&confirm=yes&all=1`, `_csrf=${signInCsrf}&action=hide&confirm=yes&all=1`]) {
      const res = await post(body);
      expect([body, res.status]).toEqual([body, 403]);
      expect(await res.text()).toContain('Nothing was changed');
    }
    expect(await s.store.releasedVersions()).toEqual(before);
    // The same post with the token goes through.
    const ok = await post(`_csrf=${csrf}&action=release&confirm=yes&versions=V02`);
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/instructor/release?changed=release']);
    expect(await s.store.releasedVersions()).toEqual(new Set([...before, 'V02']));
    // A version the manifest does not have is named, not ignored.
    const bad = await post(`_csrf=${csrf}&action=release&confirm=yes&versions=V77`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('no version &quot;V77&quot; in the manifest');
  });
});
