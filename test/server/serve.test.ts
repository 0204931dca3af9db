/**
 * Starting and stopping the site in process (server/serve.ts): the address,
 * the record of the exam's databases beside the manifest, a vanished database
 * refused unless asked to start anew, the rate-limit switches, the options
 * passed on to the app and the connection caps, and the test clock.
 */
import { mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serverClock, startServer, NO_RATE_LIMIT_ENV, TEST_CLOCK_FILE_ENV, TEST_CLOCK_FLAG_ENV, SHUTDOWN_GRACE_MS, type RunningServer, type ServeOptions } from '../../server/serve.js';
import { createLogger } from '../../server/logging.js';
import { StoreOpenError } from '../../src/store/index.js';
import { TEST_SECRET, tempDir, testManifest, writeManifest } from './fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/serve.js'),
  () => import('../../server/limits.js'),
);

const dirs: string[] = [];
const running: RunningServer[] = [];
beforeEach(() => {
  // The signing secret comes from the exam folder (root) and the admin token is generated there, whatever the shell has set.
  for (const name of ['RNNQUIZ_SECRET', 'RNNQUIZ_ADMIN_TOKEN', NO_RATE_LIMIT_ENV, TEST_CLOCK_FLAG_ENV, TEST_CLOCK_FILE_ENV]) vi.stubEnv(name, '');
});
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Exam {
  dir: string;
  manifestPath: string;
  db: string;
  record: string;
}
/** A folder holding the manifest and the secret it was signed with. */
function exam(secret = TEST_SECRET): Exam {
  const dir = tempDir();
  dirs.push(dir);
  mkdirSync(join(dir, '.rnnquiz'));
  writeFileSync(join(dir, '.rnnquiz', 'secret'), `${secret}\n`);
  return { dir, manifestPath: writeManifest(dir, testManifest()), db: join(dir, 'x.db'), record: join(dir, '.rnnquiz', 'stores.json') };
}
async function start(e: Exam, over: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const s = await startServer({ manifestPath: e.manifestPath, dbPath: e.db, port: 0, quiet: true, root: e.dir, ...over });
  running.push(s);
  return s;
}
/** Closes a server the test itself stops. */
async function stop(s: RunningServer): Promise<void> {
  running.splice(running.indexOf(s), 1);
  await s.close();
}
/** Statuses of `n` requests to a path no route has (every one passes the rate limiter). */
async function statuses(url: string, n: number, headers: Record<string, string>[] = []): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fetch(`${url}/nothing`, { headers: headers[i] ?? {} })).status);
  return out;
}

