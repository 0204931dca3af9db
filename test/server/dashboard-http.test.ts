/**
 * The instructor's dashboard over plain HTTP, in process (no browser): the
 * landing page, signing in with the form's own CSRF cookie, the session
 * cookie's attributes, every page redirecting to sign-in without a session,
 * form posts refused without the session's `_csrf`, the overview, gradebook
 * (HTML and CSV), item analysis, release/hide, paper results, the roster's
 * students page (revoke, re-issue, extra time, a student's exam PDF), and
 * sign-out ending the session. The same routes as dashboard.test.ts checks in
 * Chromium, here where mutation testing can see them.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { keyAsResponses } from '../../src/grading/index.js';
import type { ManifestVersion } from '../../src/manifest.js';
import { rosterManifest } from '../support/roster-manifest.js';
import { ROSTER_ADMIN, startRosterServer, type RosterServer } from '../support/roster-server.js';
import { answerSets, postJson, startTestServer, TEST_ADMIN, type TestServer } from './fixture.js';

coverModuleLoad(() => import('../../server/routes/dashboard.js'));

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The value of `name` in a reply's Set-Cookie headers (undefined when it sets none). */
function setCookieValue(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

function setCookieHeader(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** The first hidden `_csrf` field of a page. */
function csrfOf(html: string): string {
  const m = /name="_csrf" value="([\w-]+)"/.exec(html);
  if (!m) throw new Error(`no _csrf field in the page: ${html.slice(0, 200)}`);
  return m[1]!;
}

interface SignedIn {
  /** `rq_session=…`, ready for a Cookie header. */
  cookie: string;
  /** The session's CSRF token, as its pages carry it. */
  csrf: string;
}

/** The sign-in form: its CSRF cookie and the same token in the hidden field. */
async function signInForm(base: string): Promise<{ cookie: string; csrf: string; res: Response; html: string }> {
  const res = await fetch(`${base}/instructor/sign-in`, { redirect: 'manual' });
  const html = await res.text();
  return { cookie: `rq_signin=${setCookieValue(res, 'rq_signin')}`, csrf: csrfOf(html), res, html };
}

async function postSignIn(base: string, token: string): Promise<Response> {
  const form = await signInForm(base);
  return fetch(`${base}/instructor/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, cookie: form.cookie },
    body: new URLSearchParams({ _csrf: form.csrf, token }).toString(),
  });
}

async function signIn(base: string, token: string): Promise<SignedIn> {
  const res = await postSignIn(base, token);
  expect(res.status).toBe(303);
  const cookie = `rq_session=${setCookieValue(res, 'rq_session')}`;
  const page = await fetch(`${base}/instructor/paper`, { headers: { cookie } });
  expect(page.status).toBe(200);
  return { cookie, csrf: csrfOf(await page.text()) };
}

function get(base: string, path: string, who?: SignedIn): Promise<Response> {
  return fetch(`${base}${path}`, { redirect: 'manual', headers: who ? { cookie: who.cookie } : {} });
}

/** A form post as the browser sends it, with the session's cookie; `_csrf` is added unless the body has one (or `csrf: false`). */
function post(base: string, path: string, who: SignedIn | undefined, fields: [string, string][], csrf = true): Promise<Response> {
  const body = new URLSearchParams(csrf && who ? [['_csrf', who.csrf], ...fields] : fields);
  return fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { ...FORM, ...(who ? { cookie: who.cookie } : {}) }, body: body.toString() });
}

/** The text cells of each body row of the table with this id. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) return [];
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1]!)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()));
}

const maxOf = (v: ManifestVersion): number => v.problems.reduce((a, p) => a + Object.values(p.points).reduce((x, y) => x + y, 0), 0);
const keyCount = (html: string): number => (html.match(/<p class="key">/g) ?? []).length;

/** Every instructor page a GET reaches (each needs a session). */
const PAGES = ['/instructor', '/instructor/gradebook', '/instructor/gradebook.csv', '/instructor/analysis', '/instructor/release', '/instructor/paper', '/instructor/no-such-page'];

describe('dashboard over HTTP: sign-in, sessions and CSRF', () => {
  let s: TestServer;
  sharedSetup(
    async () => {
      s = await startTestServer();
    },
    () => s.close(),
  );

  it('serves the landing page at / (200, links to the dashboard) and sends /instructor without a session to sign-in', async () => {
    const root = await get(s.url, '/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await root.text();
    expect(html).toContain('href="/instructor"');
    expect(html).toContain('<h1>Online exam server</h1>');
    expect(html).not.toContain('Sign out');
    const dash = await get(s.url, '/instructor');
    expect([dash.status, dash.headers.get('location')]).toEqual([303, '/instructor/sign-in']);
  });

  it('serves the sign-in form with its own CSRF cookie (HttpOnly, SameSite=Strict, scoped to the form) and no caching', async () => {
    const { res, html, cookie, csrf } = await signInForm(s.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<h1>Instructor sign-in</h1>');
    expect(html).toContain('name="token" type="password"');
    expect(cookie).toBe(`rq_signin=${csrf}`);
    expect(csrf).toMatch(/^[\w-]{43}$/);
    expect(setCookieHeader(res, 'rq_signin')).toBe(`rq_signin=${csrf}; Path=/instructor/sign-in; HttpOnly; SameSite=Strict; Max-Age=900`);
    expect(setCookieHeader(res, 'rq_session')).toBeUndefined();
    // A second form gets a fresh token.
    expect((await signInForm(s.url)).csrf).not.toBe(csrf);
  });

  it('refuses a wrong token with 401 and no session cookie', async () => {
    for (const token of ['not-the-admin-token', TEST_ADMIN.slice(0, -1), `${TEST_ADMIN}x`, '   ']) {
      const res = await postSignIn(s.url, token);
      expect([token, res.status]).toEqual([token, 401]);
      expect(setCookieHeader(res, 'rq_session')).toBeUndefined();
      const html = await res.text();
      expect(html).toContain('That is not the admin token.');
      // The refusal is the form again, with a fresh sign-in token.
      expect(csrfOf(html)).toBe(setCookieValue(res, 'rq_signin'));
    }
  });

  it('refuses a sign-in post without the form’s token (or with a mismatched one) with 403', async () => {
    const form = await signInForm(s.url);
    const attempts: [string, Record<string, string>][] = [
      ['no cookie', { _csrf: form.csrf, token: TEST_ADMIN }],
      ['no field', { token: TEST_ADMIN }],
      // The first character changes (the last carries only 4 bits and may already be 'A').
      ['another token', { _csrf: `${form.csrf.startsWith('A') ? 'B' : 'A'}${form.csrf.slice(1)}`, token: TEST_ADMIN }],
    ];
    for (const [name, fields] of attempts) {
      const res = await fetch(`${s.url}/instructor/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...FORM, ...(name === 'no cookie' ? {} : { cookie: form.cookie }) },
        body: new URLSearchParams(fields).toString(),
      });
      expect([name, res.status]).toEqual([name, 403]);
      expect(setCookieHeader(res, 'rq_session')).toBeUndefined();
      expect(await res.text()).toContain('This sign-in form has expired or did not come from this site.');
    }
  });

  it('signs in with the admin token: an HttpOnly SameSite=Strict session cookie on /instructor, a 303 to the dashboard, and the token nowhere in it', async () => {
    const res = await postSignIn(s.url, TEST_ADMIN);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/instructor');
    const session = setCookieValue(res, 'rq_session')!;
    expect(session).toMatch(/^[\w-]{43}$/);
    expect(setCookieHeader(res, 'rq_session')).toBe(`rq_session=${session}; Path=/instructor; HttpOnly; SameSite=Strict; Max-Age=28800`);
    expect(res.headers.getSetCookie().join('\n')).not.toContain(TEST_ADMIN);
    // The sign-in form's cookie is cleared.
    expect(setCookieHeader(res, 'rq_signin')).toBe('rq_signin=; Path=/instructor/sign-in; HttpOnly; SameSite=Strict; Max-Age=0');
    // Surrounding spaces are forgiven (a pasted token).
    expect((await postSignIn(s.url, ` ${TEST_ADMIN} `)).status).toBe(303);
    const overview = await get(s.url, '/instructor', { cookie: `rq_session=${session}`, csrf: '' });
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('<h1>Overview</h1>');
    // Signed in, the sign-in page sends you to the dashboard.
    const again = await get(s.url, '/instructor/sign-in', { cookie: `rq_session=${session}`, csrf: '' });
    expect([again.status, again.headers.get('location')]).toEqual([303, '/instructor']);
  });

  it('without a session every instructor page and form post answers 303 to sign-in, uncached, and changes nothing', async () => {
    const forged: SignedIn = { cookie: `rq_session=${'A'.repeat(43)}`, csrf: 'x' };
    for (const who of [undefined, forged]) {
      for (const path of PAGES) {
        const res = await get(s.url, path, who);
        expect([path, res.status, res.headers.get('location'), res.headers.get('cache-control')]).toEqual([path, 303, '/instructor/sign-in', 'no-store']);
      }
      for (const path of ['/instructor/release', '/instructor/paper', '/instructor/sign-out']) {
        const res = await post(s.url, path, who, [
          ['action', 'release'],
          ['confirm', 'yes'],
          ['all', '1'],
        ]);
        expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/instructor/sign-in']);
      }
    }
    expect(await s.store.releasedVersions()).toEqual(new Set());
  });

  it('refuses a form post with a session but without its _csrf (403, nothing changed); the right token goes through', async () => {
    const who = await signIn(s.url, TEST_ADMIN);
    const other = await signIn(s.url, TEST_ADMIN);
    expect(other.csrf).not.toBe(who.csrf);
    const fields: [string, string][] = [
      ['action', 'release'],
      ['confirm', 'yes'],
      ['versions', 'V02'],
    ];
    for (const [name, csrf] of [
      ['none', undefined],
      ['empty', ''],
      ['altered', `${who.csrf}x`],
      ['another session’s', other.csrf],
    ] as const) {
      const res = await post(s.url, '/instructor/release', who, csrf === undefined ? fields : [['_csrf', csrf], ...fields], false);
      expect([name, res.status]).toEqual([name, 403]);
      const html = await res.text();
      expect(html).toContain('<h1>Form refused</h1>');
      expect(html).toContain('Nothing was changed.');
    }
    // Sign-out and paper need it too.
    expect((await post(s.url, '/instructor/sign-out', who, [], false)).status).toBe(403);
    expect((await post(s.url, '/instructor/paper', who, [['csv', 'student_id,version\n']], false)).status).toBe(403);
    expect((await get(s.url, '/instructor', who)).status).toBe(200); // still signed in
    expect(await s.store.releasedVersions()).toEqual(new Set());
    const ok = await post(s.url, '/instructor/release', who, fields);
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/instructor/release?changed=release']);
    expect(await s.store.releasedVersions()).toEqual(new Set(['V02']));
    // Put it back: this server is shared with the file's other tests.
    expect(
      (
        await post(s.url, '/instructor/release', who, [
          ['action', 'hide'],
          ['confirm', 'yes'],
          ['all', '1'],
        ])
      ).status,
    ).toBe(303);
    expect(await s.store.releasedVersions()).toEqual(new Set());
  });

  it('signs out: 303 to /, the cookie cleared, and the old session no longer opens anything', async () => {
    const who = await signIn(s.url, TEST_ADMIN);
    const other = await signIn(s.url, TEST_ADMIN);
    expect((await get(s.url, '/instructor/gradebook', who)).status).toBe(200);
    const out = await post(s.url, '/instructor/sign-out', who, []);
    expect([out.status, out.headers.get('location')]).toEqual([303, '/']);
    expect(setCookieHeader(out, 'rq_session')).toBe('rq_session=; Path=/instructor; HttpOnly; SameSite=Strict; Max-Age=0');
    for (const path of PAGES) {
      const res = await get(s.url, path, who);
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/instructor/sign-in']);
    }
    // The sign-in page is a form again, not a redirect to the dashboard.
    expect((await get(s.url, '/instructor/sign-in', who)).status).toBe(200);
    // Another session is untouched.
    expect((await get(s.url, '/instructor', other)).status).toBe(200);
  });

  it('answers an unknown instructor address, signed in, with an HTML 404 in the dashboard frame', async () => {
    const who = await signIn(s.url, TEST_ADMIN);
    const res = await get(s.url, '/instructor/no-such-page', who);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('There is no instructor page at this address.');
    expect(html).toContain('Sign out');
    expect(csrfOf(html)).toBe(who.csrf);
  });
});

