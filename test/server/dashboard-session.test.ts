/** The instructor's session store: ids are random and unguessable, sessions expire when idle or old, the count is capped. */
import { describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { clearCookie, createSessionStore, MAX_SESSIONS, SESSION_IDLE_MS, SESSION_MAX_MS, csrfMatches, randomToken, readCookie, sameToken, setCookie } from '../../server/dashboard/session.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/dashboard/session.js'));

describe('instructor sessions', () => {
  it('expires a session idle for longer than SESSION_IDLE_MS (8 h) and any older than SESSION_MAX_MS (24 h)', () => {
    let t = 1_000_000;
    const store = createSessionStore(() => t);
    const s = store.create();
    expect(s.id).toMatch(/^[\w-]{43}$/); // 32 random bytes, base64url
    expect(s.csrf).not.toBe(s.id);
    t += 8 * 3600_000; // exactly 8 h idle: still alive, and touched
    expect(store.get(s.id)).toBe(s);
    t += 8 * 3600_000 + 1; // one ms past 8 h idle
    expect(store.get(s.id)).toBeUndefined();
    expect(store.get(s.id)).toBeUndefined();

    const busy = store.create();
    for (let h = 0; h < 24; h += 4) {
      t += 4 * 3600_000;
      expect(store.get(busy.id)).toBe(busy); // used every 4 h …
    }
    t += 1; // … but 24 h after sign-in it ends anyway
    expect(store.get(busy.id)).toBeUndefined();
    expect([SESSION_IDLE_MS, SESSION_MAX_MS]).toEqual([8 * 3600_000, 24 * 3600_000]);
  });

  it('keeps at most MAX_SESSIONS, dropping the oldest; sign-out forgets at once', () => {
    const store = createSessionStore(() => 0);
    const first = store.create();
    const second = store.create();
    for (let i = 2; i < MAX_SESSIONS + 1; i++) store.create();
    expect(store.size).toBe(MAX_SESSIONS);
    expect(store.get(first.id)).toBeUndefined();
    expect(store.get(second.id)).toBe(second);
    store.destroy(second.id);
    expect(store.get(second.id)).toBeUndefined();
  });

  it.each([
    [{ _csrf: 'abc' }, 'abc', true],
    [{ _csrf: 'abd' }, 'abc', false],
    [{ _csrf: '' }, 'abc', false],
    [{ _csrf: ['abc', 'abc'] }, 'abc', false],
    [{}, 'abc', false],
    [undefined, 'abc', false],
    [{ _csrf: 'x'.repeat(129) }, 'x'.repeat(129), false],
  ])('csrfMatches(%j, %s) is %s', (body, expected, ok) => {
    expect(csrfMatches(body, expected)).toBe(ok);
  });
});

describe('cookies', () => {
  const req = (cookie?: string, secure = false) => ({ headers: cookie === undefined ? {} : { cookie }, secure }) as unknown as Request;
  it.each([
    ['rq_session=abc_DEF-123', 'abc_DEF-123'],
    ['a=1; rq_session=tok; b=2', 'tok'],
    ['  rq_session  =  tok  ', 'tok'],
    ['rq_session_x=tok; rq_session=mine', 'mine'], // a longer name with the same start is another cookie
    ['xrq_session=tok', undefined],
    ['rq_session=', undefined],
    ['rq_session=a.b', undefined], // not base64url: ignored, never half-read
    [`rq_session=${'a'.repeat(128)}`, 'a'.repeat(128)],
    [`rq_session=${'a'.repeat(129)}`, undefined],
    ['=tok; rq_session=ok', 'ok'],
    ['rq_session=first; rq_session=second', 'first'],
    [`rq_session=tok; pad=${'x'.repeat(8192)}`, undefined], // a header over 8 KB is not read at all
    ['', undefined],
    [undefined, undefined],
  ])('readCookie from %j is %j', (header, value) => {
    expect(readCookie(req(header), 'rq_session')).toBe(value);
  });

  it('sets HttpOnly, SameSite=Strict, path-scoped cookies, Secure only over https; clearing sends Max-Age=0', () => {
    const sent: string[] = [];
    const res = { append: (name: string, value: string) => sent.push(`${name}: ${value}`) } as unknown as Response;
    setCookie(req(), res, 'rq_session', 'tok', { path: '/instructor' });
    setCookie(req(undefined, true), res, 'rq_session', 'tok', { path: '/instructor', maxAgeSeconds: 60 });
    clearCookie(req(), res, 'rq_signin', '/instructor/sign-in');
    expect(sent).toEqual([
      'Set-Cookie: rq_session=tok; Path=/instructor; HttpOnly; SameSite=Strict',
      'Set-Cookie: rq_session=tok; Path=/instructor; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
      'Set-Cookie: rq_signin=; Path=/instructor/sign-in; HttpOnly; SameSite=Strict; Max-Age=0',
    ]);
  });

  it('makes random tokens of 32 bytes in base64url and compares tokens of any length', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(sameToken(a, a)).toBe(true);
    expect(sameToken(a, `${a}x`)).toBe(false);
    expect(sameToken('', '')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
  });
});
