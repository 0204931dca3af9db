/**
 * The record of an exam's databases (server/known-stores.ts): where it lives,
 * the round trip of remembering a store, and the errors for a record that is
 * garbled or cannot be read.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { KNOWN_STORES_FILE, knownStoresFile, rememberStore, wasKnown } from '../../server/known-stores.js';
import { tempDir } from './fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/known-stores.js'));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** A fresh folder and the record file an exam whose manifest is in it would use. */
function record(): { dir: string; file: string } {
  const dir = tempDir();
  dirs.push(dir);
  return { dir, file: knownStoresFile(join(dir, 'manifest.json')) };
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('known stores', () => {
  it("lives in .rnnquiz/stores.json in the manifest's folder", () => {
    expect(KNOWN_STORES_FILE).toBe(join('.rnnquiz', 'stores.json'));
    expect(knownStoresFile('/srv/exam/out/manifest.json')).toBe('/srv/exam/out/.rnnquiz/stores.json');
    expect(knownStoresFile('manifest.json')).toBe('.rnnquiz/stores.json');
  });

  it('knows nothing before the first start, then the store it remembered, with the time it was first seen', () => {
    const { dir, file } = record();
    expect(wasKnown(file, 'sqlite:/srv/a.db')).toBe(false);
    const before = Date.now();
    rememberStore(file, 'sqlite:/srv/a.db');
    const after = Date.now();
    expect(wasKnown(file, 'sqlite:/srv/a.db')).toBe(true);
    expect(wasKnown(file, 'sqlite:/srv/b.db')).toBe(false);
    const text = readFileSync(file, 'utf8');
    const first = (JSON.parse(text) as { stores: Record<string, string> }).stores['sqlite:/srv/a.db'] as string;
    expect(first).toMatch(ISO);
    expect(Date.parse(first)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(first)).toBeLessThanOrEqual(after);
    // Pretty-printed with a final newline, and no temporary file left beside it.
    expect(text).toBe(`${JSON.stringify({ stores: { 'sqlite:/srv/a.db': first } }, null, 2)}\n`);
    expect(readdirSync(join(dir, '.rnnquiz'))).toEqual(['stores.json']);
  });

  it('keeps the first time of a store remembered twice, and adds others beside it', async () => {
    const { file } = record();
    rememberStore(file, 'sqlite:/srv/a.db');
    const once = readFileSync(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later time, were it written again
    rememberStore(file, 'sqlite:/srv/a.db');
    expect(readFileSync(file, 'utf8')).toBe(once);
    rememberStore(file, 'sqlite:/srv/b.db');
    const stores = (JSON.parse(readFileSync(file, 'utf8')) as { stores: Record<string, string> }).stores;
    expect(Object.keys(stores)).toEqual(['sqlite:/srv/a.db', 'sqlite:/srv/b.db']);
    expect(stores['sqlite:/srv/a.db']).toBe((JSON.parse(once) as { stores: Record<string, string> }).stores['sqlite:/srv/a.db']);
    expect(wasKnown(file, 'sqlite:/srv/b.db')).toBe(true);
  });

  it('reads a record written by hand', () => {
    const { dir, file } = record();
    mkdirSync(join(dir, '.rnnquiz'));
    writeFileSync(file, '{"stores": {"sqlite:/x.db": "2026-01-01T00:00:00.000Z"}, "note": 1}');
    expect(wasKnown(file, 'sqlite:/x.db')).toBe(true);
    expect(wasKnown(file, 'toString')).toBe(false); // its own keys only
  });

  it.each([
    ['not JSON', '{"stores": '],
    ['JSON without stores', '{"databases": {}}'],
    ['stores that is not an object', '{"stores": "a.db"}'],
    ['stores null', '{"stores": null}'],
    ['null', 'null'],
  ])('refuses a record that is %s with a UsageError', (_name, text) => {
    const { dir, file } = record();
    mkdirSync(join(dir, '.rnnquiz'));
    writeFileSync(file, text);
    const message = `${file} is not the list of databases rnnquiz writes: fix or delete it`;
    expect(() => wasKnown(file, 'sqlite:/x.db')).toThrow(new UsageError(message));
    expect(() => wasKnown(file, 'sqlite:/x.db')).toThrow(UsageError);
    expect(() => rememberStore(file, 'sqlite:/x.db')).toThrow(message);
    expect(readFileSync(file, 'utf8')).toBe(text); // left for the user to fix
  });

  it('says which file it cannot read and why', () => {
    const { dir, file } = record();
    mkdirSync(file, { recursive: true });
    expect(() => wasKnown(file, 'sqlite:/x.db')).toThrow(new UsageError(`cannot read ${file}: EISDIR`));
    writeFileSync(join(dir, 'plain'), '');
    const under = knownStoresFile(join(dir, 'plain', 'manifest.json'));
    expect(() => rememberStore(under, 'sqlite:/x.db')).toThrow(`cannot read ${under}: ENOTDIR`);
    expect(() => wasKnown(under, 'sqlite:/x.db')).toThrow(UsageError);
  });
});
