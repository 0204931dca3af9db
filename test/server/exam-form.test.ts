/**
 * A roster student's exam without script: the form posts `action=save`,
 * `submit` (a confirmation page, no attempt used) and `confirm` (the attempt),
 * each answered with the page and a notice; a rate-limited form post gets the
 * page back with the typed answers and status 429. Also the rules in words at
 * the top of the page (describeRules), one sentence per rule. The same flow in
 * Chromium is in roster-browser.test.ts; this file drives it over HTTP in
 * process, so mutation testing sees it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keyAsResponses } from '../../src/grading/index.js';
import type { Manifest } from '../../src/manifest.js';
import type { Access } from '../../src/rules/access.js';
import { examRules } from '../../src/bank/rules.js';
import { clockTime, describeRules } from '../../server/render-exam.js';
import { rosterManifest } from '../support/roster-manifest.js';
import { startRosterServer, type RosterServer } from '../support/roster-server.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/render-exam.js'),
  () => import('../../server/routes/exam.js'),
);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (url: string, body: Record<string, string> | string, headers: Record<string, string> = FORM) =>
  fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new URLSearchParams(body).toString() });

/** The hidden inputs of a page, [name, value] in page order. */
const hidden = (html: string) => [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);

let server: RosterServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Student s01 (version V01) of a two-problem roster exam; its page address and its version's key. */
async function student(o: { rateLimit?: { perToken: number; perAddress: number; windowMs: number } } = {}): Promise<{ url: string; key: Record<string, string>; manifest: Manifest }> {
  const manifest = rosterManifest({ students: 2, problems: 2 });
  server = await startRosterServer(manifest, o.rateLimit ?? false);
  const seat = manifest.students![0]!;
  const version = manifest.versions.find((v) => v.id === seat.version)!;
  return { url: `${server.url}/q/${encodeURIComponent(seat.token)}`, key: keyAsResponses(version.problems), manifest };
}

