/**
 * Connection caps (server/connections.ts) on a real HTTP server on
 * 127.0.0.1: the per-address cap destroys sockets beyond it and frees a place
 * when one closes; the timeouts and the total cap land on the server; the
 * checking interval follows the shorter timeout within [100, 1000] ms.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConnectionLimits, DEFAULT_CONNECTION_LIMITS, serverOptionsFor, type ConnectionLimits } from '../../server/connections.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/connections.js'));

const limits = (over: Partial<ConnectionLimits> = {}): ConnectionLimits => ({ ...DEFAULT_CONNECTION_LIMITS, ...over });

describe('serverOptionsFor', () => {
  it.each([
    // headers, request → checking interval: a quarter of the shorter, clamped to [100, 1000]
    [10_000, 30_000, 1_000],
    [4_004, 30_000, 1_000],
    [4_000, 30_000, 1_000],
    [3_999, 30_000, 999],
    [30_000, 2_000, 500],
    [2_000, 30_000, 500],
    [404, 60_000, 101],
    [403, 60_000, 100],
    [400, 400, 100],
    [399, 60_000, 100],
    [8, 8, 100],
  ])('headers %i ms, request %i ms → checks every %i ms', (headersTimeoutMs, requestTimeoutMs, interval) => {
    expect(serverOptionsFor(limits({ headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs: 777 }))).toEqual({
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: 777,
      connectionsCheckingInterval: interval,
    });
  });

  it('gives the defaults: 10 s headers, 30 s request, 5 s keep-alive, checked every second', () => {
    expect(serverOptionsFor(DEFAULT_CONNECTION_LIMITS)).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 });
    expect(DEFAULT_CONNECTION_LIMITS.maxConnections).toBe(4_096);
    expect(DEFAULT_CONNECTION_LIMITS.maxConnectionsPerAddress).toBe(512);
  });
});

describe('applyConnectionLimits', () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
  });

  /** A server answering `ok` to every request, with the limits applied; `closed` resolves when the server side of a socket closes. */
  async function listen(l: ConnectionLimits): Promise<{ port: number; serverClosed: (client: Socket) => Promise<void> }> {
    const s = createServer((_req, res) => res.end('ok'));
    server = s;
    applyConnectionLimits(s, l);
    const serverSide = new Map<number, Socket>();
    s.on('connection', (socket: Socket) => serverSide.set(socket.remotePort as number, socket));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return {
      port: (s.address() as AddressInfo).port,
      serverClosed: (client) => {
        const socket = serverSide.get(client.localPort as number);
        if (!socket) throw new Error('the server never saw this socket');
        return socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
      },
    };
  }

  function open(port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
      sockets.push(socket);
    });
  }

  /** What the server answers on this socket (a keep-alive request): `ok`, or `closed` when it was cut without an answer. */
  function ask(socket: Socket): Promise<'ok' | 'closed'> {
    return new Promise((resolve) => {
      if (socket.destroyed) return resolve('closed');
      let text = '';
      const onData = (chunk: Buffer) => {
        text += chunk.toString();
        if (text.endsWith('ok')) {
          socket.off('data', onData);
          resolve('ok');
        }
      };
      socket.on('data', onData);
      socket.once('close', () => resolve('closed'));
      socket.on('error', () => {}); // a write to a socket the server reset
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
  }

  it('destroys the third socket from one address at a cap of 2, and takes a new one once one closes', async () => {
    const { port, serverClosed } = await listen(limits({ maxConnectionsPerAddress: 2 }));
    const first = await open(port);
    const second = await open(port);
    expect([await ask(first), await ask(second)]).toEqual(['ok', 'ok']);
    expect(await ask(await open(port))).toBe('closed');
    first.end();
    await serverClosed(first);
    const fourth = await open(port);
    expect(await ask(fourth)).toBe('ok');
    // The freed place is taken again: the next one is over the cap.
    expect(await ask(await open(port))).toBe('closed');
    expect(await ask(second)).toBe('ok');
    // Both close: the address starts afresh with two places.
    second.end();
    fourth.end();
    await Promise.all([serverClosed(second), serverClosed(fourth)]);
    const again = [await open(port), await open(port)];
    expect(await Promise.all(again.map(ask))).toEqual(['ok', 'ok']);
    expect(await ask(await open(port))).toBe('closed');
  });

  it.each([0, -1])('puts no per-address cap at %i', async (maxConnectionsPerAddress) => {
    const { port } = await listen(limits({ maxConnectionsPerAddress }));
    const many = await Promise.all(Array.from({ length: 5 }, () => open(port)));
    expect(await Promise.all(many.map(ask))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it("sets the server's timeouts and total cap", async () => {
    await listen({ headersTimeoutMs: 1_234, requestTimeoutMs: 5_678, keepAliveTimeoutMs: 910, maxConnections: 77, maxConnectionsPerAddress: 3 });
    const s = server as Server;
    expect([s.headersTimeout, s.requestTimeout, s.keepAliveTimeout, s.maxConnections]).toEqual([1_234, 5_678, 910, 77]);
  });
});
