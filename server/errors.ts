/**
 * HTTP errors and the last-resort error handler. Every error reply is
 * `{ "error": message }` with a message written for the client; stack traces,
 * file paths and library messages never leave the server (they go to the log).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from './logging.js';
import { AttemptLimitError, StoreUnavailableError } from '../src/store/index.js';

/** An error whose status and message are safe to show to the client. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The one reply for an unknown or forged token: it says nothing about why. */
export const NOT_FOUND_MESSAGE = 'not found';

/** The client's side of a StoreUnavailableError: nothing was stored (the reason, which may name files, goes to the log). */
export const STORE_UNAVAILABLE_MESSAGE = 'the server cannot store answers right now, so nothing was saved: try again in a minute';

/** Messages for body-parser failures, keyed by its `type`; the library's own texts are never echoed. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, 'request body too large'],
  'entity.parse.failed': [400, 'request body is not valid JSON'],
  'entity.verify.failed': [400, 'request body was refused'],
  'encoding.unsupported': [415, 'unsupported body encoding'],
  'charset.unsupported': [415, 'unsupported charset'],
  'parameters.too.many': [413, 'too many form fields'],
  'request.aborted': [400, 'request aborted'],
  'request.size.invalid': [400, 'request size does not match Content-Length'],
};

/** Messages for other client errors the libraries raise (http-errors with a 4xx status), by status. */
const CLIENT_ERRORS: Record<number, string> = {
  400: 'bad request',
  404: NOT_FOUND_MESSAGE,
  405: 'method not allowed',
  408: 'request timeout',
  411: 'Content-Length required',
  413: 'request body too large',
  414: 'address too long',
  415: 'unsupported media type',
  416: 'range not satisfiable',
  431: 'request headers too large',
};

/**
 * Turns a thrown error into a status and client-safe message. Client
 * mistakes the libraries report (a `%` escape that does not decode, a body
 * that is not what its Content-Encoding says, any other http-errors 4xx) keep
 * their 4xx status with a message of ours; only what is left is a 500.
 */
export function describeError(err: unknown): { status: number; message: string } {
  if (err instanceof HttpError) return { status: err.status, message: err.message };
  if (err instanceof AttemptLimitError) return { status: 409, message: err.message };
  if (err instanceof StoreUnavailableError) return { status: 503, message: STORE_UNAVAILABLE_MESSAGE };
  const e = (err ?? {}) as { type?: unknown; status?: unknown; statusCode?: unknown; code?: unknown };
  const bodyError = typeof e.type === 'string' && Object.hasOwn(BODY_ERRORS, e.type) ? BODY_ERRORS[e.type] : undefined;
  if (bodyError) {
    const [status, message] = bodyError;
    return { status, message };
  }
  // express's router decodes `:token` with decodeURIComponent: `/q/%` and `/q/%ff` throw URIError (status 400).
  if (err instanceof URIError) return { status: 400, message: 'the address holds a malformed % escape' };
  // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR…) while inflating a gzip or deflate body.
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) return { status: 400, message: 'request body does not match its Content-Encoding' };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) return { status, message: CLIENT_ERRORS[status] ?? 'bad request' };
  return { status: 500, message: 'internal error' };
}

/** Replies with `{ error }`; logs unexpected errors (with their stack) on the server side only. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, message } = describeError(err);
    if (err instanceof StoreUnavailableError) log.error('store unavailable', { path: req.path, error: err.message });
    else if (status >= 500) log.error('unhandled error', { path: req.path, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    if (res.headersSent) {
      res.end();
      return;
    }
    // A refused submission names each unreadable answer with its format error (never anything about correctness).
    const formatErrors = (err as { formatErrors?: Record<string, string> } | null)?.formatErrors;
    const extra = err instanceof HttpError && formatErrors && Object.keys(formatErrors).length > 0 ? { formatErrors } : {};
    res
      .status(status)
      .type('application/json')
      .send(JSON.stringify({ error: message, ...extra }));
  };
}

/** 404 for every route nobody handles. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: NOT_FOUND_MESSAGE });
};
