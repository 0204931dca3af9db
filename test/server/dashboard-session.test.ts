/** The instructor's session store: ids are random and unguessable, sessions expire when idle or old, the count is capped. */
import { describe, expect, it } from 'vitest';
import { createSessionStore, MAX_SESSIONS, SESSION_IDLE_MS, SESSION_MAX_MS, csrfMatches } from '../../server/dashboard/session.js';

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
