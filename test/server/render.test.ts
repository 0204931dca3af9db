/**
 * The exam texts the server hands to the web page writer, read from the
 * manifest as a build records them: title and course, the bank's date and
 * instructions from `meta`, and the defaults of a manifest without them.
 */
import { describe, expect, it } from 'vitest';
import { versionViews } from '../../server/render.js';
import type { Manifest } from '../../src/manifest.js';
import { coverModuleLoad } from '../support/fixture.js';
import { testManifest } from './fixture.js';

coverModuleLoad(() => import('../../server/render.js'));

const examOf = (m: Manifest) => versionViews(m, m.versions[0]!).exam;

describe('versionViews', () => {
  it('reads the title, course, date and instructions the build recorded', () => {
    const m: Manifest = { ...testManifest(), title: 'Quiz 3', course: 'CS 4410', meta: { date: '12 March 2026', instructions: 'No notes.' } };
    expect(examOf(m)).toMatchObject({ bank: 'server-test', title: 'Quiz 3', course: 'CS 4410', date: '12 March 2026', instructions: 'No notes.' });
  });

  it('falls back to the bank name for a missing title, and to empty texts for what is missing or not text', () => {
    const { title: _title, ...untitled } = testManifest();
    expect(examOf({ ...untitled, meta: { date: 20260312, instructions: ['read'] } })).toMatchObject({ title: 'server-test', course: '', date: '', instructions: '' });
    expect(examOf(untitled)).toMatchObject({ title: 'server-test', course: '', date: '', instructions: '' });
  });

  it('builds the exam view once per manifest and the version view for the version asked', () => {
    const m = testManifest();
    const first = versionViews(m, m.versions[0]!);
    expect(versionViews(m, m.versions[1]!).exam).toBe(first.exam);
    expect(examOf(testManifest())).not.toBe(first.exam);
    expect(first.version.id).toBe('V01');
    expect(versionViews(m, m.versions[1]!).version.id).toBe('V02');
  });
});
