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

/**
 * How the lecture writes a field's name: `h2` → `h_{2}`, `ctilde1` → `\tilde{c}_{1}`,
 * `pf1` → `p_{f,1}` (LSTM/GRU pre-activations), `hf2` → `h^{f}_{2}`, `label` → `\text{label}`.
 */
export function fieldNameTex(field: FieldSpec): string {
  const q = field.quantity;
  const t = field.t;
  const sub = (base: string, extra?: string) => {
    const parts = [extra, t].filter((x) => x !== undefined);
    return parts.length ? `${base}_{${parts.join(',')}}` : base;
  };
  if (/^[a-z]tilde$/.test(q)) return sub(`\\tilde{${q[0]}}`);
  if (/^p[fiocrzh]$/.test(q)) return sub('p', q[1]);
  if (/^h[fb]$/.test(q)) return sub(`h^{${q[1]}}`);
  if (q.length === 1) return sub(q);
  return sub(`\\text{${q}}`);
}

/** What to type, with an example: `2 exact numbers, e.g. [1, 2]`, `ADJ, DET or NOUN (or its index from 0)`. */
export function fieldHint(field: FieldSpec): string {
  if (field.shape === 'label') {
    const c = field.choices ?? [];
    return c.length > 1 ? `${c.slice(0, -1).join(', ')} or ${c[c.length - 1]} (or its index from 0)` : 'a label';
  }
  if (field.shape === 'scalar') return field.kind === 'exact' ? 'an exact number, e.g. 3 or -1/2' : 'a number, e.g. 0.8808 or sigmoid(2)';
  const example = `[${Array.from({ length: field.shape }, (_, i) => i + 1).join(', ')}]`;
  return `a vector of ${field.shape} ${field.kind === 'exact' ? 'exact numbers' : 'numbers'}, e.g. ${example}`;
}

export interface PageState {
  /** What the student typed (re-filled after a submission). */
  answers?: Record<string, string>;
  student?: string;
  result?: GradeResult & { attempt?: number; attemptsLeft?: number | null };
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
}

function fieldView(p: ExamProblem, f: FieldSpec, state: PageState): FieldView {
  const key = responseKey(p, f.name);
  const result = state.result?.fields[key];
  return {
    key,
    inputId: `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`,
    labelTex: fieldNameTex(f),
    hint: fieldHint(f),
    value: state.answers?.[key] ?? '',
    ...(result ? { result, statusText: STATUS_TEXT[result.status] } : {}),
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

/** A small page for errors reached from a browser (bad token, body too large). */
export function renderMessagePage(title: string, message: string): string {
  return environment().render('message.njk', { title, message });
}
