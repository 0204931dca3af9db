/// <reference lib="dom" />
/**
 * A roster of 30 in Chromium (playwright-core, 127.0.0.1 only), with a clock
 * the test controls: every student opens their own link, sees their name and
 * the rules, types (autosave), reloads and finds the answers, submits after
 * confirming; Enter never submits; an unreadable answer comes back with its
 * format error and uses no attempt; without script the confirmation is a
 * page; then time runs out and the exam closes, and a refused post keeps the
 * answers on the page. Screenshots go to tmp/screenshots/. The paper is the
 * midterm's first two problems: what is tested is who answers and when, and
 * Chromium lays out a whole paper's math in about 1 s a page on 2 cores.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { rosterManifest } from '../support/roster-manifest.js';
import { startRosterServer, type RosterServer } from '../support/roster-server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(process.cwd(), 'tmp', 'screenshots');
/** The exam opened 5 minutes before the test started and closes 2 hours after. */
const START = Date.now();
const iso = (t: number) => new Date(t).toISOString();

describe.skipIf(!hasChromium)('a roster of 30 in Chromium', () => {
  let s: RosterServer;
  let browser: Browser;
  const manifest = rosterManifest({
    students: 30,
    problems: 2,
    attempts: { limit: 2, counts: 'last' },
    rules: { kind: 'exam', opens: iso(START - 5 * 60_000), closes: iso(START + 2 * 3600_000), time_limit: 30 },
  });
  const students = manifest.students!;
  const attemptsOf = async (id: string) => (await s.store.attemptsOf(`student:${id}`)).length;

  beforeAll(async () => {
    s = await startRosterServer(manifest);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function open(i: number, javaScriptEnabled = true, desk?: Page): Promise<Page> {
    const page = desk ?? (await (await browser.newContext({ javaScriptEnabled, viewport: { width: 1000, height: 900 } })).newPage());
    const res = await page.goto(`${s.url}/q/${students[i]!.token}`, { waitUntil: 'domcontentloaded' });
    expect(res?.status()).toBe(200);
    return page;
  }

  it('each student opens their own link, saves, reloads, finds the answers, and submits after confirming', async () => {
    // Two desks, as in a room where students take turns at the machines: each desk is one
    // browser tab whose cookies are cleared between students (a new tab starts a renderer
    // process, ~1 s of the 2 cores here).
    let next = 0;
    const desk = async (): Promise<void> => {
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      for (let i = next++; i < students.length; i = next++) {
        await context.clearCookies();
        await takeExam(i, page);
      }
      await context.close();
    };
    await Promise.all([desk(), desk()]);
    for (const st of students)
      expect((await s.store.attemptsOf(`student:${st.id}`)).map((a) => [a.student, a.answers['p1.h1']])).toEqual([[st.id, `[${students.indexOf(st)}, ${students.indexOf(st) + 1}]`]]);
  }, 900_000);

  /** One student's exam: open, autosave, reload, submit after confirming. */
  async function takeExam(i: number, desk: Page): Promise<void> {
    const st = students[i]!;
    const page = await open(i, true, desk);
    expect(await page.locator('#rules h2').innerText()).toBe(`${st.name} (${st.id})`);
    expect(await page.locator('#rules').innerText()).toContain('Attempts: 0 of 2 used, 2 left. Your last attempt counts.');
    expect(await page.locator('#rules').innerText()).toMatch(/Your time ends at \d{4}-\d\d-\d\d \d\d:\d\d UTC: (30 min 0|29 min 5\d) s left/);
    const answer = `[${i}, ${i + 1}]`;
    await page.locator('input[name="p1.h1"]').fill(answer);
    await page.locator('input[name="p1.h1"]').press('Enter'); // saves now (the autosave would, 2 s later)
    await expect.poll(() => page.locator('#save-status').innerText(), { timeout: 20_000 }).toMatch(/^Saved /);
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await page.locator('input[name="p1.h1"]').inputValue()).toBe(answer);
    if (i === 0) await page.screenshot({ path: join(SHOTS, 'roster-student.png'), fullPage: false });
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.locator('#submit').click()]);
    expect(asked).toMatch(/uses an attempt \(2 left\)/);
    expect(await page.locator('#notice').innerText()).toBe('Attempt 1 is stored.');
    expect(await page.locator('#score').innerText()).not.toMatch(/Score/); // feedback none: nothing about correctness
    expect(await page.locator('input[name="p1.h1"]').inputValue()).toBe(answer);
  }

  it('Enter in a box never submits; declining the confirmation submits nothing', async () => {
    const page = await open(0);
    await page.locator('input[name="p1.h2"]').fill('[3, 4]');
    await page.locator('input[name="p1.h2"]').press('Enter');
    await expect.poll(() => page.locator('#save-status').innerText(), { timeout: 10_000 }).toMatch(/^Saved /);
    page.once('dialog', (d) => void d.dismiss());
    await page.locator('#submit').click();
    await page.waitForTimeout(300);
    expect(await attemptsOf(students[0]!.id)).toBe(1);
    expect((await s.store.draftOf(`student:${students[0]!.id}`))?.answers['p1.h2']).toBe('[3, 4]');
    await page.context().close();
  });

  it('shows an unreadable answer back with its format error and uses no attempt', async () => {
    const page = await open(1);
    await page.locator('input[name="p1.h1"]').fill('[1, 2, 3]');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(/\/q\//), page.locator('#submit').click()]);
    expect(await page.locator('.format-error').first().innerText()).toBe('Cannot read this answer: expected a vector of 2 numbers, got 3 numbers');
    expect(await page.locator('input[name="p1.h1"]').inputValue()).toBe('[1, 2, 3]');
    expect(await page.locator('#rules').innerText()).toContain('Attempts: 1 of 2 used, 1 left.');
    expect(await attemptsOf(students[1]!.id)).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'roster-unreadable.png') });
    await page.context().close();
  });

  it('without script: Enter saves, and Submit asks on a page of its own', async () => {
    const page = await open(2, false);
    await page.locator('input[name="p1.h1"]').fill('[7, 7]');
    await Promise.all([page.waitForURL(/\/q\//), page.locator('input[name="p1.h1"]').press('Enter')]);
    expect(await page.locator('#notice').innerText()).toBe('Saved. No attempt was used.');
    expect(await attemptsOf(students[2]!.id)).toBe(1);
    await Promise.all([page.waitForURL(/\/q\//), page.locator('#submit').click()]);
    expect(await page.locator('#confirm h2').innerText()).toBe('Submit your answers?');
    await Promise.all([page.waitForURL(/\/q\//), page.locator('#confirm-submit').click()]);
    expect(await page.locator('#notice').innerText()).toBe('Attempt 2 is stored.');
    expect(await attemptsOf(students[2]!.id)).toBe(2);
    await page.context().close();
  });

  it('runs out of time: the page says so, a stale form post is refused with the answers kept; then the exam closes', async () => {
    const page = await open(3, false);
    await page.locator('input[name="p1.h1"]').fill('[5, 5]');
    s.clock.offsetMs = 31 * 60_000; // 30 minutes from the first open ran out (the exam itself is still open)
    await Promise.all([page.waitForURL(/\/q\//), page.locator('#submit').click()]);
    expect(await page.locator('#form-error').innerText()).toBe('Your time is up.');
    expect(await page.locator('input[name="p1.h1"]').inputValue()).toBe('[5, 5]');
    expect(await page.locator('#submit').count()).toBe(0);
    expect(await attemptsOf(students[3]!.id)).toBe(1);
    s.clock.offsetMs = 2 * 3600_000 + 60_000;
    await page.reload();
    expect(await page.locator('#rules li').first().innerText()).toBe('The exam is closed.');
    expect(await page.locator('#save').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'roster-closed.png') });
    await page.context().close();
  });
});
