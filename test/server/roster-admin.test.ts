/**
 * The instructor's roster routes on a real (SQLite) server: revoking and
 * re-issuing a student's token over HTTP, the roster gradebook (one row per
 * student, also those who never opened the exam), paper results imported
 * from answer sheets into the same gradebook, and the rate limit keyed by
 * token (one address, many students) but per address without a genuine token.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { keyAsResponses } from '../../src/grading/index.js';
import { rosterManifest } from '../support/roster-manifest.js';
import { ROSTER_ADMIN, startRosterServer, type RosterServer } from '../support/roster-server.js';

coverModuleLoad(
  () => import('../../server/routes/roster-admin.js'),
  () => import('../../server/roster.js'),
);

const admin = { authorization: `Bearer ${ROSTER_ADMIN}` };
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('roster instructor routes', () => {
  let s: RosterServer;
  const manifest = rosterManifest({ students: 4, attempts: { limit: 2, counts: 'best' }, rules: { kind: 'exam' } });
  const st = manifest.students!;
  const key = (i: number) => keyAsResponses(manifest.versions.find((v) => v.id === st[i]!.version)!.problems);
  sharedSetup(
    async () => {
      s = await startRosterServer(manifest);
    },
    async () => s?.close(),
  );

  it('revokes a token (the same 404 as a forged one) and re-issues a new one that keeps the attempts', async () => {
    expect((await post(`${s.url}/api/submissions`, { token: st[0]!.token, answers: { 'p1.h1': '[0, 0]' } })).status).toBe(200);
    expect((await post(`${s.url}/api/instructor/students/s01/revoke`, {})).status).toBe(401);
    const revoked = await post(`${s.url}/api/instructor/students/s01/revoke`, {}, admin);
    expect([revoked.status, await revoked.json()]).toEqual([200, { student: 's01', revoked: true }]);
    const gone = await fetch(`${s.url}/q/${st[0]!.token}`);
    const forged = await fetch(`${s.url}/q/${st[0]!.token.slice(0, -2)}AA`);
    expect([gone.status, forged.status]).toEqual([404, 404]);
    expect(await gone.text()).toBe(await forged.text());
    const r = (await (await post(`${s.url}/api/instructor/students/s01/reissue`, {}, admin)).json()) as { token: string; url: string; generation: number };
    expect(r.generation).toBe(1);
    expect(r.url).toBe(`http://127.0.0.1:3000/q/${r.token}`);
    const page = await fetch(`${s.url}/q/${r.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Attempts: 1 of 2 used, 1 left.');
    expect((await post(`${s.url}/api/instructor/students/nobody/revoke`, {}, admin)).status).toBe(404);
  });

  it('imports paper results into the gradebook, which has one row per roster student', async () => {
    expect((await post(`${s.url}/api/submissions`, { token: st[3]!.token, answers: { 'p1.h1': '[0, 0]' } })).status).toBe(200);
    const fields = Object.keys(key(1));
    const row = (id: string, version: string, answers: Record<string, string>) => [id, version, ...fields.map((f) => `"${answers[f] ?? ''}"`)].join(',');
    const csv = [['student_id', 'version', ...fields].join(','), row('s02', st[1]!.version, key(1)), row('x99', st[1]!.version, key(1)), row('s03', st[1]!.version, key(1))].join('\n');
    const res = await fetch(`${s.url}/api/instructor/paper`, { method: 'POST', headers: { 'content-type': 'text/csv', ...admin }, body: csv });
    const body = (await res.json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(body.imported).toBe(1);
    expect(body.errors).toEqual([
      { line: 3, message: 'no student "x99" in the roster' },
      { line: 4, message: `student s03 wrote version ${st[2]!.version}, not ${st[1]!.version}` },
    ]);
    const download = await fetch(`${s.url}/api/instructor/students.csv`, { headers: admin });
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename=students.csv');
    const gradebook = parse(await download.text(), { columns: true }) as Record<string, string>[];
    expect(gradebook.map((g) => g.student)).toEqual(['s01', 's02', 's03', 's04']);
    const maxOf = (versionId: string) => String(manifest.versions.find((v) => v.id === versionId)!.problems.reduce((a, p) => a + Object.values(p.points).reduce((x, y) => x + y, 0), 0));
    const max = maxOf(st[1]!.version);
    expect(gradebook[1]).toMatchObject({ name: 'Student 2', version: st[1]!.version, online_attempts: '0', paper_results: '1', score: max, max, counted_source: 'paper' });
    // Nothing counted yet: the version's full marks as max, and empty cells (never "undefined") for what the roster or the store does not know.
    expect(gradebook[2]).toMatchObject({
      student: 's03',
      email: '',
      section: '',
      seat: '',
      online_attempts: '0',
      paper_results: '0',
      score: '',
      max: maxOf(st[2]!.version),
      counted_source: '',
      counted_at: '',
      first_opened: '',
      revoked: '',
    });
    expect(gradebook[3]).toMatchObject({ student: 's04', online_attempts: '1', paper_results: '0', counted_source: 'online' });
  });

  it('takes answer sheets as text/csv or text/plain, and refuses any other body with 415', async () => {
    const header = ['student_id', 'version', ...Object.keys(key(3))].join(',');
    const plain = await fetch(`${s.url}/api/instructor/paper`, { method: 'POST', headers: { 'content-type': 'text/plain', ...admin }, body: `${header}\n` });
    expect([plain.status, await plain.json()]).toEqual([200, { imported: 0, errors: [] }]);
    const json = await post(`${s.url}/api/instructor/paper`, { sheets: [] }, admin);
    expect([json.status, await json.json()]).toEqual([415, { error: 'expected Content-Type: text/csv' }]);
  });

  it('limits per token, not per address: one student hitting the limit leaves the others alone', async () => {
    await s.close();
    s = await startRosterServer(manifest, { perToken: 5, perAddress: 3, windowMs: 60_000 });
    const t = st[2]!.token;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post(`${s.url}/api/drafts`, { token: t, answers: {} })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await post(`${s.url}/api/drafts`, { token: st[3]!.token, answers: {} })).status).toBe(200);
    // A refused form post comes back as the page, the answers still in it.
    const form = await fetch(`${s.url}/q/${t}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=save&p1.h1=%5B8%2C%209%5D' });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain('value="[8, 9]"');
    // Without a genuine token the address is limited, at its own (lower) limit.
    const forged = [];
    for (let i = 0; i < 4; i++) forged.push((await post(`${s.url}/api/drafts`, { token: 'czAx.0.AAAAAAAAAAAAAAAA', answers: {} })).status);
    expect(forged).toEqual([404, 404, 404, 429]);
  });
});
