/**
 * The student's page, rendered on the server with nunjucks: the frame and the
 * form partials under `templates/web/`, math as MathML (Chromium draws it
 * natively; no script, no CDN). Autoescaping is on: every student-typed value
 * is escaped; only MathML produced here from the manifest is marked safe.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type nunjucks from 'nunjucks';
import type { Manifest, ManifestVersion, ExamProblem } from '../src/manifest.js';
import type { FieldSpec } from '../src/families/contract.js';
import type { FieldResult, GradeResult } from '../src/grading/types.js';
import { responseKey } from '../src/grading/index.js';
import { createTemplateEnvironment } from '../src/render/template-env.js';
import { statementHtml } from './statement.js';
import { fieldHint, fieldTex } from '../src/render/fields.js';

/** The repository root, from dist/server/*.js or server/*.ts alike. */
export const REPO_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${join('dist', 'server')}`) ? join(here, '..', '..') : join(here, '..');
})();
export const WEB_TEMPLATES = join(REPO_ROOT, 'templates', 'web');

const STATUS_TEXT: Record<FieldResult['status'], string> = {
  correct: 'Correct',
  carried: 'Carried forward',
  incorrect: 'Incorrect',
  unreadable: 'Could not read',
  blank: 'Blank',
};

export interface PageState {
  /** What the student typed (re-filled after a submission). */
  answers?: Record<string, string>;
  student?: string;
  /** The result as far as the feedback rules show it (a roster exam may show the score only, or nothing). */
  result?: Partial<Omit<GradeResult, 'fields'>> & { fields?: Record<string, FieldResult>; attempt?: number; attemptsLeft?: number | null };
  /** The key, once released. */
  key?: Record<string, string>;
  /** A message about the whole form (validation error, attempt limit). */
  error?: string;
}

interface FieldView {
  key: string;
  inputId: string;
  /** TeX of the field's name; the template draws it with the `math` filter. */
  labelTex: string;
  hint: string;
  value: string;
  result?: FieldResult;
  statusText?: string;
  answer?: string;
  /** Why the saved or submitted text cannot be read (shown back; it used no attempt). */
  formatError?: string;
}

export function fieldView(p: ExamProblem, f: FieldSpec, state: PageState & { formatErrors?: Record<string, string> }): FieldView {
  const key = responseKey(p, f.name);
  const result = state.result?.fields?.[key];
  const formatError = state.formatErrors?.[key];
  return {
    key,
    inputId: `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`,
    labelTex: fieldTex(p.steps, f.name),
    hint: fieldHint(f, { examples: true }),
    value: state.answers?.[key] ?? '',
    ...(result ? { result, statusText: STATUS_TEXT[result.status] } : {}),
    ...(formatError !== undefined ? { formatError } : {}),
    ...(state.key?.[key] !== undefined ? { answer: state.key[key] } : {}),
  };
}

let env: nunjucks.Environment | undefined;

function environment(): nunjucks.Environment {
  env ??= createTemplateEnvironment({ target: 'html', searchPaths: [WEB_TEMPLATES] });
  return env;
}

/**
 * The student page of one version, blank or with the feedback of a submission.
 * @example renderStudentPage(manifest, version, token, {}) // '<!doctype html>…'
 */
export function renderStudentPage(manifest: Manifest, version: ManifestVersion, token: string, state: PageState): string {
  const problems = version.problems.map((p, i) => ({
    id: p.id,
    number: i + 1,
    points: Object.values(p.points).reduce((a, b) => a + b, 0),
    statement: statementHtml(p),
    fields: p.fields.map((f) => fieldView(p, f, state)),
  }));
  return stripInlineStyles(environment().render('page.njk', {
    title: manifest.title ?? manifest.bank ?? 'Exam',
    course: manifest.course,
    versionId: version.id,
    action: `/q/${encodeURIComponent(token)}`,
    student: state.student ?? '',
    problems,
    result: state.result,
    released: state.key !== undefined,
    error: state.error,
  }));
}

/**
 * The CSP allows no inline style, so the `style="…"` temml puts on MathML
 * (block display, matrix cell padding) is removed and site.css does the same
 * job. Only markup can carry ` style="`: typed text is escaped (`"` → `&#34;`).
 */
export function stripInlineStyles(html: string): string {
  return html.replace(/ style="[^"<>]*"/g, '');
}

/** Renders a template of templates/web with the page's own environment (MathML filter, autoescape), inline styles removed. */
export function renderTemplate(name: string, context: object): string {
  return stripInlineStyles(environment().render(name, context));
}

/** A small page for errors reached from a browser (bad token, body too large). */
export function renderMessagePage(title: string, message: string): string {
  return environment().render('message.njk', { title, message });
}
