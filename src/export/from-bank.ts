/**
 * The seam between the Moodle export and the exam build: the versions of a
 * bank as the build plans them (no PDF written), as views.
 */
import type { Bank } from '../bank/load.js';
import { manifestHeader, planVersion, versionIds } from '../plan/plan.js';
import type { Manifest } from '../manifest.js';
import { bankExamInfo, createViewBuilder, type ViewBuilder } from '../view/build.js';
import type { ExamView, VersionView } from '../view/question-view.js';

/**
 * Moodle questions carry no online link, so the version tokens are signed
 * with this fixed, public string instead of the server secret (which is then
 * neither read nor created). The versions themselves depend only on the bank
 * and the seed: `export moodle` and `build` with the same seed give the same
 * V01, V02, ….
 */
const NO_TOKEN_SECRET = 'moodle-export: tokens are not exported';

/**
 * The N versions of a bank, exactly as `rnnquiz build` draws them.
 * @example bankVersions(loadBank('question-banks/rnn-midterm.yaml'), '2026', 3).versions.length // 3
 */
export function bankVersions(bank: Bank, seed: string, versions: number): Manifest {
  return {
    ...manifestHeader(bank, { seed, versions, baseUrl: '' }),
    versions: versionIds(versions).map((id) => planVersion(bank, seed, id, NO_TOKEN_SECRET)),
  };
}

/**
 * The exam and version views of a bank's N versions, as the Moodle writer reads them.
 * @example const { exam, versions } = bankViews(bank, '2026', 3); exportMoodleXml(exam, versions)
 */
export function bankViews(bank: Bank, seed: string, versions: number, views: ViewBuilder = createViewBuilder()): { exam: ExamView; versions: VersionView[] } {
  const manifest = bankVersions(bank, seed, versions);
  return {
    exam: views.exam(bankExamInfo(bank)),
    versions: manifest.versions.map((v) => views.version(v)),
  };
}