describe('dashboard over HTTP: the pages, signed in', () => {
  let s: TestServer;
  sharedSetup(
    async () => {
      s = await startTestServer();
    },
    () => s.close(),
  );

  it('shows submissions on the overview, the gradebook page and CSV (full score for the key), and the item analysis', async () => {
    // Its own server: the counts below are exact.
    const t = await startTestServer();
    try {
      const [v1, v2] = t.manifest.versions as [ManifestVersion, ManifestVersion];
      const { key } = answerSets(v1);
      const send = (version: ManifestVersion, answers: Record<string, string>, student: string) => postJson(`${t.url}/api/submissions`, { token: version.token, answers, student });
      expect((await send(v1, key, 'ana')).status).toBe(200);
      expect((await send(v2, { 'p1.a1': 'oops(' }, 'bo')).status).toBe(200);
      const who = await signIn(t.url, TEST_ADMIN);

      const overview = await get(t.url, '/instructor', who);
      expect(overview.status).toBe(200);
      expect(overview.headers.get('cache-control')).toBe('no-store');
      const ohtml = await overview.text();
      expect(ohtml).toContain('<a href="/instructor" aria-current="page">Overview</a>');
      expect(ohtml).not.toContain('href="/instructor/students"'); // no roster, no Students page
      const versions = /<h2 id="versions-h">[\s\S]*?<\/table>/.exec(ohtml)![0];
      const vrows = [...versions.matchAll(/<tr><th scope="row">(V\d\d|All)<\/th>((?:<td[^>]*>[^<]*<\/td>){5})/g)].map((m) => [m[1], ...[...m[2]!.matchAll(/>([^<]*)<\/td>/g)].map((c) => c[1])]);
      // students, opened, saved, submitted, submissions
      expect(vrows).toEqual([
        ['V01', '1', '0', '0', '1', '1'],
        ['V02', '1', '0', '0', '1', '1'],
        ['All', '2', '0', '0', '2', '2'],
      ]);
      const activity = tableRows(ohtml, 'activity');
      expect(activity.map((r) => [r[0], r[1], r[4]]).sort()).toEqual([
        ['ana', 'V01', '1'],
        ['bo', 'V02', '1'],
      ]);

      const gradebook = await get(t.url, '/instructor/gradebook?sort=score&order=descending', who);
      expect(gradebook.status).toBe(200);
      const ghtml = await gradebook.text();
      expect(ghtml).toContain('Gradebook, sorted by score (descending)');
      expect(ghtml).toContain('the counted attempt (last attempt)');
      const rows = tableRows(ghtml, 'gradebook');
      expect(rows.map((r) => r.slice(0, 7))).toEqual([
        ['V01', 'ana', '1', '1', String(maxOf(v1)), String(maxOf(v1)), '100.0'],
        ['V02', 'bo', '1', '1', '0', String(maxOf(v2)), '0.0'],
      ]);
      expect(rows[0]![7]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const ascending = tableRows(await (await get(t.url, '/instructor/gradebook?sort=score&order=ascending', who)).text(), 'gradebook');
      expect(ascending.map((r) => r[1])).toEqual(['bo', 'ana']);

      const csv = await get(t.url, '/instructor/gradebook.csv', who);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename=gradebook.csv');
      const table = parse(await csv.text()) as string[][];
      expect(table[0]!.slice(0, 8)).toEqual(['version', 'student', 'attempts', 'counted_attempt', 'score', 'max', 'percent', 'last_submitted']);
      expect(table.slice(1).map((r) => r.slice(0, 7))).toEqual([
        ['V01', 'ana', '1', '1', String(maxOf(v1)), String(maxOf(v1)), '100.0'],
        ['V02', 'bo', '1', '1', '0', String(maxOf(v2)), '0.0'],
      ]);
      expect(table[1]![7]).toMatch(/^\d{4}-\d\d-\d\dT/); // the CSV keeps the ISO time

      const analysis = await get(t.url, '/instructor/analysis', who);
      expect(analysis.status).toBe(200);
      const ahtml = await analysis.text();
      expect(ahtml).toContain('<h1>Item analysis</h1>');
      expect(ahtml).toContain('online and paper: 2 of 2 stored submissions.');
      expect(ahtml).toContain('<div class="report">');
      expect(ahtml).toContain('<link rel="stylesheet" href="/static/report.css">');
    } finally {
      await t.close();
    }
  });

  it('shows empty pages before any submission', async () => {
    const t = await startTestServer();
    try {
      const who = await signIn(t.url, TEST_ADMIN);
      expect(await (await get(t.url, '/instructor', who)).text()).toContain('Nobody has opened or submitted anything yet.');
      expect(await (await get(t.url, '/instructor/gradebook', who)).text()).toContain('No submissions yet.');
      expect(await (await get(t.url, '/instructor/analysis', who)).text()).toContain('No submissions yet: the plots appear with the first one.');
    } finally {
      await t.close();
    }
  });

  it('releases and hides one version’s answers: the release page, the student page and the instructor API follow', async () => {
    const who = await signIn(s.url, TEST_ADMIN);
    const [v1, v2] = s.manifest.versions as [ManifestVersion, ManifestVersion];
    const fields = Object.keys(answerSets(v1).key).length;
    const page = await get(s.url, '/instructor/release', who);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="v-V01">V01 <span class="tag">hidden</span></label>');
    expect(html).toContain('<label for="v-V02">V02 <span class="tag">hidden</span></label>');
    expect(keyCount(await (await fetch(`${s.url}/q/${v1.token}`)).text())).toBe(0);

    const released = await post(s.url, '/instructor/release', who, [
      ['action', 'release'],
      ['confirm', 'yes'],
      ['versions', 'V01'],
    ]);
    expect([released.status, released.headers.get('location')]).toEqual([303, '/instructor/release?changed=release']);
    const after = await (await get(s.url, '/instructor/release?changed=release', who)).text();
    expect(after).toContain('Answers released: students of those versions now see the expected answers.');
    expect(after).toContain('<label for="v-V01">V01 <span class="tag released">released</span></label>');
    expect(after).toContain('<label for="v-V02">V02 <span class="tag">hidden</span></label>');
    expect(keyCount(await (await fetch(`${s.url}/q/${v1.token}`)).text())).toBe(fields);
    expect(keyCount(await (await fetch(`${s.url}/q/${v2.token}`)).text())).toBe(0);
    const api = await fetch(`${s.url}/api/instructor/release`, { headers: { authorization: `Bearer ${TEST_ADMIN}` } });
    expect(await api.json()).toEqual({ released: ['V01'], versions: ['V01', 'V02'] });

    const hidden = await post(s.url, '/instructor/release', who, [
      ['action', 'hide'],
      ['confirm', 'yes'],
      ['all', '1'],
    ]);
    expect([hidden.status, hidden.headers.get('location')]).toEqual([303, '/instructor/release?changed=hide']);
    expect(await (await get(s.url, '/instructor/release?changed=hide', who)).text()).toContain('Answers hidden: students of those versions no longer see the expected answers.');
    expect(keyCount(await (await fetch(`${s.url}/q/${v1.token}`)).text())).toBe(0);
    expect(await s.store.releasedVersions()).toEqual(new Set());
  });

  it('refuses an incomplete release form with 400 and a named error, changing nothing', async () => {
    const who = await signIn(s.url, TEST_ADMIN);
    const cases: [string[][], string][] = [
      [
        [
          ['confirm', 'yes'],
          ['all', '1'],
        ],
        'Choose Release or Hide.',
      ],
      [
        [
          ['action', 'publish'],
          ['confirm', 'yes'],
          ['all', '1'],
        ],
        'Choose Release or Hide.',
      ],
      [
        [
          ['action', 'release'],
          ['all', '1'],
        ],
        'Tick the confirmation box: this changes what students see.',
      ],
      [
        [
          ['action', 'release'],
          ['confirm', 'yes'],
        ],
        'Choose at least one version, or All versions.',
      ],
      [
        [
          ['action', 'release'],
          ['confirm', 'yes'],
          ['versions', 'V77'],
        ],
        'versions: no version &quot;V77&quot; in the manifest',
      ],
    ];
    for (const [fields, error] of cases) {
      const res = await post(s.url, '/instructor/release', who, fields as [string, string][]);
      expect([fields, res.status]).toEqual([fields, 400]);
      expect(await res.text()).toContain(`<div class="alert" role="alert"><p>${error}</p></div>`);
    }
    expect(await s.store.releasedVersions()).toEqual(new Set());
  });

  it('grades pasted paper sheets into the gradebook: the imported count and the row not graded, by line', async () => {
    const t = await startTestServer();
    try {
      const who = await signIn(t.url, TEST_ADMIN);
      const form = await get(t.url, '/instructor/paper', who);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('<label for="csv">Answer sheets (CSV)</label>');
      const v2 = t.manifest.versions[1]!;
      const k2 = answerSets(v2).key;
      const csv = `student_id,version,p2.total,p2.recurrent\nbob,V02,${k2['p2.total']},${k2['p2.recurrent']}\ncy,V09,1,2\n`;
      const res = await post(t.url, '/instructor/paper', who, [['csv', csv]]);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('<div class="notice" role="status"><p>1 paper result added to the gradebook.</p></div>');
      expect(html).toContain('<p role="status"><strong>1</strong> sheet graded and stored; 1 row not graded.</p>');
      const errors = /<caption>Rows not graded<\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
      const rows = [...errors.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
      expect(rows).toEqual([['3', 'version &quot;V09&quot; is not in the manifest (versions: V01, V02): the row is skipped']]);
      const table = parse(await (await get(t.url, '/instructor/gradebook.csv', who)).text(), { columns: true }) as Record<string, string>[];
      expect(table.map((r) => [r.version, r.student, r.attempts, r.score])).toEqual([['V02', 'bob', '1', '2']]);

      const empty = await post(t.url, '/instructor/paper', who, [['csv', '  \n']]);
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('Paste the answer sheets first.');
      const none = await post(t.url, '/instructor/paper', who, [['csv', 'student_id,version,p2.total\ncy,V09,1\n']]);
      expect(none.status).toBe(200);
      const nhtml = await none.text();
      expect(nhtml).toContain('<strong>0</strong> sheets graded and stored; 1 row not graded.');
      expect(nhtml).not.toContain('added to the gradebook');
    } finally {
      await t.close();
    }
  });
});

describe('dashboard over HTTP: a roster build', () => {
  let s: RosterServer;
  const manifest = () => rosterManifest({ students: 4, attempts: { limit: 2, counts: 'best' }, rules: { kind: 'exam' } });
  sharedSetup(
    async () => {
      s = await startRosterServer(manifest());
    },
    () => s.close(),
  );

  it('lists every roster student on the students page, with the Students link in the nav', async () => {
    const st = s.manifest.students!;
    const v = s.manifest.versions.find((x) => x.id === st[3]!.version)!;
    expect((await postJson(`${s.url}/api/submissions`, { token: st[3]!.token, answers: keyAsResponses(v.problems) })).status).toBe(200);
    const who = await signIn(s.url, ROSTER_ADMIN);
    const res = await get(s.url, '/instructor/students', who);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<a href="/instructor/students" aria-current="page">Students</a>');
    expect(html).toContain('<caption id="students-caption">4 students</caption>');
    const rows = tableRows(html, 'students');
    expect(rows.map((r) => r.slice(0, 3))).toEqual(st.map((x) => [x.id, x.name, x.version]));
    const s04 = rows[3]!;
    expect(s04[4]).toBe('1'); // online attempts
    expect(s04[6]).toBe(`${maxOf(v)} / ${maxOf(v)}`);
    expect(html).toContain('href="/instructor/students/s04/exam.pdf"');
  });

  it('revokes a student’s link: 303 with a notice, the link answers 404, and the exam PDF is refused with 409', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    const st = s.manifest.students!;
    expect((await fetch(`${s.url}/q/${st[0]!.token}`)).status).toBe(200);
    const res = await post(s.url, '/instructor/students/s01/revoke', who, []);
    expect([res.status, res.headers.get('location')]).toEqual([303, '/instructor/students?done=revoked&student=s01']);
    const page = await (await get(s.url, '/instructor/students?done=revoked&student=s01', who)).text();
    expect(page).toContain('s01: link revoked. It answers &quot;not found&quot; until you re-issue one.');
    expect(page).toMatch(/<tr id="student-s01">[\s\S]*?<span class="tag revoked">revoked<\/span>/);
    expect(page).not.toContain('href="/instructor/students/s01/exam.pdf"');
    expect((await fetch(`${s.url}/q/${st[0]!.token}`)).status).toBe(404);
    expect((await s.store.studentState('s01')).revoked).toBe(true);
    const pdf = await get(s.url, '/instructor/students/s01/exam.pdf', who);
    expect(pdf.status).toBe(409);
    expect(await pdf.text()).toContain('s01: the link is revoked; re-issue a link first, then print');
    // A notice for a student not in the roster is not shown.
    expect(await (await get(s.url, '/instructor/students?done=revoked&student=nobody', who)).text()).not.toContain('link revoked');
  });

  it('re-issues a link: the new one is shown once and opens the exam, the old one answers 404', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    const old = s.manifest.students![1]!.token;
    const res = await post(s.url, '/instructor/students/s02/reissue', who, []);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<p>New link for <strong>s02</strong>');
    const url = /<code class="link" id="new-link">([^<]+)<\/code>/.exec(html)![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/q\/[\w.-]+$/);
    const token = url.slice(url.lastIndexOf('/') + 1);
    expect(token).not.toBe(old);
    expect((await fetch(`${s.url}/q/${token}`)).status).toBe(200);
    expect((await fetch(`${s.url}/q/${old}`)).status).toBe(404);
    expect((await s.store.studentState('s02')).tokenGeneration).toBe(1);
    expect(html).toMatch(/<tr id="student-s02">[\s\S]*?<span class="tag">link #2<\/span>/);
    // The link is in the reply, never in a later page.
    expect(await (await get(s.url, '/instructor/students', who)).text()).not.toContain(token);
  });

  it('adds extra time: 303 with a notice and the minutes on the row; a bad number is refused with 400', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    const before = (await s.store.studentState('s03')).extraSeconds;
    const res = await post(s.url, '/instructor/students/s03/extend', who, [['minutes', '15']]);
    expect([res.status, res.headers.get('location')]).toEqual([303, '/instructor/students?done=extended&student=s03']);
    expect((await s.store.studentState('s03')).extraSeconds).toBe(before + 900);
    const page = await (await get(s.url, '/instructor/students?done=extended&student=s03', who)).text();
    expect(page).toContain('<div class="notice" role="status"><p>s03: extra time added.</p></div>');
    const row = tableRows(page, 'students').find((r) => r[0] === 's03')!;
    expect(row.at(-2)).toBe(String(Math.round((before + 900) / 60))); // the Extra min column
    for (const minutes of ['0', '-5', '2.5', 'ten', '', '1441']) {
      const bad = await post(s.url, '/instructor/students/s03/extend', who, [['minutes', minutes]]);
      expect([minutes, bad.status]).toEqual([minutes, 400]);
      expect(await bad.text()).toContain('Extra time for s03: a whole number of minutes from 1 to 1440.');
    }
    expect((await post(s.url, '/instructor/students/s03/extend', who, [['minutes', '1440']])).status).toBe(303);
    expect((await s.store.studentState('s03')).extraSeconds).toBe(before + 900 + 1440 * 60);
  });

  it('prints a student’s exam as a PDF (200, application/pdf, %PDF, named by version and student)', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    const st = s.manifest.students![3]!;
    const res = await get(s.url, '/instructor/students/s04/exam.pdf', who);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=exam-${st.version}-s04.pdf`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('answers 404 for a student not in the roster on every student route, and needs a session for them', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    for (const action of ['revoke', 'reissue', 'extend']) {
      expect([action, (await post(s.url, `/instructor/students/nobody/${action}`, who, [['minutes', '5']])).status]).toEqual([action, 404]);
      const anon = await post(s.url, `/instructor/students/s01/${action}`, undefined, [['minutes', '5']]);
      expect([action, anon.status, anon.headers.get('location')]).toEqual([action, 303, '/instructor/sign-in']);
    }
    expect((await get(s.url, '/instructor/students/nobody/exam.pdf', who)).status).toBe(404);
    expect((await get(s.url, '/instructor/students', undefined)).status).toBe(303);
    expect((await get(s.url, '/instructor/students/s01/exam.pdf', undefined)).status).toBe(303);
    // Without the form's CSRF token a revoke is refused and the student keeps the link.
    expect((await post(s.url, '/instructor/students/s04/revoke', who, [], false)).status).toBe(403);
    expect((await s.store.studentState('s04')).revoked).toBe(false);
  });

  it('files pasted paper sheets under the roster student, naming a row for an unknown student', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    const st = s.manifest.students!;
    const v = s.manifest.versions.find((x) => x.id === st[1]!.version)!;
    const key = keyAsResponses(v.problems);
    const fields = Object.keys(key);
    const row = (id: string) => [id, v.id, ...fields.map((f) => `"${key[f]!.replace(/"/g, '""')}"`)].join(',');
    const csv = [['student_id', 'version', ...fields].join(','), row('s02'), row('x99')].join('\n');
    const res = await post(s.url, '/instructor/paper', who, [['csv', csv]]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 paper result added to the gradebook.');
    expect(html).toContain('<tr><td class="num">3</td><td>no student &quot;x99&quot; in the roster</td></tr>');
    const page = tableRows(await (await get(s.url, '/instructor/students', who)).text(), 'students');
    const s02 = page.find((r) => r[0] === 's02')!;
    expect(s02[5]).toBe('1'); // paper results
    expect(s02[6]).toBe(`${maxOf(v)} / ${maxOf(v)}`);
  });

  it('answers pasted sheets that cannot be read at all with a 400 page naming why, the pasted text kept', async () => {
    const who = await signIn(s.url, ROSTER_ADMIN);
    const fields = Object.keys(keyAsResponses(s.manifest.versions[0]!.problems));
    const csv = ['student_id', 'version', fields[0], fields[0]].join(',') + '\ns01,V01,1,2\n';
    const res = await post(s.url, '/instructor/paper', who, [['csv', csv]]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`line 1: the field ${fields[0]} has two columns`);
    expect(html).toContain('s01,V01,1,2');
    expect(html).not.toContain('added to the gradebook');
  });
});
