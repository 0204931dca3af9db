/**
 * The server's side of the web page: a manifest's version turned into views
 * (built once per version and kept) and handed to the web page writer.
 */
import type { Manifest, ManifestVersion } from '../src/manifest.js';
import { createViewBuilder, type ViewBuilder } from '../src/view/build.js';
import type { ExamView, VersionView } from '../src/view/question-view.js';
import { WRITERS } from '../src/writers/index.js';
import type { PageState } from '../src/writers/web-page.js';

export { renderMessagePage, WEB_TEMPLATES, type PageState } from '../src/writers/web-page.js';

let views: ViewBuilder | undefined;
const exams = new WeakMap<Manifest, ExamView>();

/** The exam's texts as the manifest records them (the bank's date and instructions are in `meta`). */
function examView(manifest: Manifest, builder: ViewBuilder): ExamView {
  let exam = exams.get(manifest);
  if (!exam) {
    const meta = manifest.meta ?? {};
    const text = (x: unknown): string => (typeof x === 'string' ? x : '');
    exam = builder.exam({ bank: manifest.bank, course: manifest.course ?? '', title: manifest.title ?? manifest.bank ?? 'Exam', date: text(meta.date), instructions: text(meta.instructions) });
    exams.set(manifest, exam);
  }
  return exam;
}

/**
 * A version's views for the roster exam page (server/render-exam.ts), built once per version.
 * @example const { exam, version } = versionViews(manifest, manifestVersion)
 */
export function versionViews(manifest: Manifest, version: ManifestVersion): { exam: ExamView; version: VersionView } {
  views ??= createViewBuilder();
  return { exam: examView(manifest, views), version: views.version(version) };
}

/**
 * The student page of one version, blank or with the feedback of a submission.
 * @example renderStudentPage(manifest, version, token, {}) // '<!doctype html>…'
 */
export function renderStudentPage(manifest: Manifest, version: ManifestVersion, token: string, state: Omit<PageState, 'token'>): string {
  views ??= createViewBuilder();
  return WRITERS['web-page'].write(examView(manifest, views), views.version(version), { ...state, token });
}
