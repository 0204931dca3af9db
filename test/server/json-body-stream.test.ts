/**
 * leanJsonBody on a request stream the test controls: which requests take the
 * fast path (and which go to the full parser), bodies that arrive in several
 * chunks, a body longer or shorter than its Content-Length, a stream error and
 * an aborted upload. Each error carries body-parser's `type` and status, so
 * errors.ts answers it as body-parser's would be (json-body.test.ts checks
 * the same over HTTP).
 */
import { PassThrough } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { leanJsonBody } from '../../server/json-body.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/json-body.js'));

const LIMIT = 64;

interface Outcome {
  /** 'fallback' when the full parser was called; otherwise what next() got. */
  via: 'fast' | 'fallback';
  error?: { status: unknown; type: unknown; message: string };
  body?: unknown;
}

/** A request with `headers` whose body the caller writes to the returned stream, and the outcome once next() is called. */
function request(headers: Record<string, string>, body?: unknown): { stream: PassThrough; outcome: Promise<Outcome> } {
  const stream = new PassThrough();
  const req = Object.assign(stream, { headers, body }) as unknown as Request;
  const outcome = new Promise<Outcome>((resolve) => {
    const fallback: RequestHandler = () => resolve({ via: 'fallback' });
    const next: NextFunction = (err?: unknown) => {
      if (err) {
        const e = err as Error & { status?: unknown; type?: unknown };
        resolve({ via: 'fast', error: { status: e.status, type: e.type, message: e.message } });
      } else resolve({ via: 'fast', body: req.body as unknown });
    };
    leanJsonBody(LIMIT, fallback)(req, {} as Response, next);
  });
  return { stream, outcome };
}

const json = (length: number, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'content-length': String(length), ...extra });

describe('leanJsonBody: which requests take the fast path', () => {
  it.each([
    ['plain JSON', json(2), 'fast'],
    ['charset=utf-8', { ...json(2), 'content-type': 'application/json; charset=utf-8' }, 'fast'],
    ['charset=utf-8 without the space, in capitals', { ...json(2), 'content-type': 'Application/JSON;charset=UTF-8' }, 'fast'],
    ['identity encoding', json(2, { 'content-encoding': 'Identity' }), 'fast'],
    ['the limit exactly', json(LIMIT), 'fast'],
    ['one byte over the limit', json(LIMIT + 1), 'fallback'],
    ['an empty body', json(0), 'fallback'],
    ['no length', { 'content-type': 'application/json' }, 'fallback'],
    ['a length that is not a whole number', json(2, { 'content-length': '2.5' }), 'fallback'],
    ['gzip', json(2, { 'content-encoding': 'gzip' }), 'fallback'],
    ['chunked', json(2, { 'transfer-encoding': 'chunked' }), 'fallback'],
    ['another charset', { ...json(2), 'content-type': 'application/json; charset=latin1' }, 'fallback'],
    ['no type', { 'content-length': '2' }, 'fallback'],
    ['text', { ...json(2), 'content-type': 'text/plain' }, 'fallback'],
  ])('%s → %s', async (_name, headers, via) => {
    const { stream, outcome } = request(headers);
    stream.end('{}');
    expect((await outcome).via).toBe(via);
  });

  it('a body another middleware already read goes to the fallback (which leaves it alone)', async () => {
    const { stream, outcome } = request(json(2), { already: true });
    stream.end('{}');
    expect((await outcome).via).toBe('fallback');
  });
});

describe('leanJsonBody: reading the body', () => {
  it('joins a body sent in several chunks, multi-byte characters split across them', async () => {
    const text = '{"name":"Zoë","n":[1,2]}';
    const bytes = Buffer.from(text);
    const { stream, outcome } = request(json(bytes.length));
    const split = text.indexOf('ë') + 1; // inside the two bytes of ë
    stream.write(bytes.subarray(0, split));
    stream.write(bytes.subarray(split, split + 3));
    stream.end(bytes.subarray(split + 3));
    expect(await outcome).toEqual({ via: 'fast', body: { name: 'Zoë', n: [1, 2] } });
  });

  it('a body shorter than its Content-Length is request.size.invalid (400)', async () => {
    const { stream, outcome } = request(json(10));
    stream.end('{}');
    expect(await outcome).toEqual({ via: 'fast', error: { status: 400, type: 'request.size.invalid', message: 'request size did not match content length' } });
  });

  it('a body longer than its Content-Length is refused at the first extra byte', async () => {
    const { stream, outcome } = request(json(2));
    stream.write('{}');
    stream.write(' ');
    expect(await outcome).toEqual({ via: 'fast', error: { status: 400, type: 'request.size.invalid', message: 'request size did not match content length' } });
    stream.end();
  });

  it('JSON that does not parse is entity.parse.failed (400)', async () => {
    const { stream, outcome } = request(json(3));
    stream.end('{"a');
    const o = await outcome;
    expect(o.error).toMatchObject({ status: 400, type: 'entity.parse.failed' });
  });

  it('a stream error is request.aborted (400), keeping its message; only the first outcome counts', async () => {
    const { stream, outcome } = request(json(10));
    stream.write('{"a"');
    stream.emit('error', new Error('socket hang up'));
    stream.emit('aborted');
    expect(await outcome).toEqual({ via: 'fast', error: { status: 400, type: 'request.aborted', message: 'socket hang up' } });
  });

  it('an aborted upload is request.aborted (400), and its listeners are removed', async () => {
    const { stream, outcome } = request(json(10));
    stream.write('{"a"');
    stream.emit('aborted');
    expect(await outcome).toEqual({ via: 'fast', error: { status: 400, type: 'request.aborted', message: 'request aborted' } });
    for (const event of ['data', 'end', 'error', 'aborted']) expect(stream.listenerCount(event), event).toBe(0);
  });
});