describe('startServer', () => {
  it('listens on 127.0.0.1, answers, records its database beside the manifest, and closes', async () => {
    const e = exam();
    const s = await start(e);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    expect(s.port).toBeGreaterThan(0);
    expect(s.manifest.versions.map((v) => v.id)).toEqual(['V01', 'V02']);
    expect(s.adminToken).toEqual({ token: expect.stringMatching(/^[0-9a-f]{64}$/) as string, source: join(e.dir, '.rnnquiz', 'admin-token'), created: true });
    const health = await fetch(`${s.url}/api/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok', versions: 2 }]);
    const stores = (JSON.parse(readFileSync(e.record, 'utf8')) as { stores: Record<string, string> }).stores;
    expect(Object.keys(stores)).toEqual([`sqlite:${e.db}`]);
    expect(existsSync(e.db)).toBe(true);
    expect(s.log.infoEnabled).toBe(false);
    expect(await s.store.count()).toBe(0);
    const closing = s.close();
    expect(s.close()).toBe(closing); // a second stop waits for the first
    await stop(s);
    await expect(fetch(`${s.url}/api/health`)).rejects.toThrow('fetch failed');
    await expect(s.store.count()).rejects.toThrow(); // the database is closed too, not only the port
    expect(SHUTDOWN_GRACE_MS).toBe(10_000);
  });

  it('keeps the admin token and the record across restarts', async () => {
    const e = exam();
    const first = await start(e);
    await stop(first);
    const recorded = readFileSync(e.record, 'utf8');
    const second = await start(e);
    expect(second.adminToken).toEqual({ ...first.adminToken, created: false });
    expect(readFileSync(e.record, 'utf8')).toBe(recorded);
  });

  it('refuses to start on a database that vanished since an earlier start, unless told to create it', async () => {
    const e = exam();
    await stop(await start(e));
    for (const f of [e.db, `${e.db}-wal`, `${e.db}-shm`]) rmSync(f, { force: true });
    const refused = start(e);
    await expect(refused).rejects.toThrow(StoreOpenError);
    await expect(refused).rejects.toThrow(
      `the database ${e.db} does not exist: an earlier start of this exam had it (recorded in ${e.record}), so it was deleted or moved: restore it from a backup, or start with --create-db to begin an empty database`,
    );
    expect(existsSync(e.db)).toBe(false);
    const s = await start(e, { createDb: true });
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    expect(existsSync(e.db)).toBe(true);
  });

  it('records no in-memory store', async () => {
    const e = exam();
    const s = await start(e, { dbPath: 'sqlite::memory:' });
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    expect(existsSync(e.record)).toBe(false);
  });

  it('starts, and says so, when the record cannot be written', async () => {
    const e = exam();
    mkdirSync(`${e.record}.${process.pid}.tmp`); // where the record is written before its rename
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const s = await start(e);
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    const lines = stderr.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'cannot record the database beside the manifest; a vanished database will not be noticed at the next start',
        file: e.record,
        error: expect.stringContaining('EISDIR') as string,
      }),
    ]);
  });

  it('refuses a manifest signed with another secret', async () => {
    const e = exam('another-secret-0123456789abcdef');
    await expect(start(e)).rejects.toThrow("version V01: its token was not signed with this server's secret (set RNNQUIZ_SECRET or run from the folder whose .rnnquiz/secret built the exam)");
  });

  it('fails to start on a port in use, and leaves its database closed (a caller that retries leaks nothing)', async () => {
    const first = exam();
    const s = await start(first);
    const second = exam();
    await expect(start(second, { port: s.port })).rejects.toThrow(expect.objectContaining({ code: 'EADDRINUSE' }) as Error);
    // No file descriptor of this process still points at the failed start's database (Linux: /proc/self/fd).
    const open = readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [readlinkSync(join('/proc/self/fd', fd))];
      } catch {
        return [];
      }
    });
    expect(open.filter((target) => target.startsWith(second.db))).toEqual([]);
    expect(open.some((target) => target.startsWith(first.db))).toBe(true); // the check sees an open database
    // A retry on a free port opens it again.
    await stop(await start(second));
  });

  it('limits requests per address as rateLimits says, and not at all when rateLimit is false', async () => {
    const e = exam();
    const limited = await start(e, { rateLimits: { perAddress: 2 } });
    expect(await statuses(limited.url, 3)).toEqual([404, 404, 429]);
    expect(await (await fetch(`${limited.url}/nothing`)).json()).toEqual({ error: 'too many requests: wait a minute and try again' });
    const open = await start(e, { rateLimit: false, rateLimits: { perAddress: 2 }, dbPath: join(e.dir, 'y.db') });
    expect(await statuses(open.url, 3)).toEqual([404, 404, 404]);
  });

  it.each([
    ['1', false],
    ['true', false],
    ['YES', false],
    ['True', false],
    ['0', true],
    ['no', true],
    ['1x', true],
    ['x1', true],
    ['', true],
  ])(`${NO_RATE_LIMIT_ENV}=%j: rate limited %s`, async (value, limited) => {
    vi.stubEnv(NO_RATE_LIMIT_ENV, value);
    const s = await start(exam(), { rateLimits: { perAddress: 2 } });
    expect(await statuses(s.url, 3)).toEqual([404, 404, limited ? 429 : 404]);
  });

  it('counts each client behind a trusted proxy by its forwarded address', async () => {
    const e = exam();
    const proxied = await start(e, { rateLimits: { perAddress: 1 }, trustProxy: 1 });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    expect(await statuses(proxied.url, 3, [from('10.0.0.1'), from('10.0.0.2'), from('10.0.0.1')])).toEqual([404, 404, 429]);
    const direct = await start(e, { rateLimits: { perAddress: 1 }, dbPath: join(e.dir, 'y.db') });
    expect(await statuses(direct.url, 2, [from('10.0.0.1'), from('10.0.0.2')])).toEqual([404, 429]);
  });

  it('applies the connection limits it is given: one socket per address', async () => {
    const s = await start(exam(), { limits: { maxConnectionsPerAddress: 1 } });
    const answer = (socket: ReturnType<typeof connect>) =>
      new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('error', () => {});
        socket.on('close', () => resolve(text.split('\r\n')[0] as string));
        socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      });
    const open = () =>
      new Promise<ReturnType<typeof connect>>((resolve) => {
        const socket = connect(s.port, '127.0.0.1', () => resolve(socket));
      });
    const first = await open();
    const second = await open();
    // The first is held open until the second has been cut.
    expect(await answer(second)).toBe('');
    expect(await answer(first)).toBe('HTTP/1.1 200 OK');
  });

  it('logs requests and its stop unless quiet, and warns of a test clock at start', async () => {
    const e = exam();
    const clock = join(e.dir, 'clock');
    writeFileSync(clock, '2030-01-01T00:00:00Z');
    vi.stubEnv(TEST_CLOCK_FLAG_ENV, '1');
    vi.stubEnv(TEST_CLOCK_FILE_ENV, clock);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const s = await start(e, { quiet: false });
    expect(s.log.infoEnabled).toBe(true);
    await fetch(`${s.url}/api/health`);
    await stop(s);
    const lines = (spy: typeof stdout) => spy.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines(stdout).map((l) => [l.msg, l.path, l.status])).toEqual([
      ['request', '/api/health', 200],
      ['stopped', undefined, undefined],
    ]);
    expect(lines(stderr)).toEqual([expect.objectContaining({ level: 'error', msg: 'TEST CLOCK IN USE: the time comes from a file; never run an exam like this', file: clock })]);
  });
});

describe('serverClock', () => {
  const tmp = () => {
    const d = tempDir();
    dirs.push(d);
    return join(d, 'clock');
  };
  /** True when the clock gives the real time now. */
  const isReal = (clock: () => Date) => {
    const before = Date.now();
    const t = clock().getTime();
    return t >= before && t <= Date.now();
  };

  it('is the real clock without the flag, or without the file', () => {
    const file = tmp();
    writeFileSync(file, '2001-02-03T04:05:06Z');
    const err: string[] = [];
    const log = createLogger({ write: () => {}, writeError: (l) => err.push(l) });
    expect(isReal(serverClock({}, log))).toBe(true);
    expect(isReal(serverClock({ [TEST_CLOCK_FILE_ENV]: file }, log))).toBe(true);
    expect(isReal(serverClock({ [TEST_CLOCK_FLAG_ENV]: 'true', [TEST_CLOCK_FILE_ENV]: file }, log))).toBe(true);
    expect(isReal(serverClock({ [TEST_CLOCK_FLAG_ENV]: '1' }, log))).toBe(true);
    expect(isReal(serverClock({ [TEST_CLOCK_FLAG_ENV]: '1', [TEST_CLOCK_FILE_ENV]: '' }, log))).toBe(true);
    expect(err).toEqual([]);
  });

  it('reads the time from the file at every call when switched on, and says so once', () => {
    const file = tmp();
    writeFileSync(file, '  2001-02-03T04:05:06Z\n');
    const err: string[] = [];
    const clock = serverClock({ RNNQUIZ_TEST_CLOCK: '1', RNNQUIZ_TEST_CLOCK_FILE: file }, createLogger({ writeError: (l) => err.push(l) }));
    expect(clock().toISOString()).toBe('2001-02-03T04:05:06.000Z');
    writeFileSync(file, '2001-02-03T05:00:00.250Z');
    expect(clock().toISOString()).toBe('2001-02-03T05:00:00.250Z');
    expect(err.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      { time: expect.any(String) as string, level: 'error', msg: 'TEST CLOCK IN USE: the time comes from a file; never run an exam like this', file },
    ]);
  });

  it('works without a logger, and refuses a file that holds no time', () => {
    const file = tmp();
    writeFileSync(file, 'half past nine');
    const clock = serverClock({ [TEST_CLOCK_FLAG_ENV]: '1', [TEST_CLOCK_FILE_ENV]: file });
    expect(() => clock()).toThrow(new Error(`test clock file ${file} does not hold an ISO time`));
    writeFileSync(file, '2001-02-03T04:05:06Z');
    expect(clock().getTime()).toBe(Date.parse('2001-02-03T04:05:06Z'));
  });
});
