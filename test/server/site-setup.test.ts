/**
 * What the site checks when it starts (every token signed with this server's
 * secret, a roster build has a build id) and how the anonymous page answers a
 * form it cannot take: not a form (415 page), a bad id (400 page, the key
 * still shown once released), a store that cannot write (503 page, answers
 * kept, no key). A memory store with a submit that fails on demand stands in
 * for a full disk.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/logging.js';
import { createSite } from '../../server/site.js';
import { createRosterSite, reissueStudent, type RosterSite } from '../../server/roster.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../../server/errors.js';
import { StoreUnavailableError, type SubmissionStore } from '../../src/store/index.js';
import { keyAsResponses } from '../../src/grading/index.js';
import type { ManifestVersion } from '../../src/manifest.js';
import { memoryStore } from '../support/memory-store.js';
import { ROSTER_SECRET, rosterManifest } from '../support/roster-manifest.js';
import { TEST_ADMIN, TEST_SECRET, testManifest } from './fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/app.js'));

const WRONG_SECRET = 'another-secret-0123456789abcdef';

describe('the site refuses a manifest signed with another secret', () => {
  it('names the first version whose token does not verify', () => {
    expect(() => createSite(testManifest(), WRONG_SECRET, memoryStore())).toThrow(
      "version V01: its token was not signed with this server's secret (set RNNQUIZ_SECRET or run from the folder whose .rnnquiz/secret built the exam)",
    );
  });

  it('names the first roster student whose token does not verify', () => {
    const manifest = rosterManifest({ students: 2, problems: 1 });
    const forged = { ...manifest, versions: manifest.versions, students: manifest.students!.map((s, i) => (i === 1 ? { ...s, token: manifest.students![0]!.token } : s)) };
    expect(() => createRosterSite(forged, ROSTER_SECRET, memoryStore())).toThrow(
      "student s02: the token was not signed with this server's secret (set RNNQUIZ_SECRET or run from the folder whose .rnnquiz/secret built the exam)",
    );
  });

  it('a roster build needs its build id; a build without students is no roster site', () => {
    const { buildId: _dropped, ...noId } = rosterManifest({ students: 1, problems: 1 });
    expect(() => createRosterSite(noId, ROSTER_SECRET, memoryStore())).toThrow('manifest: a roster build must have a buildId');
    expect(createRosterSite(testManifest(), TEST_SECRET, memoryStore())).toBeUndefined();
  });
});

describe('the attempt rules the site applies', () => {
  it('are the bank’s, or unlimited with the last attempt counting when the bank set none (anonymous and roster builds alike)', () => {
    expect(createSite(testManifest(), TEST_SECRET, memoryStore()).attempts).toEqual({ limit: null, counts: 'last' });
    expect(createSite(testManifest({ attempts: { limit: 2, counts: 'best' } }), TEST_SECRET, memoryStore()).attempts).toEqual({ limit: 2, counts: 'best' });
    const { attempts: _unset, ...noRules } = rosterManifest({ students: 2 });
    expect(createRosterSite(noRules, ROSTER_SECRET, memoryStore())!.attempts).toEqual({ limit: null, counts: 'last' });
    expect(createRosterSite(rosterManifest({ students: 2, attempts: { limit: 3, counts: 'best' } }), ROSTER_SECRET, memoryStore())!.attempts).toEqual({ limit: 3, counts: 'best' });
  });

  it('reads a roster manifest without rules (an older build) as a practice set with full feedback', () => {
    const { rules: _none, ...older } = rosterManifest({ students: 1, problems: 1 });
    expect(createRosterSite(older, ROSTER_SECRET, memoryStore())!.rules).toEqual({ kind: 'practice', feedback: { open: 'full', closed: 'full', released: 'full' } });
  });
});

describe('tokens the site accepts', () => {
  it('an anonymous build opens by version tokens; a forged or unknown one is a bare 404, however often it is tried', () => {
    const manifest = testManifest();
    const site = createSite(manifest, TEST_SECRET, memoryStore());
    const v2 = manifest.versions[1]!;
    expect(site.versionOf(v2.token).id).toBe('V02');
    expect(site.versionOf(v2.token).id).toBe('V02'); // the second time from the cache of genuine tokens
    for (const token of [`${v2.token}x`, 'nonsense', '']) {
      for (let i = 0; i < 2; i++) expect(() => site.versionOf(token)).toThrow(expect.objectContaining({ status: 404, message: 'not found' }));
    }
  });

  it("a roster build opens by students' own tokens only: its version tokens are a bare 404", () => {
    const manifest = rosterManifest({ students: 1, problems: 1 });
    const site = createSite(manifest, ROSTER_SECRET, memoryStore());
    expect(() => site.versionOf(manifest.versions[0]!.token)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('counts a request against its token only when the token is genuine (rate limits): a version token on an anonymous build, a student token on a roster build', () => {
    const anonymous = createSite(testManifest(), TEST_SECRET, memoryStore());
    const v1 = anonymous.manifest.versions[0]!.token;
    expect(anonymous.limitKeyOf(v1)).toBe(`v:${v1}`);
    expect(anonymous.limitKeyOf(`${v1}x`)).toBeNull();
    const manifest = rosterManifest({ students: 1, problems: 1 });
    const roster = createSite(manifest, ROSTER_SECRET, memoryStore());
    const own = manifest.students![0]!.token;
    expect(roster.limitKeyOf(own)).toBe(`s:${own}`);
    expect(roster.limitKeyOf(manifest.versions[0]!.token)).toBeNull();
    expect(roster.limitKeyOf(`${own.slice(0, -1)}${own.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
  });

  it('refuses a manifest whose version tokens were swapped: each must open its own version', () => {
    const manifest = testManifest();
    const [a, b] = manifest.versions as [ManifestVersion, ManifestVersion];
    const swapped = {
      ...manifest,
      versions: [
        { ...a, token: b.token },
        { ...b, token: a.token },
      ],
    };
    expect(() => createSite(swapped, TEST_SECRET, memoryStore())).toThrow('version V01: its token was not signed');
  });

  it('reissuing a student outside the roster is a 404 naming them (the id cut to 64 characters)', async () => {
    const site = createRosterSite(rosterManifest({ students: 1, problems: 1 }), ROSTER_SECRET, memoryStore()) as RosterSite;
    await expect(reissueStudent(site, 'zz')).rejects.toMatchObject({ status: 404, message: 'no student "zz" in the roster' });
    await expect(reissueStudent(site, 'x'.repeat(100))).rejects.toMatchObject({ message: `no student "${'x'.repeat(64)}" in the roster` });
    expect(await reissueStudent(site, 's01')).toMatchObject({ generation: 1 });
  });
});

describe('the anonymous page refuses what it cannot take', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** The app over a memory store whose submit fails with StoreUnavailableError while `failing.on`. */
  async function start(): Promise<{ url: string; failing: { on: boolean; crash?: boolean }; store: SubmissionStore; token: string; key: Record<string, string> }> {
    const manifest = testManifest();
    const failing: { on: boolean; crash?: boolean } = { on: false };
    const base = memoryStore();
    const store: SubmissionStore = Object.assign(Object.create(base) as SubmissionStore, {
      submit: (...args: Parameters<SubmissionStore['submit']>) =>
        failing.crash ? Promise.reject(new Error('a bug at /srv/store.js:1')) : failing.on ? Promise.reject(new StoreUnavailableError('SQLITE_FULL: database or disk is full')) : base.submit(...args),
    });
    const app = createApp({ site: createSite(manifest, TEST_SECRET, store), adminToken: TEST_ADMIN, log: createLogger({ quiet: true, writeError: () => {} }), rateLimit: false });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const v1 = manifest.versions[0]!;
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/q/${v1.token}`, failing, store, token: v1.token, key: keyAsResponses(v1.problems) };
  }
  const form = (url: string, body: string, type = 'application/x-www-form-urlencoded') => fetch(url, { method: 'POST', headers: { 'content-type': type }, body });

  it('a body that is not a form gets the "Unsupported form" page (415)', async () => {
    const { url } = await start();
    const r = await form(url, '{"p1.h1": "1"}', 'application/json');
    expect(r.status).toBe(415);
    const html = await r.text();
    expect(html).toContain('Unsupported form');
    expect(html).toContain('Send the form as application/x-www-form-urlencoded.');
  });

  it('a store that cannot write: a 503 page saying nothing was saved, the typed answers kept, no key even once released', async () => {
    const { url, failing, store } = await start();
    await store.setReleased(['V01'], true);
    failing.on = true;
    const r = await form(url, 'student=ana&p1.h1=%5B7%2C+8%5D');
    expect(r.status).toBe(503);
    const html = await r.text();
    expect(html).toContain(STORE_UNAVAILABLE_MESSAGE);
    expect(html).toContain('value="[7, 8]"');
    expect(html).toContain('value="ana"');
    expect(html).not.toContain('class="key"');
    expect(await store.count()).toBe(0);
    failing.on = false;
    const stored = await form(url, 'student=+ana+&p1.h1=%5B7%2C+8%5D');
    expect(stored.status).toBe(200);
    const page = await stored.text();
    // The graded page keeps what was sent: the answer, the id (trimmed) and the result.
    expect(page).toContain('value="[7, 8]"');
    expect(page).toContain('value="ana"');
    expect(page).toContain('class="key"'); // released: the key comes with the result
    expect(await store.count()).toBe(1);
  });

  it("an unexpected fault is the error handler's: a bare JSON 500 that names nothing, never a page with the answers", async () => {
    const { url, failing } = await start();
    failing.crash = true;
    const r = await form(url, 'student=ana&p1.h1=1');
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({ error: 'internal error' });
  });

  it('a form that names a field twice is a 400 page; the id box stays empty rather than guessed', async () => {
    const { url } = await start();
    const r = await form(url, 'student=ana&p1.h1=1&p1.h1=2');
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('p1.h1: sent twice');
    expect(html).toMatch(/name="student"[^>]*value=""/);
  });

  it('a bad student id: a 400 page with the message, the answers and the id kept, and the key once released', async () => {
    const { url, store } = await start();
    const bad = await form(url, 'student=%3Cscript%3E&p1.h1=5');
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('student: expected at most 64 letters, digits, spaces or . _ @ -');
    // Everything typed comes back, the refused id too (escaped), so the student only fixes the id.
    expect(html).toContain('value="5"');
    expect(html).toContain('value="&lt;script&gt;"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('class="key"');
    await store.setReleased(['V01'], true);
    expect(await (await form(url, 'student=%3Cscript%3E&p1.h1=5')).text()).toContain('class="key"');
    expect(await store.count()).toBe(0);
  });
});

describe('health says whether answers can be stored now', () => {
  it.each([
    [{ writable: true }, 200, { status: 'ok', versions: 2 }],
    [{ writable: false, detail: 'database or disk is full' }, 503, { status: 'unavailable', detail: 'database or disk is full' }],
    [{ writable: false }, 503, { status: 'unavailable', detail: 'the store cannot write' }],
  ])('store health %j → %i', async (health, status, body) => {
    const store: SubmissionStore = Object.assign(Object.create(memoryStore()) as SubmissionStore, { health: () => Promise.resolve(health) });
    const app = createApp({ site: createSite(testManifest(), TEST_SECRET, store), adminToken: TEST_ADMIN, log: createLogger({ quiet: true }), rateLimit: false });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`);
      expect(r.status).toBe(status);
      expect(await r.json()).toEqual(body);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
