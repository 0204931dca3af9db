/**
 * Client mistakes get a clear 4xx and never a stack (issue 12, findings 2, 3,
 * 11 and 12): bodies that are not what their headers say, broken % escapes,
 * release and hide requests whose body was lost, CSV uploads far too wide or
 * full of bad rows, number-like ids kept as text, and no-store wherever
 * grades or a key are shown. Run over HTTP against the app in process (the
 * child-process findings stay in abuse.test.ts), so mutation testing sees it.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { MAX_REPLY_ERRORS } from '../../server/routes/instructor.js';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { TEST_ADMIN, startTestServer, testManifest, type TestServer } from './fixture.js';

coverModuleLoad(
  () => import('../../server/routes/instructor.js'),
  () => import('../../server/security.js'),
);

const auth = { authorization: `Bearer ${TEST_ADMIN}` };

/** Nothing logged as an unhandled error, and no stack trace in any error line. */
function expectNoStackLogged(server: TestServer): void {
  expect(server.errors.join('')).not.toMatch(/unhandled error|\n\s+at [\w.<>]+ \(|\\n\s+at /);
}

describe('issue 12, findings 2, 3, 11, 12: client mistakes, release bodies, upload errors, ids and caching', () => {
  let running: TestServer | undefined;
  const server = (): TestServer => running as TestServer;
  sharedSetup(
    async () => {
      running = await startTestServer({ manifest: testManifest() });
    },
    () => running?.close(),
  );
  const raw = (method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array) =>
    fetch(`${server().url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]) } : {}) });

  it.each([
    ['gzip that is not gzip', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'this is not gzip', 400, 'request body does not match its Content-Encoding'],
    ['deflate that is not deflate', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'deflate' }, 'nope', 400, 'request body does not match its Content-Encoding'],
    ['an unknown encoding', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'x-rot13' }, '{}', 415, 'unsupported body encoding'],
    ['malformed JSON', '/api/submissions', { 'content-type': 'application/json' }, '{"token": ', 400, 'request body is not valid JSON'],
    ['malformed JSON, gzipped', '/api/submissions', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync('{"token": '), 400, 'request body is not valid JSON'],
    ['an unknown charset', '/api/submissions', { 'content-type': 'application/json; charset=ebcdic' }, '{}', 415, 'unsupported charset'],
    ['a body that is not JSON', '/api/submissions', { 'content-type': 'text/plain' }, 'hello', 415, 'expected Content-Type: application/json'],
    [
      'a CSV upload that is not gzip',
      '/api/instructor/batch',
      { ...auth, 'content-type': 'text/csv', 'content-encoding': 'gzip' },
      'student_id,version\n',
      400,
      'request body does not match its Content-Encoding',
    ],
  ])('answers %s with a JSON 4xx error and logs no stack', async (_name, path, headers, body, status, message) => {
    const r = await raw('POST', path, headers as Record<string, string>, body as string);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ error: message });
    expectNoStackLogged(server());
  });

  it.each([
    ['GET', '/q/%'],
    ['GET', '/q/%ff'],
    ['GET', '/q/%E0%A4%A'],
    ['POST', '/q/%ff'],
  ])('answers %s %s, a broken escape, with an HTML 400 page and logs no stack', async (method, path) => {
    const r = await raw(method, path, method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, method === 'POST' ? 'p1.h1=1' : undefined);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await r.text();
    expect(html).toContain('the address holds a malformed % escape');
    expect(html).not.toMatch(/URIError|decode/);
    expectNoStackLogged(server());
  });

  it('answers a form post that is not gzip with an HTML 400 page', async () => {
    const r = await raw('POST', `/q/${server().manifest.versions[0]!.token}`, { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, 'p1.h1=1');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expectNoStackLogged(server());
  });

  it('refuses a release or hide without an explicit, valid body, and releases nothing', async () => {
    const post = (path: string, headers: Record<string, string>, body?: string) => raw('POST', `/api/instructor/${path}`, { ...auth, ...headers }, body);
    const expected = 'a JSON body (Content-Type: application/json) { "versions": ["V01", …] } or { "all": true }';
    for (const [headers, body] of [
      [{ 'content-type': 'text/plain' }, '{"all": true}'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'versions=V01'],
      [{ 'content-type': 'application/json' }, '[]'],
      [{ 'content-type': 'application/json' }, '["V01"]'],
      [{}, undefined],
      [{ 'content-type': 'application/json' }, ''],
    ] as const) {
      const r = await post('release', headers, body);
      expect(r.status).toBe(400);
      const error = ((await r.json()) as { error: string }).error;
      expect(error).toMatch(/^body: expected /);
      expect(error).toContain(expected);
    }
    const empty = await post('release', { 'content-type': 'application/json' }, '{}');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/^body: expected exactly one of versions or all/);
    expect(await (await raw('GET', '/api/instructor/release', auth)).json()).toEqual({ released: [], versions: ['V01', 'V02'] });
    expect(await (await post('release', { 'content-type': 'application/json' }, '{"all": true}')).json()).toEqual({ released: ['V01', 'V02'] });
    // A hide whose body was lost hides nothing either.
    expect((await post('hide', { 'content-type': 'text/plain' }, '{"all": true}')).status).toBe(400);
    expect(await (await post('hide', { 'content-type': 'application/json' }, '{"versions": ["V02"]}')).json()).toEqual({ released: ['V01'] });
    expect(await (await post('hide', { 'content-type': 'application/json' }, '{"all": true}')).json()).toEqual({ released: [] });
  });

  it('refuses a CSV upload of 2.4 million columns before parsing it, and lists a wide junk header short and counted', async () => {
    const columns = 2_400_000;
    const csv = `student_id,version,${'x,'.repeat(columns - 3)}x\nana,V01\n`;
    expect(csv.length).toBeLessThan(5 * 1024 * 1024);
    const started = performance.now();
    const r = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, csv);
    const text = await r.text();
    console.log(`abuse 11: ${columns} columns answered in ${(performance.now() - started).toFixed(0)} ms, ${text.length} bytes`);
    expect(r.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: 'line 1: the header has 2,400,000 columns; an answer file has at most 10,000' });
    // Under the cap, unknown columns are reported 20 by name and the rest counted.
    const wide = 9_000;
    const junk = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, `student_id,version,${'x,'.repeat(wide - 3)}x\nana,V01\n`);
    expect(junk.status).toBe(200);
    const body = (await junk.json()) as { errors: { line: number; kind: string; message: string }[] };
    expect(body.errors.length).toBeLessThanOrEqual(MAX_REPLY_ERRORS);
    expect(body.errors.filter((e) => e.kind === 'unknown-field')).toHaveLength(21);
    expect(body.errors.find((e) => /more columns/.test(e.message))?.message).toBe(`and ${wide - 2 - 20} more columns are not answer fields of the manifest; their answers are ignored`);
  });

  it('caps the list of row errors in an upload reply and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `s${i},V99`).join('\n');
    const r = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, `student_id,version,p1.h1\n${rows}\n`);
    const body = (await r.json()) as { errors: unknown[]; moreErrors?: number };
    expect(body.errors).toHaveLength(MAX_REPLY_ERRORS);
    expect(body.moreErrors).toBe(250 - MAX_REPLY_ERRORS);
  });

  it('keeps number-like ids as text in the gradebook and upload CSVs', async () => {
    for (const student of ['0012', '1e5', 'ana01']) {
      const r = await raw('POST', '/api/submissions', { 'content-type': 'application/json' }, JSON.stringify({ token: server().manifest.versions[0]!.token, answers: {}, student }));
      expect(r.status).toBe(200);
    }
    const rows = parse(await (await raw('GET', '/api/instructor/gradebook.csv', auth)).text()) as string[][];
    const students = rows.slice(1).map((row) => row[1]);
    expect(students).toEqual(expect.arrayContaining(["'0012", "'1e5", 'ana01']));
    const score = rows.find((row) => row[1] === 'ana01')!;
    expect(score[4]).toBe('0'); // numbers stay numbers
    const upload = await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv', accept: 'text/csv' }, 'student_id,version,p1.h1\n0012,V01,1\n=1+1,V01,1\n');
    const graded = parse(await upload.text()) as string[][];
    expect(graded.slice(1).map((row) => row[0])).toEqual(["'0012", "'=1+1"]);
  });

  it('sends Cache-Control: no-store wherever grades or a key are shown', async () => {
    await raw('POST', '/api/instructor/release', { ...auth, 'content-type': 'application/json' }, '{"versions": ["V01"]}');
    const replies = [
      await raw('GET', `/q/${server().manifest.versions[0]!.token}`, {}),
      await raw('POST', `/q/${server().manifest.versions[0]!.token}`, { 'content-type': 'application/x-www-form-urlencoded' }, 'p1.h1=1'),
      await raw('POST', '/api/submissions', { 'content-type': 'application/json' }, JSON.stringify({ token: server().manifest.versions[0]!.token, answers: {} })),
      await raw('GET', '/api/instructor/gradebook.csv', auth),
      await raw('GET', '/api/instructor/stats', auth),
      await raw('GET', '/api/instructor/release', auth),
      await raw('POST', '/api/instructor/batch', { ...auth, 'content-type': 'text/csv' }, 'student_id,version,p1.h1\nana,V01,1\n'),
    ];
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    expect(await replies[0]!.text()).toContain('class="key"');
    // The stylesheet may still be cached.
    expect((await raw('GET', '/static/site.css', {})).headers.get('cache-control')).toMatch(/max-age=3600/);
  });

  it('refuses a draft that is not JSON (415), and a draft to a build without a roster (bare 404)', async () => {
    const text = await raw('POST', '/api/drafts', { 'content-type': 'text/plain' }, '{"token": "x", "answers": {}}');
    expect(text.status).toBe(415);
    expect(await text.json()).toEqual({ error: 'expected Content-Type: application/json' });
    const token = server().manifest.versions[0]!.token;
    const anonymous = await raw('POST', '/api/drafts', { 'content-type': 'application/json' }, JSON.stringify({ token, answers: {} }));
    expect(anonymous.status).toBe(404);
    expect(await anonymous.json()).toEqual({ error: 'not found' });
  });

  it.each(['bearer', 'BEARER', 'Bearer', 'bEaReR'])('accepts the auth scheme written %s (RFC 7235: case-insensitive)', async (scheme) => {
    expect((await raw('GET', '/api/instructor/stats', { authorization: `${scheme} ${TEST_ADMIN}` })).status).toBe(200);
    expect((await raw('GET', '/api/instructor/stats', { authorization: `${scheme} ${TEST_ADMIN.toUpperCase()}` })).status).toBe(401);
  });
});
