/**
 * Starting and stopping the site: read the manifest, open the store (file and
 * folder created on first start), listen, and on SIGTERM/SIGINT shut down
 * gracefully: stop accepting, let in-flight requests finish, close the
 * database (checkpointing the WAL), then exit.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestFromJson, type Manifest } from '../src/manifest.js';
import { loadSecret } from '../src/secret.js';
import { readJson } from '../src/io/json-file.js';
import { createApp } from './app.js';
import { applyConnectionLimits, DEFAULT_CONNECTION_LIMITS, serverOptionsFor, type ConnectionLimits } from './connections.js';
import { loadAdminToken, type AdminToken } from './admin-token.js';
import { createLogger, type Logger } from './logging.js';
import { createSite } from './site.js';
import { openStore, type SubmissionStore } from './store.js';

/** Setting this env var to 1/true turns the rate limit off (benchmarks, load tests). */
export const NO_RATE_LIMIT_ENV = 'RNNQUIZ_NO_RATE_LIMIT';
/** In-flight requests get this long to finish on shutdown before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  manifestPath: string;
  dbPath: string;
  port: number;
  host?: string;
  rateLimit?: boolean;
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
 * @example const s = await startServer({ manifestPath: 'out/manifest.json', dbPath: 'out/rnnquiz.db', port: 3000 }); await s.close();
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const manifest = manifestFromJson(readJson(options.manifestPath));
  const secret = loadSecret(options.root ? { root: options.root } : {});
  const adminToken = loadAdminToken(options.root ? { root: options.root } : {});
  const log = createLogger({ quiet: options.quiet === true });
  const store = openStore(options.dbPath);
  let site;
  try {
    site = createSite(manifest, secret, store);
  } catch (e) {
    await store.close();
    throw e;
  }
  const rateLimit = options.rateLimit !== false && !rateLimitDisabledByEnv(process.env);
  const app = createApp({ site, adminToken: adminToken.token, log, rateLimit: rateLimit ? undefined : false });
  const host = options.host ?? '127.0.0.1';
  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const server: Server = createServer(serverOptionsFor(limits), app);
  applyConnectionLimits(server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
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
