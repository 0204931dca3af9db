/**
 * `openStore(url)`: picks the storage driver from a URL, so the server and
 * the CLI never name a backend. Supported:
 *
 * | url                                   | store                                          |
 * |---------------------------------------|------------------------------------------------|
 * | `sqlite:out/rnnquiz.db`, `sqlite:/abs/x.db` | a SQLite file (relative to the working folder) |
 * | `sqlite::memory:`                     | SQLite in memory (tests; gone at close)         |
 * | `out/rnnquiz.db` (no scheme)          | a SQLite file                                   |
 *
 * A second backend (e.g. `postgres://…`) is one more line in DRIVERS.
 */
import { resolve } from 'node:path';
import { StoreOpenError, type SubmissionStore } from './contract.js';
import { openSqliteStore, type SqliteOptions } from './sqlite/store.js';

export interface OpenStoreOptions {
  /** Create the database when it does not exist; default true. False: a missing database is a StoreOpenError. */
  create?: boolean;
  /** Appended to the error for a missing database when `create` is false (why it should have been there). */
  whyRequired?: string;
  /** Options only the SQLite driver understands (where its commits run). */
  sqlite?: Pick<SqliteOptions, 'writer' | 'writerScript'>;
}

type Driver = (rest: string, options: OpenStoreOptions) => SubmissionStore;

const DRIVERS: Record<string, Driver> = {
  sqlite: (rest, options) => {
    if (rest === '') throw new StoreOpenError('sqlite: needs a file after the colon (sqlite:out/rnnquiz.db) or :memory:');
    return openSqliteStore(rest, { ...options.sqlite, ...(options.create !== undefined ? { create: options.create } : {}), ...(options.whyRequired ? { whyRequired: options.whyRequired } : {}) });
  },
};

/** The schemes openStore understands, for messages and `--help`. */
export const STORE_SCHEMES = Object.keys(DRIVERS);

/** Splits a store URL into scheme and rest; a plain path is `sqlite`. */
function splitUrl(url: string): { scheme: string; rest: string } {
  const m = /^([a-z][a-z0-9+.-]+):(.*)$/is.exec(url);
  if (!m) return { scheme: 'sqlite', rest: url };
  return { scheme: (m[1] as string).toLowerCase(), rest: (m[2] as string).replace(/^\/\/(?=\/)/, '') };
}

/**
 * One name per persistent store, whatever way its URL was written (a relative
 * path, `sqlite:` or not), for remembering which databases existed; null for
 * a store that does not outlive its process (`sqlite::memory:`).
 * @example storeLocation('out/rnnquiz.db') === storeLocation('sqlite:./out/rnnquiz.db') // true
 */
export function storeLocation(url: string): string | null {
  const { scheme, rest } = splitUrl(url);
  if (scheme !== 'sqlite') return url;
  return rest === ':memory:' ? null : `sqlite:${resolve(rest)}`;
}

/**
 * Opens the store a URL names. A plain path (no `scheme:` of two or more
 * letters before it; `C:\…` stays a path) is a SQLite file.
 * Throws StoreOpenError for an unknown scheme or a store that cannot be opened.
 * @example const store = openStore('sqlite:out/rnnquiz.db'); await store.count()
 * @example const scratch = openStore('sqlite::memory:')
 */
export function openStore(url: string, options: OpenStoreOptions = {}): SubmissionStore {
  if (url.trim() === '') throw new StoreOpenError('no store given: expected a database file or a URL such as sqlite:out/rnnquiz.db');
  const { scheme, rest } = splitUrl(url);
  const driver = DRIVERS[scheme];
  if (!driver) throw new StoreOpenError(`unknown store ${JSON.stringify(`${scheme}:`)} in ${JSON.stringify(url)}: supported are ${STORE_SCHEMES.map((s) => `${s}:`).join(', ')} or a plain file path`);
  return driver(rest, options);
}
