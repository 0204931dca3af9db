/**
 * Builds question views (question-view.ts) from solved problems: the one
 * place that reads a family's presentation metadata and renders its statement
 * template. Views are cached per problem and per version object, since a
 * statement never changes (the server shows the same version many times).
 */
import { getFamily, problemTitle } from '../families/registry.js';
import type { ChoiceOption, ExamProblem, ManifestVersion } from '../manifest.js';
import { responseKey } from '../grading/grade.js';
import { parseNumbers } from '../grading/parse.js';
import { toNumber } from '../core/num.js';
import { type Value, label, scalar, vector } from '../core/value.js';
import type { FieldSpec } from '../families/contract.js';
import { choiceHint, fieldHint, fieldTex } from '../render/fields.js';
import { problemPoints } from '../plan/plan.js';
import { CHOICE_LETTERS } from '../plan/choice-options.js';
import { createTemplateRenderer, type TemplateRenderer } from '../plan/templates.js';
import type { Bank } from '../bank/load.js';
import type { ExamView, FieldView, OptionView, QuestionView, VersionView } from './question-view.js';

/**
 * The exam's own texts as a bank gives them.
 * @example createViewBuilder().exam(bankExamInfo(bank)).title // "Midterm"
 */
export function bankExamInfo(bank: Pick<Bank, 'name' | 'course' | 'title' | 'date' | 'instructions'>): Omit<ExamView, 'frame'> {
  return { bank: bank.name, course: bank.course, title: bank.title, date: bank.date, instructions: bank.instructions };
}

export interface ViewBuilder {
  /** The view of one problem, `number` its 1-based position in its version. */
  question(problem: ExamProblem, number: number): QuestionView;
  /** The view of one version; `url` is its printed link (empty without a site). */
  version(version: ManifestVersion, url?: string): VersionView;
  /** The exam's own texts and its frame templates. */
  exam(info: Omit<ExamView, 'frame'>): ExamView;
}

/**
 * An option's value from its printed text (the manifest keeps only the text):
 * integers and fractions stay exact, a number printed with decimals is a
 * double, so a writer typesets it back exactly as printed (`3/4` as a
 * fraction, `0.8808` to 4 decimals). Text that is no number stays a label.
 * @example optionValue('[4, 0]', 2) // vector of exact 4 and 0
 */
export function optionValue(text: string, shape: FieldSpec['shape']): Value {
  const read = parseNumbers(text);
  if (!read.ok || shape === 'label') return label(text);
  const nums = read.value.items.map((c) => (c.decimals === undefined ? c.v : toNumber(c.v)));
  const first = nums[0];
  return read.value.vector || typeof shape === 'number' || first === undefined ? vector(nums) : scalar(first);
}

/** A field's choice-mode options with their letters and values. */
function optionViews(options: readonly ChoiceOption[], shape: FieldSpec['shape']): OptionView[] {
  return options.map((o, i) => ({ ...o, letter: CHOICE_LETTERS[i] ?? String.fromCharCode(65 + i), value: optionValue(o.text, shape) }));
}

/** The worked steps show every given matrix in their products unless the statement holds one they do not. */
const restatesInKey = (statement: string): boolean => !statement.includes('\\begin{bmatrix}');

/**
 * @example createViewBuilder().question(problem, 1).statement // "Consider a simple RNN that predicts as \\[ … \\]"
 */
export function createViewBuilder(templates: TemplateRenderer = createTemplateRenderer()): ViewBuilder {
  const questions = new WeakMap<ExamProblem, QuestionView>();
  const versions = new WeakMap<ManifestVersion, VersionView>();

  const question = (p: ExamProblem, number: number): QuestionView => {
    const cached = questions.get(p);
    if (cached && cached.number === number) return cached;
    const family = getFamily(p.family);
    const look = family.presentation ?? {};
    const choiceOnly = look.choiceOnly === true && p.fields.length === 1 && p.fields[0]?.shape === 'label';
    const statement = templates.statement(p);
    const fields = p.fields.map((f): FieldView => {
      const answer = p.answers.get(f.name);
      if (!answer) throw new Error(`problem ${p.id} has no answer for ${f.name}`);
      const tolerance = p.tolerance[f.name];
      const options = p.choices?.[f.name];
      return {
        name: f.name,
        key: responseKey(p, f.name),
        kind: f.kind,
        shape: f.shape,
        ...(f.choices ? { choices: f.choices } : {}),
        symbolTex: fieldTex(p.steps, f.name),
        hint: options ? choiceHint(options.length) : { paper: fieldHint(f, { examples: false, choiceOnly }), web: fieldHint(f, { examples: true, choiceOnly }) },
        points: p.points[f.name] ?? 0,
        ...(tolerance ? { tolerance } : {}),
        answer,
        ...(options ? { options: optionViews(options, f.shape) } : {}),
      };
    });
    const view: QuestionView = {
      id: p.id,
      number,
      source: p.item ?? p.family,
      title: family.title,
      topic: problemTitle(p),
      statement,
      stem: choiceOnly ? templates.statement(p, false) : statement,
      choiceOnly,
      stepsNameChoicePositions: look.stepsNameChoicePositions === true,
      restateInKey: restatesInKey(statement),
      fields,
      steps: p.steps,
      points: problemPoints(p),
    };
    questions.set(p, view);
    return view;
  };

  const version = (v: ManifestVersion, url = ''): VersionView => {
    const cached = versions.get(v);
    if (cached && cached.url === url) return cached;
    const view: VersionView = { id: v.id, token: v.token, url, questions: v.problems.map((p, i) => question(p, i + 1)) };
    versions.set(v, view);
    return view;
  };

  return { question, version, exam: (info) => ({ ...info, frame: templates.frame }) };
}
