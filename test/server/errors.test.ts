/**
 * What a client is told when something goes wrong (server/errors.ts): every
 * library failure becomes a status and a message of ours, never the library's
 * text or a stack; only what is left is a 500, and only 5xx and store faults
 * are logged. The handler is driven with a minimal request and response, so
 * each row checks exactly what is sent and what is logged.
 */
import { describe, expect, it } from 'vitest';
import type { NextFunction, Request, Response } from 'express';
import { describeError, errorHandler, HttpError, STORE_UNAVAILABLE_MESSAGE } from '../../server/errors.js';
import { createLogger } from '../../server/logging.js';
import { AttemptLimitError, StoreUnavailableError } from '../../src/store/index.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/errors.js'),
  () => import('../../server/logging.js'),
);

const withType = (type: string) => Object.assign(new Error('library text that must not leak'), { type });

describe('describeError', () => {
  it.each([
    ['an HttpError keeps its status and message', new HttpError(422, 'fix the answers'), 422, 'fix the answers'],
    ['the attempt limit', new AttemptLimitError(2), 409, 'attempt limit reached: 2 of 2 attempts used'],
    ['the store unavailable (its reason may name files)', new StoreUnavailableError('SQLITE_FULL at /srv/x.db'), 503, STORE_UNAVAILABLE_MESSAGE],
    ['a body too large', withType('entity.too.large'), 413, 'request body too large'],
    ['JSON that does not parse', withType('entity.parse.failed'), 400, 'request body is not valid JSON'],
    ['a refused body', withType('entity.verify.failed'), 400, 'request body was refused'],
    ['an unknown encoding', withType('encoding.unsupported'), 415, 'unsupported body encoding'],
    ['an unknown charset', withType('charset.unsupported'), 415, 'unsupported charset'],
    ['too many form fields', withType('parameters.too.many'), 413, 'too many form fields'],
    ['an aborted request', withType('request.aborted'), 400, 'request aborted'],
    ['a body shorter than its length', withType('request.size.invalid'), 400, 'request size does not match Content-Length'],
    ['a malformed % escape in the path', new URIError('URI malformed'), 400, 'the address holds a malformed % escape'],
    ['a gzip body that is not gzip', Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' }), 400, 'request body does not match its Content-Encoding'],
    ['a truncated deflate body', Object.assign(new Error('unexpected end of file'), { code: 'Z_BUF_ERROR' }), 400, 'request body does not match its Content-Encoding'],
    ['an http-error 405 by status', Object.assign(new Error('x'), { status: 405 }), 405, 'method not allowed'],
    ['an http-error 414 by statusCode', Object.assign(new Error('x'), { statusCode: 414 }), 414, 'address too long'],
    ['an http-error 404 by status', Object.assign(new Error('x'), { status: 404 }), 404, 'not found'],
    ['an http-error 408 by status', Object.assign(new Error('x'), { status: 408 }), 408, 'request timeout'],
    ['an http-error 411 by status', Object.assign(new Error('x'), { status: 411 }), 411, 'Content-Length required'],
    ['an http-error 413 by status', Object.assign(new Error('x'), { status: 413 }), 413, 'request body too large'],
    ['an http-error 415 by status', Object.assign(new Error('x'), { status: 415 }), 415, 'unsupported media type'],
    ['an http-error 416 by status', Object.assign(new Error('x'), { status: 416 }), 416, 'range not satisfiable'],
    ['an http-error 431 by status', Object.assign(new Error('x'), { status: 431 }), 431, 'request headers too large'],
    ['a 4xx with no message of ours', Object.assign(new Error('x'), { status: 418 }), 418, 'bad request'],
    ['the lowest client status', Object.assign(new Error('x'), { status: 400 }), 400, 'bad request'],
    ['the highest client status', Object.assign(new Error('x'), { status: 499 }), 499, 'bad request'],
    ['a 5xx from a library', Object.assign(new Error('x'), { status: 500 }), 500, 'internal error'],
    ['a 3xx is no client error', Object.assign(new Error('x'), { status: 399 }), 500, 'internal error'],
    ['a fractional status', Object.assign(new Error('x'), { status: 404.5 }), 500, 'internal error'],
    ['a status given as text', Object.assign(new Error('x'), { status: '404' }), 500, 'internal error'],
    ['another error code', Object.assign(new Error('x'), { code: 'ENOENT' }), 500, 'internal error'],
    ['a type inherited by every object', withType('constructor'), 500, 'internal error'],
    ['a type that is not text', Object.assign(new Error('x'), { type: 413 }), 500, 'internal error'],
    ['a plain Error', new Error('boom at /srv/app.js:12'), 500, 'internal error'],
    ['null thrown', null, 500, 'internal error'],
    ['undefined thrown', undefined, 500, 'internal error'],
  ])('%s', (_name, err, status, message) => {
    expect(describeError(err)).toEqual({ status, message });
  });
});

interface Sent {
  status?: number;
  type?: string;
  body?: string;
  ended: boolean;
}

/** Runs the handler on `err` for a request to `path`; returns what was sent and the error lines logged. */
function handle(err: unknown, o: { headersSent?: boolean; path?: string } = {}): { sent: Sent; logged: Record<string, unknown>[] } {
  const logged: Record<string, unknown>[] = [];
  const log = createLogger({ quiet: true, writeError: (line) => logged.push(JSON.parse(line) as Record<string, unknown>) });
  const sent: Sent = { ended: false };
  const res = {
    headersSent: o.headersSent ?? false,
    status(s: number) {
      sent.status = s;
      return this;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    send(b: string) {
      sent.body = b;
      return this;
    },
    end() {
      sent.ended = true;
      return this;
    },
  };
  const next: NextFunction = () => {
    throw new Error('the last handler never calls next');
  };
  errorHandler(log)(err, { path: o.path ?? '/api/submissions' } as Request, res as unknown as Response, next);
  return { sent, logged };
}

describe('errorHandler', () => {
  it('sends { error } as JSON with the status, and logs nothing for a client mistake', () => {
    const { sent, logged } = handle(new HttpError(400, 'no such field p9.x'));
    expect(sent).toEqual({ status: 400, type: 'application/json', body: '{"error":"no such field p9.x"}', ended: false });
    expect(logged).toEqual([]);
  });

  it('names each unreadable answer of a refused HttpError; an empty list or another error type adds nothing', () => {
    const refusal = Object.assign(new HttpError(422, 'some answers cannot be read'), { formatErrors: { 'p1.h1': 'expected 2 numbers, got 1' } });
    expect(JSON.parse(handle(refusal).sent.body!)).toEqual({ error: 'some answers cannot be read', formatErrors: { 'p1.h1': 'expected 2 numbers, got 1' } });
    const empty = Object.assign(new HttpError(422, 'x'), { formatErrors: {} });
    expect(JSON.parse(handle(empty).sent.body!)).toEqual({ error: 'x' });
    const foreign = Object.assign(new Error('x'), { status: 400, formatErrors: { 'p1.h1': 'leaks' } });
    expect(JSON.parse(handle(foreign).sent.body!)).toEqual({ error: 'bad request' });
  });

  it('logs an unexpected error with its stack but sends only "internal error"', () => {
    const err = new Error('boom at /srv/app.js:12');
    const { sent, logged } = handle(err, { path: '/api/x' });
    expect(sent.status).toBe(500);
    expect(sent.body).toBe('{"error":"internal error"}');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', msg: 'unhandled error', path: '/api/x', error: err.stack });
  });

  it('logs a thrown non-error as text', () => {
    expect(handle('a string').logged[0]).toMatchObject({ msg: 'unhandled error', error: 'a string' });
  });

  it('logs a store fault once, as such, with its reason; the client gets 503 and the message of ours', () => {
    const { sent, logged } = handle(new StoreUnavailableError('SQLITE_FULL at /srv/x.db'), { path: '/api/drafts' });
    expect(sent).toMatchObject({ status: 503, body: JSON.stringify({ error: STORE_UNAVAILABLE_MESSAGE }) });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'store unavailable', path: '/api/drafts', error: 'SQLITE_FULL at /srv/x.db' });
  });

  it('ends a reply already under way instead of sending a second one', () => {
    const { sent } = handle(new HttpError(400, 'x'), { headersSent: true });
    expect(sent).toEqual({ ended: true });
  });
});
