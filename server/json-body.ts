/**
 * A lean JSON body reader for the busiest route (POST /api/submissions). The
 * common request, `Content-Type: application/json` (charset utf-8 or none),
 * no Content-Encoding and a Content-Length within the limit, is read and
 * parsed here directly: a few listeners and one `JSON.parse`, instead of
 * body-parser's content-type, charset, iconv and raw-body machinery. Every
 * other request (compressed, chunked, another charset, empty, too large) goes
 * to the full parser it is given, so 413s, 415s and their messages stay
 * exactly body-parser's. Errors carry body-parser's `type` and `status`, so
 * errors.ts maps them to the same client messages.
 */
import type { Request, RequestHandler } from 'express';

/** An error shaped like body-parser's (errors.ts reads `type`). */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}

/** The content types read on the fast path (compared lower-cased); others go to the full parser. */
const FAST_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/** True when the request is the plain case: JSON in UTF-8, not compressed, 1..limit bytes announced. */
function isPlainJson(req: Request, limit: number): boolean {
  const h = req.headers;
  const type = h['content-type'];
  if (type === undefined || !FAST_TYPES.has(type.toLowerCase())) return false;
  const encoding = h['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  if (h['transfer-encoding'] !== undefined) return false;
  const length = Number(h['content-length']);
  return Number.isInteger(length) && length > 0 && length <= limit;
}

/**
 * Parses the body as body-parser's strict JSON parser would: a UTF-8 byte
 * order mark is dropped (iconv does so there), the first non-blank character
 * must open an object or array, and a syntax error is a 400 `entity.parse.failed`.
 * @example parseStrictJson('\uFEFF {"a": 1}') // { a: 1 }
 */
export function parseStrictJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body)?.[0];
  if (first !== '{' && first !== '[') throw bodyError(400, 'entity.parse.failed', 'strict violation');
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    throw bodyError(400, 'entity.parse.failed', e instanceof Error ? e.message : String(e));
  }
}

/**
 * `fallback` for anything but the plain case; the plain case is read here
 * into `req.body`. `limit` is in bytes and should equal the fallback's.
 * @example router.post('/api/x', leanJsonBody(64 * 1024, express.json({ limit: '64kb' })), handler)
 */
export function leanJsonBody(limit: number, fallback: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.body !== undefined || !isPlainJson(req, limit)) {
      fallback(req, res, next);
      return;
    }
    const expected = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
      req.removeListener('aborted', onAborted);
      if (err) {
        next(err);
        return;
      }
      try {
        const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
        req.body = parseStrictJson(buffer.toString('utf8'));
      } catch (e) {
        next(e);
        return;
      }
      next();
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      // The HTTP parser never delivers more than Content-Length; checked anyway, as raw-body does.
      if (received > expected) {
        req.pause();
        finish(bodyError(400, 'request.size.invalid', 'request size did not match content length'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(received === expected ? null : bodyError(400, 'request.size.invalid', 'request size did not match content length'));
    const onError = (e: Error): void => finish(Object.assign(e, { status: 400, type: 'request.aborted' }));
    const onAborted = (): void => finish(bodyError(400, 'request.aborted', 'request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  };
}
