/**
 * Structured logs (server/logging.ts): the JSON line of each level, what
 * `quiet` drops, the token hidden in logged paths, and the request log of a
 * small express app on 127.0.0.1 (one line per finished request).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, redactPath, requestLogger, type Logger } from '../../server/logging.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/logging.js'));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A logger writing into arrays. */
function capture(quiet?: boolean): { log: Logger; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const log = createLogger({ ...(quiet !== undefined ? { quiet } : {}), write: (l) => out.push(l), writeError: (l) => err.push(l) });
  return { log, out, err };
}

describe('createLogger', () => {
  it('writes one JSON line per entry: time, level, message, then the fields', () => {
    vi.useFakeTimers({ now: new Date('2026-03-04T05:06:07.089Z'), toFake: ['Date'] });
    const { log, out, err } = capture();
    log.info('request', { method: 'GET', status: 200 });
    log.error('store down', { error: 'EIO' });
    log.info('stopped');
    expect(out).toEqual(['{"time":"2026-03-04T05:06:07.089Z","level":"info","msg":"request","method":"GET","status":200}\n', '{"time":"2026-03-04T05:06:07.089Z","level":"info","msg":"stopped"}\n']);
    expect(err).toEqual(['{"time":"2026-03-04T05:06:07.089Z","level":"error","msg":"store down","error":"EIO"}\n']);
    expect(log.infoEnabled).toBe(true);
  });

  it('drops info lines when quiet, and keeps errors', () => {
    const { log, out, err } = capture(true);
    log.info('request', { path: '/' });
    log.error('boom');
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(JSON.parse(err[0] as string)).toMatchObject({ level: 'error', msg: 'boom' });
    expect(log.infoEnabled).toBe(false);
  });

  it('is not quiet when quiet is false', () => {
    const { log, out } = capture(false);
    log.info('hello');
    expect(out).toHaveLength(1);
    expect(log.infoEnabled).toBe(true);
  });

  it('writes info to stdout and errors to stderr by default', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = createLogger();
    log.info('to stdout', { n: 1 });
    log.error('to stderr', { n: 2 });
    const lines = (spy: typeof stdout) => spy.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines(stdout)).toEqual([expect.objectContaining({ level: 'info', msg: 'to stdout', n: 1 })]);
    expect(lines(stderr)).toEqual([expect.objectContaining({ level: 'error', msg: 'to stderr', n: 2 })]);
  });
});

describe('redactPath', () => {
  it.each([
    ['/q/abc.def', '/q/:token'],
    ['/q/abc/x', '/q/:token/x'],
    ['/q/abc?x=1', '/q/:token?x=1'],
    ['/q/', '/q/'],
    ['/qq/abc', '/qq/abc'],
    ['/x/q/abc', '/x/q/abc'],
    ['/api/submissions', '/api/submissions'],
  ])('%s → %s', (path, logged) => {
    expect(redactPath(path)).toBe(logged);
  });
});

describe('requestLogger', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  /** An app with the request log in front: `/q/:token` answers 201 after `delayMs`, anything else 404. */
  async function app(log: Logger, delayMs = 0): Promise<string> {
    const a = express();
    a.use(requestLogger(log));
    a.get('/q/:token', (_req, res) => {
      setTimeout(() => res.status(201).send('made'), delayMs);
    });
    const s = a.listen(0, '127.0.0.1');
    server = s;
    await new Promise((resolve) => s.once('listening', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it('logs each finished request: method, path without the token, status, duration, address', async () => {
    const lines: Record<string, unknown>[] = [];
    let logged: () => void = () => {};
    const log = createLogger({
      write: (l) => {
        lines.push(JSON.parse(l) as Record<string, unknown>);
        logged();
      },
    });
    const next = () => new Promise<void>((resolve) => (logged = resolve));
    const url = await app(log, 30);
    let wait = next();
    expect((await fetch(`${url}/q/secret.token?x=1`)).status).toBe(201);
    await wait;
    wait = next();
    expect((await fetch(`${url}/nothing`, { method: 'POST' })).status).toBe(404);
    await wait;
    expect(lines.map(({ time: _t, ms: _m, ...rest }) => rest)).toEqual([
      { level: 'info', msg: 'request', method: 'GET', path: '/q/:token', status: 201, ip: '127.0.0.1' },
      { level: 'info', msg: 'request', method: 'POST', path: '/nothing', status: 404, ip: '127.0.0.1' },
    ]);
    const [slow, fast] = lines.map((l) => l.ms as number);
    // Milliseconds from the request's arrival to its end: the first waited 30 ms.
    expect(slow).toBeGreaterThanOrEqual(25);
    expect(slow).toBeLessThan(10_000);
    expect(fast).toBeGreaterThanOrEqual(0);
    expect(fast).toBeLessThan(slow as number);
  });

  it('passes requests straight on without a line when info is off', async () => {
    const info = vi.fn();
    const log: Logger = { infoEnabled: false, info, error: vi.fn() };
    expect(requestLogger(log)).toBe(requestLogger(createLogger({ quiet: true })));
    const url = await app(log);
    expect((await fetch(`${url}/q/t`)).status).toBe(201);
    expect(await (await fetch(`${url}/q/t`)).text()).toBe('made');
    expect(info).not.toHaveBeenCalled();
  });
});
