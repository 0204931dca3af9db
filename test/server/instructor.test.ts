/** /api/instructor/*: bearer auth, gradebook CSV, statistics, release/hide, batch grading of an uploaded CSV. */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { parse } from 'csv-parse/sync';
import { answerSets, postJson, startTestServer, TEST_ADMIN, testManifest, type TestServer } from './fixture.js';

coverModuleLoad(
  () => import('../../server/routes/instructor.js'),
  () => import('../../server/gradebook.js'),
);

let s: TestServer;
const auth = { authorization: `Bearer ${TEST_ADMIN}` };
const get = (path: string, headers: Record<string, string> = auth) => fetch(`${s.url}/api/instructor/${path}`, { headers });
const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = auth) =>
  fetch(`${s.url}/api/instructor/${path}`, { method: 'POST', headers: { ...headers, 'content-type': type }, body });

sharedSetup(
  async () => {
    s = await startTestServer({ manifest: testManifest({ attempts: { limit: 3, counts: 'best' } }) });
    const v1 = s.manifest.versions[0]!;
    const { key } = answerSets(v1);
    const send = (answers: Record<string, string>, student: string) => postJson(`${s.url}/api/submissions`, { token: v1.token, answers, student });
    await send(key, 'ana'); // 13
    await send({ 'p1.a1': key['p1.a1']! }, 'ana'); // 1: best keeps 13
    await send({ 'p1.a1': 'oops(' }, 'bo'); // 0
  },
  () => s.close(),
);

describe('bearer auth', () => {
  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-0123456789' }],
    ['the right token without Bearer', { authorization: TEST_ADMIN }],
    ['a token one character short', { authorization: `Bearer ${TEST_ADMIN.slice(0, -1)}` }],
  ])('refuses %s with 401', async (_name, headers) => {
    for (const path of ['gradebook.csv', 'stats', 'release']) {
      const r = await get(path, headers as Record<string, string>);
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ error: 'instructor token required: Authorization: Bearer <RNNQUIZ_ADMIN_TOKEN>' });
    }
    expect((await post('release', '{}', 'application/json', headers as Record<string, string>)).status).toBe(401);
    expect((await post('batch', 'student_id,version\n', 'text/csv', headers as Record<string, string>)).status).toBe(401);
  });
});

describe('gradebook and statistics', () => {
  it('lists each student with the counted (best) attempt and per-field points', async () => {
    const r = await get('gradebook.csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(await r.text()) as string[][];
    expect(rows[0]!.slice(0, 8)).toEqual(['version', 'student', 'attempts', 'counted_attempt', 'score', 'max', 'percent', 'last_submitted']);
    expect(rows[0]).toContain('p1.h2');
    const ana = rows.find((x) => x[1] === 'ana')!;
    expect(ana.slice(0, 7)).toEqual(['V01', 'ana', '2', '1', '13', '13', '100.0']);
    const bo = rows.find((x) => x[1] === 'bo')!;
    expect(bo.slice(0, 7)).toEqual(['V01', 'bo', '1', '1', '0', '13', '0.0']);
  });

  it('gives per-field facility and status counts over the counted attempts', async () => {
    const r = await get('stats');
    const body = (await r.json()) as {
      counts: string;
      students: number;
      submissions: number;
      meanPercent: number;
      fields: Record<string, { n: number; facility: number; status: Record<string, number> }>;
    };
    expect(body.counts).toBe('best');
    expect(body.students).toBe(2);
    expect(body.submissions).toBe(3);
    expect(body.meanPercent).toBe(50);
    expect(body.fields['p1.a1']).toMatchObject({ n: 2, facility: 0.5, status: { correct: 1, unreadable: 1, carried: 0, incorrect: 0, blank: 0 } });
  });
});

describe('release and hide', () => {
  it('persists the released versions and puts the key into API replies', async () => {
    expect(await (await get('release')).json()).toEqual({ released: [], versions: ['V01', 'V02'] });
    expect(await (await post('release', '{"versions": ["V02"]}')).json()).toEqual({ released: ['V02'] });
    expect((await s.store.releasedVersions()).has('V02')).toBe(true);
    const v2 = s.manifest.versions[1]!;
    const reply = (await (await postJson(`${s.url}/api/submissions`, { token: v2.token, answers: {} })).json()) as { key?: Record<string, string> };
    expect(reply.key).toEqual(answerSets(v2).key);
    expect(await (await post('release', '{"all": true}')).json()).toEqual({ released: ['V01', 'V02'] });
    expect(await (await post('hide', '{"versions": ["V01"]}')).json()).toEqual({ released: ['V02'] });
    expect(await (await post('hide', '{"all": true}')).json()).toEqual({ released: [] });
  });

  it.each([
    ['an unknown version', '{"versions": ["V99"]}', 'versions: no version "V99" in the manifest'],
    ['versions as text', '{"versions": "V01"}', 'versions: expected a non-empty list of version ids'],
    ['an unknown field', '{"every": true}', 'every: unknown field (expected a JSON body (Content-Type: application/json) { "versions": ["V01", …] } or { "all": true })'],
    ['all other than true', '{"all": "yes"}', 'all: expected true (or send { "versions": [...] } to name versions)'],
    ['both fields', '{"all": true, "versions": ["V01"]}', 'body: expected exactly one of versions or all: a JSON body (Content-Type: application/json) { "versions": ["V01", …] } or { "all": true }'],
    ['a __proto__ key', '{"__proto__": {"x": 1}}', '__proto__: unknown field (expected a JSON body (Content-Type: application/json) { "versions": ["V01", …] } or { "all": true })'],
    ['malformed JSON', '{"versions": [', 'request body is not valid JSON'],
  ])('refuses %s with 400', async (_name, body, message) => {
    const r = await post('release', body);
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: message });
  });
});

describe('batch grading of an uploaded CSV', () => {
  it('grades good rows, reports bad ones by line, and returns grades as CSV on request', async () => {
    const v1 = s.manifest.versions[0]!;
    const { key } = answerSets(v1);
    const csv = `student_id,version,p1.a1,p1.h1\ncara,V01,"${key['p1.a1']}","${key['p1.h1']}"\ndan,V77,1,2\n`;
    const r = await post('batch', csv, 'text/csv');
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      graded: number;
      layout: string;
      errors: { line: number; kind: string }[];
      grades: { studentId: string; score: number; max: number }[];
      fields: { key: string; n: number }[];
    };
    expect(body.graded).toBe(1);
    expect(body.layout).toBe('wide');
    expect(body.grades).toEqual([{ line: 2, studentId: 'cara', version: 'V01', score: 2, max: 13 }]);
    expect(body.errors).toEqual([expect.objectContaining({ line: 3, kind: 'unknown-version' })]);
    expect(body.fields.find((f) => f.key === 'p1.a1')).toMatchObject({ n: 1 });
    const asCsv = await fetch(`${s.url}/api/instructor/batch`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv', accept: 'text/csv' }, body: csv });
    const rows = parse(await asCsv.text()) as string[][];
    expect(rows[0]!.slice(0, 5)).toEqual(['student_id', 'version', 'score', 'max', 'percent']);
    expect(rows[1]!.slice(0, 4)).toEqual(['cara', 'V01', '2', '13']);
  });

  it('answers 400 for a file without the needed header and 415 for JSON', async () => {
    const r = await post('batch', 'name,answer\nx,1\n', 'text/csv');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/^line 1: the header needs a student_id and a version column/);
    const j = await post('batch', '{}', 'application/json');
    expect(j.status).toBe(415);
    expect(await j.json()).toEqual({ error: 'expected Content-Type: text/csv' });
  });
});
