/**
 * Rate limits that fit a classroom (issue 11): a request carrying a genuine
 * token (a student's own, or a version token of an anonymous build) is counted
 * against that token, so 300 students behind one NAT address or proxy each
 * have their own allowance; a request without one (a script guessing tokens,
 * a forged token) is counted per address. Both limits are configurable.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Site } from './site.js';

export interface ClassroomLimits {
  /** Requests per window per genuine token: a student saving every 3 s uses 20 a minute. */
  perToken: number;
  /** Requests per window per address, for requests without a genuine token. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: ClassroomLimits = { perToken: 120, perAddress: 60, windowMs: 60_000 };

/** The token a request carries: in the path (`/q/<token>`) or in a parsed JSON body (`{ token }`). */
export function tokenOf(req: Request): string | undefined {
  const m = /^\/q\/([^/]{1,512})$/.exec(req.path);
  if (m) return decodeURIComponent(m[1] as string);
  const body = req.body as { token?: unknown } | undefined;
  return typeof body === 'object' && body !== null && typeof body.token === 'string' && body.token.length <= 512 ? body.token : undefined;
}

function keyOf(site: Site, req: Request): string {
  const token = tokenOf(req);
  const byToken = token === undefined ? null : site.limitKeyOf(token);
  return byToken ?? `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

/**
 * One limiter: a genuine token gets `perToken`, an address `perAddress`. The
 * reply to a refused request goes to `onLimit` (the JSON API answers JSON, a
 * form post re-renders the page with the answers still in it).
 * @example app.use(classroomLimiter(site, DEFAULT_LIMITS))
 */
export function classroomLimiter(site: Site, limits: ClassroomLimits, onLimit?: RequestHandler): RequestHandler {
  return rateLimit({
    windowMs: limits.windowMs,
    limit: (req) => (keyOf(site, req).startsWith('ip:') ? limits.perAddress : limits.perToken),
    keyGenerator: (req) => keyOf(site, req),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res, next) => {
      if (onLimit) return void onLimit(req, res, next);
      res.status(429).json({ error: 'too many requests: wait a minute and try again' });
    },
  });
}
