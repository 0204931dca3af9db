/** A roster exam served on 127.0.0.1 over a temporary SQLite store, with a clock the test moves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Manifest } from '../../src/manifest.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/logging.js';
import { createSite } from '../../server/site.js';
import type { ClassroomLimits } from '../../server/limits.js';
import { openStore, type SubmissionStore } from '../../src/store/index.js';
import { ROSTER_SECRET } from './roster-manifest.js';

export interface RosterServer {
  url: string;
  manifest: Manifest;
  store: SubmissionStore;
  /**
   * The server's clock: real time plus `offsetMs`; raise the offset to move time on.
   * (It follows real time because the store stamps first opens with its own clock.)
   */
  clock: { offsetMs: number };
  close(): Promise<void>;
}

export const ROSTER_ADMIN = 'roster-admin-token-0123456789';

/** @example const s = await startRosterServer(manifest); s.clock.offsetMs = 40 * 60_000 */
export async function startRosterServer(manifest: Manifest, rateLimit: Partial<ClassroomLimits> | false = {}): Promise<RosterServer> {
  const clock = { offsetMs: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-roster-server-'));
  const store = openStore(join(dir, 'rnnquiz.db'));
  const site = createSite(manifest, ROSTER_SECRET, store, { now: () => new Date(Date.now() + clock.offsetMs) });
  const app = createApp({ site, adminToken: ROSTER_ADMIN, log: createLogger({ quiet: true, writeError: () => {} }), rateLimit });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    manifest,
    store,
    clock,
    close: () =>
      new Promise((resolve) => {
        server.close(() => void store.close().then(() => (rmSync(dir, { recursive: true, force: true }), resolve())));
        server.closeAllConnections();
      }),
  };
}