describe('the exam form without script', () => {
  it('save keeps the answers, uses no attempt and says so; unreadable answers are counted in the notice and named below', async () => {
    const { url, key } = await student();
    const [first, second] = Object.keys(key);
    const ok = await post(url, { action: 'save', [first!]: key[first!]! });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await ok.text();
    expect(page).toContain('Saved. No attempt was used.');
    expect(page).toContain('Attempts: 0 of 2 used, 2 left.');

    const one = await (await post(url, { action: 'save', [first!]: '[1, 2' })).text();
    expect(one).toContain('Saved. 1 answer cannot be read yet: see the messages below.');
    const two = await (await post(url, { action: 'save', [first!]: '[1, 2', [second!]: '3 +' })).text();
    expect(two).toContain('Saved. 2 answers cannot be read yet: see the messages below.');
    // Reloading shows what was saved last, garbled or not.
    expect(await (await fetch(url)).text()).toContain('value="3 +"');
  });

  it('submit shows the confirmation page (answers as hidden fields, attempts left) and uses no attempt; confirm grades and stores attempt 1', async () => {
    const { url, key } = await student();
    const keys = Object.keys(key);
    const [first] = keys;
    const confirm = await post(url, { action: 'submit', [first!]: key[first!]! });
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('<h2>Submit your answers?</h2>');
    expect(html).toContain('Submitting grades your answers and uses an attempt (2 left). Submit now?');
    expect(html).toContain(`You answered 1 of ${keys.length} boxes.`);
    // Every box of the version travels, in page order, the empty ones empty.
    expect(hidden(html)).toEqual(keys.map((k) => [k, k === first ? key[k]! : '']));
    expect(html).toContain(`action="${new URL(url).pathname}"`);
    expect(await (await fetch(url)).text()).toContain('Attempts: 0 of 2 used, 2 left.');

    const stored = await post(url, { action: 'confirm', ...key });
    expect(stored.status).toBe(200);
    const after = await stored.text();
    expect(after).toContain('Attempt 1 is stored.');
    expect(after).toContain('Attempts: 1 of 2 used, 1 left.');
    expect(await server!.store.count()).toBe(1);
  });

  it('submit with an unreadable answer is refused with 422 before the confirmation page, naming the field; no attempt is used', async () => {
    const { url, key } = await student();
    const [first] = Object.keys(key);
    const res = await post(url, { action: 'submit', [first!]: '[1, 2' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Some answers cannot be read; fix them and submit again. No attempt was used.');
    expect(html).not.toContain('<h2>Submit your answers?</h2>');
    expect(html).toContain('value="[1, 2"'); // what the student typed comes back
    expect(await server!.store.count()).toBe(0);
  });

  it('an unknown action is a 400 page that keeps the answers; a body that is not a form is a 415; a forged token a bare 404', async () => {
    const { url, key } = await student();
    const [first] = Object.keys(key);
    const res = await post(url, { action: 'grade', [first!]: '7' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('unknown action: expected save, submit or confirm');
    expect(html).toContain('value="7"');

    const json = await post(url, JSON.stringify({ action: 'save' }), { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    // A browser that followed a student link gets a page, never JSON.
    expect(json.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const refused = await json.text();
    expect(refused).toContain('Cannot take this request');
    expect(refused).toContain('Send the form as application/x-www-form-urlencoded.');

    const forged = await post(`${url.slice(0, -3)}xyz`, { action: 'save' });
    expect(forged.status).toBe(404);
    const missing = await forged.text();
    expect(missing).toContain('There is no exam page at this address. Check the link printed on your paper.');
    expect(missing).not.toContain('Saved.');
  });

  it('a rate-limited form post gets the page back with status 429 and the answers it carried; other refused requests get JSON', async () => {
    const { url, key } = await student({ rateLimit: { perToken: 2, perAddress: 50, windowMs: 60_000 } });
    const [first] = Object.keys(key);
    for (let i = 0; i < 2; i++) expect((await post(url, { action: 'save', [first!]: '1' })).status).toBe(200);
    const limited = await post(url, { action: 'save', [first!]: '[4, 5]' });
    expect(limited.status).toBe(429);
    const html = await limited.text();
    expect(html).toContain('Too many requests: wait a moment, then press Save again. Nothing you typed is lost.');
    expect(html).toContain('value="[4, 5]"');
    const get = await fetch(url);
    expect(get.status).toBe(429);
    expect(await get.json()).toEqual({ error: 'too many requests: wait a minute and try again' });
  });
});

/** An open exam's access: `left` attempts left, an optional deadline. */
const access = (o: Partial<Access> = {}): Access => ({ phase: 'open', attemptsLeft: 2, canSave: true, canSubmit: true, feedback: 'none', ...o });

describe('the rules in words (describeRules)', () => {
  const opens = '2026-03-12T09:00:00Z';
  const closes = '2026-03-12T11:00:00Z';
  const feedbackLine =
    'While the exam is open, after each submission you see only that your answers were stored; after it closes, you see only that your answers were stored; once the instructor releases the answers, you see full feedback on every answer.';
  const saveLine = 'Save keeps your answers without using an attempt (the page also saves as you type). Submit grades them and uses an attempt.';

  it.each([
    ['both times', { opens, closes }, 'Open from 2026-03-12 09:00 UTC until 2026-03-12 11:00 UTC.'],
    ['closing only', { closes }, 'Open until 2026-03-12 11:00 UTC.'],
    ['opening only', { opens }, 'Opens at 2026-03-12 09:00 UTC.'],
  ])('%s', (_name, times, first) => {
    const rules = { ...examRules({ kind: 'exam' }), ...times };
    expect(describeRules(rules, { limit: 2, counts: 'best' }, access(), 0)).toEqual([first, 'Attempts: 0 of 2 used, 2 left. Your best attempt counts.', feedbackLine, saveLine]);
  });

  it('a time limit, the time left (minutes and seconds), unlimited attempts and the last attempt counting', () => {
    const rules = { ...examRules({ kind: 'exam' }), time_limit: 40 };
    const lines = describeRules(rules, { limit: null, counts: 'last' }, access({ deadline: '2026-03-12T09:40:00Z', secondsLeft: 125, attemptsLeft: null }), 3);
    expect(lines.slice(0, 3)).toEqual([
      'Time limit: 40 minutes from when you first open this page.',
      'Your time ends at 2026-03-12 09:40 UTC: 2 min 5 s left.',
      'Attempts: 3 used, no limit. Your last attempt counts.',
    ]);
  });

  it('no time left is said only while the exam is open; no rule, no sentence', () => {
    const rules = examRules({ kind: 'exam' });
    const closed = describeRules(rules, { limit: 1, counts: 'best' }, access({ phase: 'closed', deadline: closes, secondsLeft: 0, attemptsLeft: 0 }), 1);
    expect(closed).toEqual(['Attempts: 1 of 1 used, 0 left. Your best attempt counts.', feedbackLine, saveLine]);
  });

  it('each feedback level has its own words', () => {
    const rules = { ...examRules({ kind: 'exam' }), feedback: { open: 'score', closed: 'fields', released: 'none' } as const };
    expect(describeRules(rules, { limit: 1, counts: 'best' }, access(), 0)[1]).toBe(
      'While the exam is open, after each submission you see your total score; after it closes, you see which answers are right; once the instructor releases the answers, you see only that your answers were stored.',
    );
  });

  it('clockTime writes every time in UTC to the minute', () => {
    expect(clockTime('2026-03-12T09:40:59.999+02:00')).toBe('2026-03-12 07:40 UTC');
  });
});
