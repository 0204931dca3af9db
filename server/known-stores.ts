/**
 * Which databases this exam has had, so that a database that existed and has
 * vanished (its folder deleted, the disk swapped) is an error at start and
 * not a silently created empty one.
 *
 * "First start" is known from a small file beside the manifest,
 * `.rnnquiz/stores.json` in the manifest's folder: the exam and the record of
 * its databases live together, whatever folder `serve` runs from. A store
 * listed there must exist; one not listed is created and then listed.
 * `--create-db` allows creating a listed one again (an empty gradebook).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../src/core/errors.js';

export const KNOWN_STORES_FILE = join('.rnnquiz', 'stores.json');

interface KnownStores {
  /** Store location (see storeLocation) → ISO time it was first opened by a server of this exam. */
  stores: Record<string, string>;
}

/** The record file for the exam whose manifest is `manifestPath`. */
export function knownStoresFile(manifestPath: string): string {
  return join(dirname(manifestPath), KNOWN_STORES_FILE);
}

function read(file: string): KnownStores {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { stores: {} };
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<KnownStores>;
    if (parsed && typeof parsed.stores === 'object' && parsed.stores !== null) return { stores: parsed.stores };
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`${file} is not the list of databases rnnquiz writes: fix or delete it`);
}

/**
 * True when `location` was opened before by a server of this exam.
 * @example wasKnown('out/.rnnquiz/stores.json', 'sqlite:/srv/out/rnnquiz.db') // false on first start
 */
export function wasKnown(file: string, location: string): boolean {
  return Object.hasOwn(read(file).stores, location);
}

/** Adds `location` to the record (written to a temporary file, then renamed: never half a file). */
export function rememberStore(file: string, location: string): void {
  const known = read(file);
  if (Object.hasOwn(known.stores, location)) return;
  known.stores[location] = new Date().toISOString();
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(known, null, 2)}\n`);
  renameSync(tmp, file);
}
