/**
 * The instructor's browser session: the admin token is typed once on the
 * sign-in page and traded for a random session id in an HttpOnly,
 * SameSite=Strict cookie (Secure over https). Sessions live in this process's
 * memory and expire; each carries its own CSRF token (synchronizer token
 * pattern), which every form echoes in a hidden field and every POST must match.
 * The admin token itself is never stored in the cookie nor put in a URL.
 */
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { NO_STORE } from '../security.js';

export const SESSION_COOKIE = 'rq_session';
/** Set by the sign-in page: the sign-in form's own CSRF token (there is no session yet). */
export const SIGN_IN_COOKIE = 'rq_signin';
/** The instructor's pages live here; the cookies are sent nowhere else. */
export const DASHBOARD_PATH = '/instructor';
export const SIGN_IN_PATH = `${DASHBOARD_PATH}/sign-in`;
/** A session ends this long after its last use (a working day with lunch). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** … and at the latest this long after sign-in. */
export const SESSION_MAX_MS = 24 * 60 * 60 * 1000;
/** More live sessions than this and the oldest is dropped: a script signing in forever cannot fill memory. */
export const MAX_SESSIONS = 1000;

export interface Session {
  id: string;
  csrf: string;
  createdAt: number;
  lastUsedAt: number;
}

/** A random URL-safe token (256 bits). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two strings of any length (hashed first). */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface SessionStore {
  create(): Session;
  /** The live session with this id, touched; undefined when unknown or expired (and then forgotten). */
  get(id: string): Session | undefined;
  destroy(id: string): void;
  readonly size: number;
}

/**
 * @example const s = createSessionStore(); const session = s.create(); s.get(session.id) === session // true
 */
export function createSessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, Session>();
  const expired = (s: Session, t: number) => t - s.lastUsedAt > SESSION_IDLE_MS || t - s.createdAt > SESSION_MAX_MS;
  return {
    create() {
      const t = now();
      for (const [id, s] of sessions) if (expired(s, t)) sessions.delete(id);
      // Map keeps insertion order: the first key is the oldest session.
      while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
      const session = { id: randomToken(), csrf: randomToken(), createdAt: t, lastUsedAt: t };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      const s = sessions.get(id);
      if (!s) return undefined;
      const t = now();
      if (expired(s, t)) {
        sessions.delete(id);
        return undefined;
      }
      s.lastUsedAt = t;
      return s;
    },
    destroy(id) {
      sessions.delete(id);
    },
    get size() {
      return sessions.size;
    },
  };
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  // Our cookies hold base64url only, so a plain split finds them; anything else is ignored.
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, path-scoped; Secure when the request came over https. */
export function setCookie(req: Request, res: Response, name: string, value: string, options: { path: string; maxAgeSeconds?: number }): void {
  const parts = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', 'SameSite=Strict'];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (req.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(req: Request, res: Response, name: string, path: string): void {
  setCookie(req, res, name, '', { path, maxAgeSeconds: 0 });
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by requireSession on the instructor's pages. */
    instructorSession?: Session;
  }
}

/**
 * Every instructor page: a live session or a 303 to the sign-in page; no
 * caching anywhere (the pages hold grades and tokens).
 * @example router.use(DASHBOARD_PATH, requireSession(sessions))
 */
export function requireSession(sessions: SessionStore): RequestHandler {
  return (req, res, next) => {
    res.set('Cache-Control', NO_STORE);
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? sessions.get(id) : undefined;
    if (!session) {
      res.redirect(303, SIGN_IN_PATH);
      return;
    }
    req.instructorSession = session;
    next();
  };
}

/** The `_csrf` field of a parsed form body matches the session's token. */
export function csrfMatches(body: unknown, expected: string): boolean {
  const given = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
  return typeof given === 'string' && given.length <= 128 && sameToken(given, expected);
}
