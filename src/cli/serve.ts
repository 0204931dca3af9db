/** `rnnquiz serve --manifest DIR/manifest.json [--port 3000] [--db FILE]` (SPEC §7): the web grading site. */
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { StoreOpenError } from '../store/index.js';
import { onShutdownSignals, startServer, type RunningServer } from '../../server/serve.js';
import { runCommand } from './io.js';
import { HEADERS_TIMEOUT_MS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_ADDRESS, REQUEST_TIMEOUT_MS, type ConnectionLimits } from '../../server/connections.js';

export interface ServeCliOptions {
  manifest: string;
  port: string;
  host: string;
  db?: string;
  createDb?: boolean;
  rateLimit: boolean;
  tokenRateLimit?: string;
  addressRateLimit?: string;
  trustProxy?: string | boolean;
  quiet?: boolean;
  headersTimeout?: string;
  requestTimeout?: string;
  maxConnections?: string;
  maxConnectionsPerAddress?: string;
}

/** A whole number ≥ min from a flag, or undefined when the flag is absent. */
function wholeNumber(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} ${raw}: expected a whole number ≥ ${min}`);
  return n;
}

/** The connection limits given on the command line (the rest keep their defaults). */
function limitsFromCli(opts: ServeCliOptions): Partial<ConnectionLimits> {
  const given: Partial<Record<keyof ConnectionLimits, number | undefined>> = {
    headersTimeoutMs: wholeNumber('--headers-timeout', opts.headersTimeout, 100),
    requestTimeoutMs: wholeNumber('--request-timeout', opts.requestTimeout, 100),
    maxConnections: wholeNumber('--max-connections', opts.maxConnections, 1),
    maxConnectionsPerAddress: wholeNumber('--max-connections-per-address', opts.maxConnectionsPerAddress, 0),
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

function perMinute(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100_000) throw new UsageError(`${flag} ${text}: expected requests per minute, a whole number from 1 to 100000`);
  return Number(text);
}

/** `--trust-proxy` alone: trust the first hop; a number: that many hops; else addresses/subnets as express reads them. */
function trustProxyOf(v: string | boolean | undefined): boolean | number | string | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return 1;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** Where the instructor token came from, for the start-up message (the token itself is never printed when it is stored in a file). */
function describeAdminToken(s: RunningServer): string {
  if (s.adminToken.source === 'env') return 'instructor token: from RNNQUIZ_ADMIN_TOKEN';
  return `instructor token: ${s.adminToken.created ? 'generated and ' : ''}stored in ${s.adminToken.source} (send it as Authorization: Bearer …)`;
}

/**
 * Starts the site and keeps it running until SIGTERM/SIGINT. Prints the
 * address on stderr (stdout carries the JSON request log).
 */
export async function serveFromCli(opts: ServeCliOptions): Promise<RunningServer> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${opts.port}: expected a whole number from 0 to 65535`);
  const running = await startServer({
    manifestPath: opts.manifest,
    dbPath: opts.db ?? join(dirname(opts.manifest), 'rnnquiz.db'),
    port,
    host: opts.host,
    createDb: opts.createDb === true,
    rateLimit: opts.rateLimit,
    rateLimits: {
      ...(perMinute('--token-rate-limit', opts.tokenRateLimit) !== undefined ? { perToken: perMinute('--token-rate-limit', opts.tokenRateLimit) as number } : {}),
      ...(perMinute('--address-rate-limit', opts.addressRateLimit) !== undefined ? { perAddress: perMinute('--address-rate-limit', opts.addressRateLimit) as number } : {}),
    },
    ...(trustProxyOf(opts.trustProxy) !== undefined ? { trustProxy: trustProxyOf(opts.trustProxy) as boolean | number | string } : {}),
    quiet: opts.quiet === true,
    limits: limitsFromCli(opts),
  }).catch((e: unknown) => {
    // The store's own message says what and where: printed as it is, exit 2.
    if (e instanceof StoreOpenError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use: pick another with --port`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${port}`);
    throw e;
  });
  onShutdownSignals(running);
  process.stderr.write(
    `rnnquiz: serving ${running.manifest.versions.length} version(s) at ${running.url}/\n${describeAdminToken(running)}\ninstructor dashboard: ${running.url}/instructor (sign in with that token)\n`,
  );
  return running;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web grading site for a built exam')
    .requiredOption('--manifest <file>', 'DIR/manifest.json written by rnnquiz build')
    .option('--port <n>', 'port to listen on (0: any free port)', '3000')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'where submissions are kept: a SQLite file or sqlite:FILE (default: rnnquiz.db beside the manifest)')
    .option('--create-db', 'create the database even though an earlier start had one (it vanished: start an empty one)')
    .option('--no-rate-limit', 'turn the rate limits off (benchmarks; also RNNQUIZ_NO_RATE_LIMIT=1)')
    .option('--token-rate-limit <n>', 'requests per minute per student token (default 120)')
    .option('--address-rate-limit <n>', 'requests per minute per address, for requests without a genuine token (default 60)')
    .option('--trust-proxy [hops]', 'behind a reverse proxy: take the client address from X-Forwarded-For (hop count, or addresses as express reads them)')
    .option('--quiet', 'no request log')
    .option('--headers-timeout <ms>', `time a client gets to send its request headers (default ${HEADERS_TIMEOUT_MS})`)
    .option('--request-timeout <ms>', `time a client gets to send a whole request (default ${REQUEST_TIMEOUT_MS})`)
    .option('--max-connections <n>', `open connections in total (default ${MAX_CONNECTIONS})`)
    .option('--max-connections-per-address <n>', `open connections from one address, 0 for no cap (default ${MAX_CONNECTIONS_PER_ADDRESS}; raise it behind a proxy)`)
    .action((opts: ServeCliOptions) =>
      runCommand(async () => {
        await serveFromCli(opts);
      }),
    );
}
