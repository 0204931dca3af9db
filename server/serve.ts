/**
 * Starting and stopping the site: read the manifest, open the store (created
 * on first start only, see known-stores.ts), listen, and on SIGTERM/SIGINT shut down
 * gracefully: stop accepting, let in-flight requests finish, close the
 * database (checkpointing the WAL), then exit.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestFromJson, type Manifest } from '../src/manifest.js';
import { loadSecret } from '../src/secret.js';
import { readJson } from '../src/io/json-file.js';
import { createApp } from './app.js';
import { applyConnectionLimits, DEFAULT_CONNECTION_LIMITS, serverOptionsFor, type ConnectionLimits } from './connections.js';
import type { ClassroomLimits } from './limits.js';
import { loadAdminToken, type AdminToken } from './admin-token.js';
import { createLogger, type Logger } from './logging.js';
import { createSite } from './site.js';
import { openStore, storeLocation, type SubmissionStore } from '../src/store/index.js';
import { knownStoresFile, rememberStore, wasKnown } from './known-stores.js';

/** Setting this env var to 1/true turns the rate limit off (benchmarks, load tests). */
export const NO_RATE_LIMIT_ENV = 'RNNQUIZ_NO_RATE_LIMIT';
/**
 * Tests only: with RNNQUIZ_TEST_CLOCK=1, the server's clock is the ISO time
 * written in the file named by RNNQUIZ_TEST_CLOCK_FILE (read at every request),
 * so a test can run out a time limit without waiting. Both must be set; the
 * server says so loudly at start.
 */
export const TEST_CLOCK_FLAG_ENV = 'RNNQUIZ_TEST_CLOCK';
export const TEST_CLOCK_FILE_ENV = 'RNNQUIZ_TEST_CLOCK_FILE';

/** The server's clock: the real one, unless the test clock is switched on (see TEST_CLOCK_FLAG_ENV). */
export function serverClock(env: NodeJS.ProcessEnv, log?: Logger): () => Date {
  const file = env[TEST_CLOCK_FILE_ENV];
  if (env[TEST_CLOCK_FLAG_ENV] !== '1' || !file) return () => new Date();
  log?.error('TEST CLOCK IN USE: the time comes from a file; never run an exam like this', { file });
  return () => {
    const t = Date.parse(readFileSync(file, 'utf8').trim());
    if (Number.isNaN(t)) throw new Error(`test clock file ${file} does not hold an ISO time`);
    return new Date(t);
  };
}

/** In-flight requests get this long to finish on shutdown before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  manifestPath: string;
  /** The store: a SQLite file, or a URL (`sqlite:FILE`, `sqlite::memory:`). */
  dbPath: string;
  /** Create the database even though an earlier start had one here (it vanished; start an empty one). */
  createDb?: boolean;
  port: number;
  host?: string;
  rateLimit?: boolean;
  /** Requests per minute per genuine token and per address (server/limits.ts). */
  rateLimits?: Partial<ClassroomLimits>;
  /** express's `trust proxy`: true, a hop count, or addresses (behind a reverse proxy). */
  trustProxy?: boolean | number | string;
  quiet?: boolean;
  /** Folder holding `.rnnquiz/` (secret, admin token); default the working directory. */
  root?: string;
  /** Timeouts and connection caps (connections.ts); each defaults to its named constant. */
  limits?: Partial<ConnectionLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  manifest: Manifest;
  adminToken: AdminToken;
  store: SubmissionStore;
  log: Logger;
  /** Graceful stop; resolves once the database is closed. */
  close(): Promise<void>;
}

function rateLimitDisabledByEnv(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes)$/i.test(env[NO_RATE_LIMIT_ENV] ?? '');
}

/**
 * Opens the store, creating it only when this exam never had it (or when
 * asked to): a database that existed and vanished is a StoreOpenError.
 */
function openKnownStore(manifestPath: string, url: string, create: boolean, log: Logger): SubmissionStore {
  const location = storeLocation(url);
  const record = knownStoresFile(manifestPath);
  const known = location !== null && wasKnown(record, location);
  const store = openStore(url, {
    create: create || !known,
    whyRequired: `an earlier start of this exam had it (recorded in ${record}), so it was deleted or moved: restore it from a backup, or start with --create-db to begin an empty database`,
  });
  if (location !== null && !known) {
    try {
      rememberStore(record, location);
    } catch (e) {
      log.error('cannot record the database beside the manifest; a vanished database will not be noticed at the next start', { file: record, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return store;
}

/**
 * @example const s = await startServer({ manifestPath: 'out/manifest.json', dbPath: 'out/rnnquiz.db', port: 3000 }); await s.close();
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const manifest = manifestFromJson(readJson(options.manifestPath));
  const secret = loadSecret(options.root ? { root: options.root } : {});
  const adminToken = loadAdminToken(options.root ? { root: options.root } : {});
  const log = createLogger({ quiet: options.quiet === true });
  const store = openKnownStore(options.manifestPath, options.dbPath, options.createDb === true, log);
  let site;
  try {
    site = createSite(manifest, secret, store, { now: serverClock(process.env, log) });
  } catch (e) {
    await store.close();
    throw e;
  }
  const rateLimit = options.rateLimit !== false && !rateLimitDisabledByEnv(process.env);
  const app = createApp({
    site,
    adminToken: adminToken.token,
    log,
    rateLimit: rateLimit ? (options.rateLimits ?? {}) : false,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const server: Server = createServer(serverOptionsFor(limits), app);
  applyConnectionLimits(server, limits);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // The port is taken (or the address is not ours): close what was opened, so a caller that retries leaks nothing.
    await Promise.all([site.grading.close(), store.close()]);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      // close() stops accepting and waits for in-flight requests; idle keep-alive sockets are closed at once.
      server.close(() => {
        clearTimeout(force);
        void Promise.all([site.grading.close(), store.close()]).then(
          () => {
            log.info('stopped', {});
            resolve();
          },
          (e: unknown) => {
            log.error('the database did not close cleanly', { error: e instanceof Error ? e.message : String(e) });
            resolve();
          },
        );
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url: `http://${host}:${port}`, port, manifest, adminToken, store, log, close };
}

/**
 * Shuts the server down on SIGTERM or SIGINT, then exits 0.
 * @example onShutdownSignals(running)
 */
export function onShutdownSignals(running: Pick<RunningServer, 'close' | 'log'>): void {
  const stop = (signal: string) => {
    running.log.info('shutting down', { signal });
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
