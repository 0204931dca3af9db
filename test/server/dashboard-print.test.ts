/**
 * A roster student's exam printed again from the dashboard
 * (server/dashboard/print.ts), in process: the cover names the student and
 * carries their live link (the re-issued token after a re-issue, never the
 * dead one); a revoked student or an unknown id is refused.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { studentExamPdf } from '../../server/dashboard/print.js';
import { createRosterSite, reissueStudent, revokeStudent, type RosterSite } from '../../server/roster.js';
import { memoryStore } from '../support/memory-store.js';
import { ROSTER_SECRET, rosterManifest } from '../support/roster-manifest.js';
import { coverModuleLoad } from '../support/fixture.js';
import { tempDir } from './fixture.js';

coverModuleLoad(() => import('../../server/dashboard/print.js'));

const BASE = 'https://exam.example.org';

/** The PDF's text with all white space removed (the link may wrap on the cover). */
function textOf(pdf: Buffer): string {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'reprint.pdf'), pdf);
    return execFileSync('pdftotext', ['-raw', join(dir, 'reprint.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const site = (): RosterSite => createRosterSite(rosterManifest({ students: 2, problems: 1 }), ROSTER_SECRET, memoryStore())!;

describe('studentExamPdf', () => {
  it('prints the student’s cover with their own link, and after a re-issue the new link instead of the dead one', async () => {
    const roster = site();
    const first = roster.manifest.students![1]!.token;
    const before = textOf(await studentExamPdf(roster, 's02', BASE));
    expect(before).toContain('Student2');
    expect(before).toContain(`exam.example.org/q/${first}`);
    const { token } = await reissueStudent(roster, 's02');
    const after = textOf(await studentExamPdf(roster, 's02', BASE));
    expect(after).toContain(`exam.example.org/q/${token}`);
    expect(after).not.toContain(first);
  });

  it('refuses a revoked student (re-issue first) with 409 and an unknown one with 404', async () => {
    const roster = site();
    await revokeStudent(roster, 's01');
    await expect(studentExamPdf(roster, 's01', BASE)).rejects.toMatchObject({ status: 409, message: 's01: the link is revoked; re-issue a link first, then print' });
    await expect(studentExamPdf(roster, 'x'.repeat(70), BASE)).rejects.toMatchObject({ status: 404, message: `no student "${'x'.repeat(64)}" in the roster` });
  });
});
