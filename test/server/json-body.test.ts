/**
 * The lean JSON reader of POST /api/submissions (server/json-body.ts): the
 * plain case it reads itself and the cases it hands to body-parser must give
 * the same replies (status and message) as body-parser alone would.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { parseStrictJson } from '../../server/json-body.js';
import { answerSets, startTestServer, type TestServer } from './fixture.js';

coverModuleLoad(() => import('../../server/json-body.js'));

let s: TestServer;
sharedSetup(
  async () => {
    s = await startTestServer();
  },
  () => s.close(),
);

const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) => fetch(`${s.url}/api/submissions`, { method: 'POST', headers, body });
const goodBody = () => JSON.stringify({ token: s.manifest.versions[0]!.token, answers: answerSets(s.manifest.versions[0]!).key });

describe('parseStrictJson', () => {
  it.each([
    ['{"a": 1}', { a: 1 }],
    ['\uFEFF{"a": [1, 2]}', { a: [1, 2] }],
    [' \n\t[3]', [3]],
  ])('parses %j', (text, value) => {
    expect(parseStrictJson(text)).toEqual(value);
  });
  it.each(['"x"', '12', 'null', '', '{"a": ', '{"a": 1}}'])('refuses %j as entity.parse.failed (400)', (text) => {
    expect(() => parseStrictJson(text)).toThrow(expect.objectContaining({ status: 400, type: 'entity.parse.failed' }) as Error);
  });
});

describe('POST /api/submissions bodies, fast path and fallback alike', () => {
  const full = async (r: Response) => ({ status: r.status, body: (await r.json()) as { score?: number; max?: number; error?: string } });
  it.each([
    ['application/json', {}],
    ['Application/JSON; charset=UTF-8', {}],
    ['application/json; charset=utf-8', { 'content-encoding': 'identity' }],
  ])('grades a plain body sent as %s (read by the lean reader)', async (type, extra) => {
    const r = await full(await post(goodBody(), { 'content-type': type, ...extra }));
    expect(r.status).toBe(200);
    expect(r.body.score).toBe(r.body.max);
  });
  it('grades a gzip body (read by body-parser)', async () => {
    const r = await full(await post(new Uint8Array(gzipSync(goodBody())), { 'content-type': 'application/json', 'content-encoding': 'gzip' }));
    expect(r.status).toBe(200);
    expect(r.body.score).toBe(r.body.max);
  });
  it('grades a BOM-prefixed body with leading blanks', async () => {
    const r = await full(await post(`\uFEFF \n${goodBody()}`, { 'content-type': 'application/json' }));
    expect(r.status).toBe(200);
  });
  it.each([
    ['a JSON string', '"hello"', { 'content-type': 'application/json' }, 400, 'request body is not valid JSON'],
    ['broken JSON', '{"token": ', { 'content-type': 'application/json' }, 400, 'request body is not valid JSON'],
    ['broken JSON in latin1 (fallback)', '{"token": ', { 'content-type': 'application/json; charset=latin1' }, 415, 'unsupported charset'],
    ['text/plain', '{}', { 'content-type': 'text/plain' }, 415, 'expected Content-Type: application/json'],
    ['an empty JSON body (body-parser reads it as {})', '', { 'content-type': 'application/json' }, 400, 'token: expected a string'],
    ['64 KB + 1 byte', `{"token": "${'x'.repeat(64 * 1024 - 12)}"}`, { 'content-type': 'application/json' }, 413, 'request body too large'],
  ])('refuses %s', async (_name, body, headers, status, message) => {
    const before = await s.store.count();
    const r = await full(await post(body, headers));
    expect(r).toEqual({ status, body: { error: message } });
    expect(await s.store.count()).toBe(before);
  });
  it('reads a body of exactly 64 KB on the fast path (then refuses the token, not the size)', async () => {
    const body = `{"token": "${'x'.repeat(64 * 1024 - 13)}"}`;
    expect(Buffer.byteLength(body)).toBe(64 * 1024);
    const r = await full(await post(body, { 'content-type': 'application/json' }));
    expect(r).toEqual({ status: 400, body: { error: 'token: longer than 512 characters' } });
  });
});
