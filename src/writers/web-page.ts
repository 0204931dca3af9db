/**
 * The web page writer: a student's page of one version view, rendered with
 * nunjucks (the frame and the form partials under `templates/web/`), the
 * statement's math as MathML (Chromium draws it natively; no script, no CDN).
 * Autoescaping is on: every student-typed value is escaped; only MathML
 * produced here from the view is marked safe.
 */
import { join } from 'node:path';
import type nunjucks from 'nunjucks';
import type { FieldResult, GradeResult } from '../grading/types.js';
import { createTemplateEnvironment } from '../render/template-env.js';
import { proseToHtml } from '../render/html.js';
import { KEY_FORMAT, valueToTex } from '../render/tex-values.js';
import { isBlank } from '../grading/answer.js';
import { resolveChoiceLetter } from '../grading/choice-letter.js';
import { templatesDir } from '../plan/templates.js';
import type { ExamView, FieldView, OptionView, QuestionView, VersionView } from '../view/question-view.js';

/** The web page's templates and its style sheet. */
export const WEB_TEMPLATES = join(templatesDir(), 'web');

const STATUS_TEXT: Record<FieldResult['status'], string> = {
  correct: 'Correct',
  carried: 'Carried forward',
  incorrect: 'Incorrect',
  unreadable: 'Could not read',
  blank: 'Blank',
};

export interface PageState {
  /** The token the page was opened with: the form posts back to it. */
  token: string;
  /** What the student typed (re-filled after a submission). */
  answers?: Record<string, string>;
  student?: string;
  /** The result as far as the feedback rules show it (a roster exam may show the score only, or nothing). */
  result?: Partial<Omit<GradeResult, 'fields'>> & { fields?: Record<string, FieldResult>; attempt?: number; attemptsLeft?: number | null };
  /** The key, once released. */
  key?: Record<string, string>;
  /** A message about the whole form (validation error, attempt limit). */
  error?: string;
  /** Why saved or submitted answers cannot be read, per field (shown back; they used no attempt). */
  formatErrors?: Record<string, string>;
}

/** One radio button of a choice-mode field: it posts its letter, which the grader reads as this option. */
interface OptionModel {
  id: string;
  letter: string;
  /** TeX of the option's value; the template draws it with the `math` filter. */
  tex: string;
  checked: boolean;
}

interface FieldModel {
  key: string;
  inputId: string;
  /** TeX of the field's name; the template draws it with the `math` filter. */
  labelTex: string;
  hint: string;
  value: string;
  /** Choice mode: the options A–E as radio buttons (never saying which is right or what mistake one stands for). */
  options?: OptionModel[];
  /** Choice mode: a saved answer that is none of the options (typed through the API): offered, checked, so a resubmission keeps it. */
  other?: string;
  result?: FieldResult;
  statusText?: string;
  answer?: string;
  /** Choice mode, once the key is released: the right option's letter. */
  answerLetter?: string;
  formatError?: string;
}

/** The radio buttons of a choice-mode field; the saved answer (a letter, or an option's text) comes back checked. */
function optionModels(options: readonly OptionView[], inputId: string, value: string): { options: OptionModel[]; other?: string } {
  const chosen = isBlank(value) ? undefined : resolveChoiceLetter(options, value).trim();
  const models = options.map((o) => ({ id: `${inputId}-${o.letter}`, letter: o.letter, tex: valueToTex(o.value, KEY_FORMAT), checked: chosen === o.text }));
  return { options: models, ...(chosen !== undefined && !models.some((m) => m.checked) ? { other: value } : {}) };
}

/** What the field partial (field.njk) draws for one answer field. */
function fieldModel(f: FieldView, state: Omit<PageState, 'token'>): FieldModel {
  const key = f.key;
  const result = state.result?.fields?.[key];
  const formatError = state.formatErrors?.[key];
  const inputId = `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const value = state.answers?.[key] ?? '';
  const released = state.key?.[key];
  const letter = released !== undefined ? f.options?.find((o) => o.key)?.letter : undefined;
  return {
    key,
    inputId,
    labelTex: f.symbolTex,
    hint: f.hint.web,
    value,
    ...(f.options ? optionModels(f.options, inputId, value) : {}),
    ...(result ? { result, statusText: STATUS_TEXT[result.status] } : {}),
    ...(formatError !== undefined ? { formatError } : {}),
    ...(released !== undefined ? { answer: released } : {}),
    ...(letter !== undefined ? { answerLetter: letter } : {}),
  };
}

let env: nunjucks.Environment | undefined;

function environment(): nunjucks.Environment {
  env ??= createTemplateEnvironment({ target: 'html', searchPaths: [WEB_TEMPLATES] });
  return env;
}

/** A statement as HTML with MathML, built once per question view: a statement never changes. */
const statements = new WeakMap<QuestionView, string>();

function statementHtml(q: QuestionView): string {
  let html = statements.get(q);
  if (html === undefined) {
    html = proseToHtml(q.statement, 'mathml');
    statements.set(q, html);
  }
  return html;
}

/** What problem.njk draws for each question of a version (statement as HTML, fields with the state's values). */
export function questionModels(version: VersionView, state: Omit<PageState, 'token'>): { id: string; number: number; points: number; statement: string; fields: FieldModel[] }[] {
  return version.questions.map((q) => ({
    id: q.id,
    number: q.number,
    points: q.points,
    statement: statementHtml(q),
    fields: q.fields.map((f) => fieldModel(f, state)),
  }));
}

/** Whether a version asks any field as options A–E (the page's instructions then say how to answer them). */
export function hasChoiceFields(version: VersionView): boolean {
  return version.questions.some((q) => q.fields.some((f) => f.options !== undefined));
}

/**
 * The student page of one version, blank or with the feedback of a submission.
 * @example writeWebPage(exam, version, { token }) // '<!doctype html>…'
 */
export function writeWebPage(exam: ExamView, version: VersionView, state: PageState): string {
  const problems = questionModels(version, state);
  return stripInlineStyles(
    environment().render('page.njk', {
      title: exam.title,
      course: exam.course,
      versionId: version.id,
      action: `/q/${encodeURIComponent(state.token)}`,
      student: state.student ?? '',
      problems,
      choiceMode: hasChoiceFields(version),
      result: state.result,
      released: state.key !== undefined,
      error: state.error,
    }),
  );
}

/**
 * The CSP allows no inline style, so the `style="…"` temml puts on MathML
 * (block display, matrix cell padding) is removed and site.css does the same
 * job. Only markup can carry ` style="`: typed text is escaped (`"` → `&#34;`).
 */
export function stripInlineStyles(html: string): string {
  return html.replace(/ style="[^"<>]*"/g, '');
}

/** Renders another template of templates/web (the roster exam page) with this environment, inline styles removed. */
export function renderWebTemplate(name: string, context: object): string {
  return stripInlineStyles(environment().render(name, context));
}

/** A small page for errors reached from a browser (bad token, body too large). */
export function renderMessagePage(title: string, message: string): string {
  return environment().render('message.njk', { title, message });
}
