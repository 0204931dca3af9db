/**
 * The protections every reply carries, checked in process (abuse.test.ts
 * checks them against a child server, where mutation testing cannot see): the
 * exact Content-Security-Policy and the other helmet headers, the instructor
 * token's header syntax, and the body limits (64 KiB for JSON, 5 MB for an
 * uploaded CSV). Expected values are written from server/security.ts's
 * contract and SPEC's limits.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad } from '../support/fixture.js';
import { TEST_ADMIN, useTestServer } from './fixture.js';

coverModuleLoad(() => import('../../server/security.js'));

const server = useTestServer();
const url = (path: string) => `${server().url}${path}`;

const CSP = "default-src 'none';script-src 'self';connect-src 'self';style-src 'self';img-src 'self';font-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'";

describe('security headers', () => {
  it.each(['/static/site.css', '/q/not-a-token', '/nowhere', '/api/health'])('%s carries the CSP, no referrer, same-origin resources, no sniffing', async (path) => {
    const r = await fetch(url(path));
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('marks a reply that may show grades as not to be stored', async () => {
    const r = await fetch(url('/api/instructor/stats'), { headers: { authorization: `Bearer ${TEST_ADMIN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the instructor token', () => {
  it.each([
    [`Bearer ${TEST_ADMIN}`, 200],
    [`bearer ${TEST_ADMIN}`, 200],
    [`Bearer   ${TEST_ADMIN}`, 200],
    [`Bearer ${TEST_ADMIN} extra`, 401],
    [`XBearer ${TEST_ADMIN}`, 401],
    [`Bearer ${TEST_ADMIN}x`, 401],
    [TEST_ADMIN, 401],
  ])('%j → %i', async (authorization, status) => {
    const r = await fetch(url('/api/instructor/stats'), { headers: { authorization } });
    expect(r.status).toBe(status);
  });

  it('is refused when absent', async () => {
    expect((await fetch(url('/api/instructor/stats'))).status).toBe(401);
  });
});

describe('body limits', () => {
  const post = (path: string, type: string, body: string, auth = false) =>
    fetch(url(path), { method: 'POST', headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${TEST_ADMIN}` } : {}) }, body });
  /** A JSON submission padded with spaces to exactly `bytes` bytes. */
  const jsonOf = (bytes: number) => {
    const body = JSON.stringify({ token: 'x', answers: {} });
    return body.slice(0, -1) + ' '.repeat(bytes - body.length) + '}';
  };

  it('reads a JSON body of 64 KiB and refuses one byte more with 413', async () => {
    const atLimit = await post('/api/submissions', 'application/json', jsonOf(64 * 1024));
    expect(atLimit.status).not.toBe(413);
    expect((await post('/api/submissions', 'application/json', jsonOf(64 * 1024 + 1))).status).toBe(413);
  });

  it('reads an uploaded CSV of answer sheets far larger than a JSON body (a class of hundreds)', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `student-${i},V01,1`).join('\n');
    const csv = `student_id,version,p1.h1\n${rows}\n`;
    expect(csv.length).toBeGreaterThan(100 * 1024);
    const r = await post('/api/instructor/batch', 'text/csv', csv, true);
    expect(r.status).toBe(200);
  });
});
