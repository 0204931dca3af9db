/**
 * POST /api/submissions and GET /api/health against the app listening on
 * 127.0.0.1:0, with good and hostile input: every reply's status and body.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { answerSets, postJson, startTestServer, testManifest, type TestServer, storedSubmissions } from './fixture.js';

coverModuleLoad(() => import('../../server/routes/api.js'));

let s: TestServer;
const v = () => s.manifest.versions[0]!;
const submit = (body: unknown, headers?: Record<string, string>) => postJson(`${s.url}/api/submissions`, body, headers);

sharedSetup(
  async () => {
    s = await startTestServer();
  },
  () => s.close(),
);

/** No reply body may leak a stack trace, a file path or a library message. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d|SyntaxError|Unexpected token/);
}

describe('GET /api/health', () => {
  it('answers ok with the number of versions', async () => {
    const r = await fetch(`${s.url}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', versions: 2 });
  });
});

describe('POST /api/submissions, good input', () => {
  it('grades the key as full marks, stores it before replying, and returns no key', async () => {
    const before = await s.store.count();
    const { key } = answerSets(v());
    const r = await submit({ token: v().token, answers: key });
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown> & { score: number; max: number; fields: Record<string, { status: string; points: number }> };
    expect(body.max).toBe(13);
    expect(body.score).toBe(13);
    expect(Object.values(body.fields).every((f) => f.status === 'correct')).toBe(true);
    expect(body.key).toBeUndefined();
    expect(body.attempt).toBe(1);
    expect(body.attemptsLeft).toBeNull(); // the test build sets no attempt limit
    expect(await s.store.count()).toBe(before + 1);
    const stored = (await storedSubmissions(s.store)).at(-1)!;
    expect(stored.versionId).toBe('V01');
    expect(stored.answers).toEqual(key);
    expect(stored.result.score).toBe(13);
  });

  it('gives carried-forward credit, names nothing it should not, and blanks missing fields', async () => {
    const { carried, wrongA1 } = answerSets(v());
    const r = await submit({ token: v().token, answers: { ...carried, 'p1.a1': wrongA1, 'p1.y1': 'sigmoid((' }, student: 'ana 01' });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { score: number; fields: Record<string, { status: string; points: number; feedback: string }>; attempt: number };
    expect(body.fields['p1.h1']!.status).toBe('incorrect');
    expect(body.fields['p1.h1']!.points).toBe(0.5); // one component of two right
    expect(body.fields['p1.a2']!.status).toBe('carried');
    expect(body.fields['p1.a2']!.points).toBe(1);
    expect(body.fields['p1.a2']!.feedback).toMatch(/earlier answers/);
    expect(body.fields['p1.a1']!.status).toBe('incorrect');
    expect(body.fields['p1.y1']!.status).toBe('unreadable');
    expect(body.fields['p1.y1']!.feedback).toMatch(/^Could not read/);
    expect(body.fields['p2.total']!.status).toBe('blank');
    expect(body.score).toBe(1.5);
    expect(body.attempt).toBe(1); // a different student: attempts count per student
  });

  it('keeps SQL-looking text as plain data: graded unreadable, stored verbatim, tables intact', async () => {
    const sql = "'); DROP TABLE submissions; --";
    const before = await s.store.count();
    const r = await submit({ token: v().token, answers: { 'p1.h1': sql, 'p1.label1': '1 OR 1=1' } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { fields: Record<string, { status: string }> };
    expect(body.fields['p1.h1']!.status).toBe('unreadable');
    expect((await storedSubmissions(s.store)).at(-1)!.answers['p1.h1']).toBe(sql);
    expect(await s.store.count()).toBe(before + 1);
  });
});

describe('POST /api/submissions, hostile input', () => {
  const cases: [string, () => Promise<Response>, number, string | RegExp][] = [
    ['malformed JSON', () => submit('{"token": "x", "answers": {'), 400, 'request body is not valid JSON'],
    ['a JSON array', () => submit('[1, 2]'), 400, 'body: expected a JSON object { "token", "answers" }'],
    ['a body over 64 KB', () => submit({ token: 'x', answers: { 'p1.h1': 'x'.repeat(70_000) } }), 413, 'request body too large'],
    ['no content type', () => fetch(`${s.url}/api/submissions`, { method: 'POST', body: '{}' }), 415, 'expected Content-Type: application/json'],
    [
      'form content type',
      () => fetch(`${s.url}/api/submissions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' }),
      415,
      'expected Content-Type: application/json',
    ],
    ['a forged token', () => submit({ token: `${v().token.slice(0, -2)}AA`, answers: {} }), 404, 'not found'],
    ['a token signed with another secret', () => submit({ token: 'c2VydmVyLXRlc3QKVjAx.AAAAAAAAAAAAAAAAAAAAAA', answers: {} }), 404, 'not found'],
    ['a SQL-looking token', () => submit({ token: "' OR '1'='1", answers: {} }), 404, 'not found'],
    ['a missing token', () => submit({ answers: {} }), 400, 'token: expected a string'],
    ['a numeric token', () => submit({ token: 12, answers: {} }), 400, 'token: expected a string'],
    ['a missing answers object', () => submit({ token: v().token }), 400, 'answers: missing'],
    ['answers as a list', () => submit({ token: v().token, answers: ['[4, 0]'] }), 400, /^answers: expected an object/],
    ['an answer as a number', () => submit({ token: v().token, answers: { 'p1.h1': 4 } }), 400, /^answers\.p1\.h1: expected a string/],
    ['an answer as an object', () => submit({ token: v().token, answers: { 'p1.h1': { $gt: '' } } }), 400, /^answers\.p1\.h1: expected a string/],
    ['an unknown answer field', () => submit({ token: v().token, answers: { 'p9.zz': '1' } }), 400, /^answers\.p9\.zz: unknown answer field/],
    ['an unknown top-level field', () => submit({ token: v().token, answers: {}, admin: true }), 400, /^admin: unknown field/],
    ['a __proto__ answer key', () => submit(`{"token": "${v().token}", "answers": {"__proto__": {"p1.h1": "1"}}}`), 400, 'answers.__proto__: this field name is not allowed'],
    ['a top-level __proto__', () => submit(`{"__proto__": {"admin": true}, "token": "${v().token}", "answers": {}}`), 400, '__proto__: this field name is not allowed'],
    ['a constructor answer key', () => submit({ token: v().token, answers: { constructor: '1' } }), 400, 'answers.constructor: this field name is not allowed'],
    ['a student id with SQL', () => submit({ token: v().token, answers: {}, student: "x'); DROP TABLE submissions;--" }), 400, /^student: expected at most 64 letters/],
    ['a student id as a number', () => submit({ token: v().token, answers: {}, student: 7 }), 400, 'student: expected a string'],
    ['an answer over 2000 characters', () => submit({ token: v().token, answers: { 'p1.h1': '1'.repeat(2001) } }), 400, 'answers.p1.h1: longer than 2000 characters'],
  ];
  it.each(cases)('refuses %s', async (_name, send, status, message) => {
    const before = await s.store.count();
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await r.text();
    expectNoInternals(text);
    const body = JSON.parse(text) as { error: string };
    if (typeof message === 'string') expect(body.error).toBe(message);
    else expect(body.error).toMatch(message);
    expect(Object.keys(body)).toEqual(['error']);
    expect(await s.store.count()).toBe(before); // nothing refused is stored
    expect(({} as Record<string, unknown>).admin).toBeUndefined(); // no prototype pollution
  });

  it('answers an unknown route with a JSON 404', async () => {
    const r = await fetch(`${s.url}/api/nothing-here`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: 'not found' });
  });

  it('sends helmet headers with a script-free CSP', async () => {
    const r = await fetch(`${s.url}/api/health`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});

describe('attempts from the manifest', () => {
  it('refuses the attempt past the limit with 409 and stores nothing', async () => {
    const t = await startTestServer({ manifest: testManifest({ attempts: { limit: 2, counts: 'best' } }) });
    try {
      const token = t.manifest.versions[1]!.token;
      const send = () => postJson(`${t.url}/api/submissions`, { token, answers: {}, student: 'bo' });
      const first = (await (await send()).json()) as { attempt: number; attemptsLeft: number };
      expect(first).toMatchObject({ attempt: 1, attemptsLeft: 1 });
      expect(((await (await send()).json()) as { attempt: number }).attempt).toBe(2);
      const third = await send();
      expect(third.status).toBe(409);
      expect(await third.json()).toEqual({ error: 'attempt limit reached: 2 of 2 attempts used' });
      expect(await t.store.count()).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('rate limit', () => {
  it('answers 429 in JSON past the per-IP limit; health is exempt', async () => {
    const t = await startTestServer({ rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await postJson(`${t.url}/api/submissions`, { token: 'x.y', answers: {} })).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const r = await postJson(`${t.url}/api/submissions`, { token: 'x.y', answers: {} });
      expect(await r.json()).toEqual({ error: 'too many requests: wait a minute and try again' });
      expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
