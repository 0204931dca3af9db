/**
 * Security middleware: helmet headers with a strict CSP (the pages have no
 * script and no inline style, so nothing needs to be allowed beyond 'self'),
 * the per-IP rate limit, and the instructor's bearer check (timing-safe).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { HttpError } from './errors.js';

/** helmet's options: a CSP for server-rendered, script-free pages. */
const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      // Scripts are files of this site, never inline: the roster exam page's autosave (/static/exam.js)
      // and the instructor's live overview (/static/dashboard.js).
      scriptSrc: ["'self'"],
      connectSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  // Same-origin only: the site serves no cross-origin resources.
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet sets with these options, found once by running its
 * middleware against a recording stub. They depend on nothing in the request
 * (no CSP nonce), so setting the recorded list is the same as running helmet's
 * dozen middlewares on every request, at a fraction of the cost.
 */
function recordHelmetHeaders(): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const stub = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as never, stub as never, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return { set, removed };
}

/**
 * Helmet with a CSP for server-rendered, script-free pages: styles come from
 * `/static/` only, forms post to the same origin, nothing may frame the page.
 * @example app.use(securityHeaders())
 */
export function securityHeaders(): RequestHandler {
  const { set, removed } = recordHelmetHeaders();
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/** `Cache-Control` of every reply that may show a key or grades: no browser or proxy may keep a copy. */
export const NO_STORE = 'no-store';

/**
 * Marks every reply from here on as not to be stored (student pages once the
 * key is released, submission replies, gradebook, statistics).
 * @example app.use(noStore)
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', NO_STORE);
  next();
};

/** JSON and form bodies (SPEC: 64 KB → 413). */
export const BODY_LIMIT = '64kb';
/** BODY_LIMIT in bytes (body-parser reads 'kb' as 1024 bytes). */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** An uploaded CSV of answer sheets may be larger: a class of several hundred students. */
export const CSV_UPLOAD_LIMIT = '5mb';

export interface RateLimitOptions {
  /** Requests per window per IP. */
  limit: number;
  windowMs: number;
}

/** SHA-256 both sides first so the comparison takes the same time whatever the lengths. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Requires `Authorization: Bearer <adminToken>`; 401 otherwise, with no hint of why.
 * The scheme name is case-insensitive (`bearer`, `BEARER`: RFC 7235 §2.1); the token is not.
 * @example router.use(requireBearer(adminToken))
 */
export function requireBearer(adminToken: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer +([\x21-\x7e]{1,512})$/i.exec(header);
    if (!m || !sameSecret(m[1] as string, adminToken)) {
      next(new HttpError(401, 'instructor token required: Authorization: Bearer <RNNQUIZ_ADMIN_TOKEN>'));
      return;
    }
    next();
  };
}
