/**
 * The question view: everything a writer (exam PDF, key PDF, web page,
 * Moodle XML, the formats to come) needs to show one problem, built once per
 * problem from the problem, its family's presentation metadata and its
 * statement template. Format-neutral: prose and math are TeX (`\( … \)`,
 * `\[ … \]`), values are `Value`s; each writer turns them into its own form.
 * A writer reads only views: none names a family or looks at family ids.
 */
import type { Value } from '../core/value.js';
import type { FieldKind, Step } from '../families/contract.js';
import type { Tolerance } from '../grading/types.js';
import type { ChoiceOption } from '../manifest.js';

/** The step and field-kind types a writer reads through the view. */
export type { FieldKind, Step, Tolerance };

/** One answer field as every output shows it. */
export interface FieldView {
  /** Answer name as in SPEC §5 (`h2`, `pf1`, `choice`). */
  name: string;
  /** The response key students type into (`p3.h2`), also printed on the answer box. */
  key: string;
  kind: FieldKind;
  /** `scalar`, a vector length, or `label`. */
  shape: 'scalar' | 'label' | number;
  /** Allowed labels in index order (label fields). */
  choices?: readonly string[];
  /** TeX name of the quantity (`h^{(1)}`, `f_{1}`): the key's symbol. */
  symbolTex: string;
  /** What to write: `paper` short (`2 exact numbers`), `web` with an example. */
  hint: { paper: string; web: string };
  points: number;
  /** How a numeric field is graded; absent for exact and label fields. */
  tolerance?: Tolerance;
  /** The key. */
  answer: Value;
  /** Choice mode: the options A–E in printed order (one is the key), each naming the mistake it stands for. */
  options?: readonly OptionView[];
}

/**
 * One option of a choice-mode field. Its `key` flag and `mistake` are for the
 * key and the grader only: a student's output shows the letter and the value.
 */
export interface OptionView extends ChoiceOption {
  /** `A`–`E`, its printed position: what a student marks on paper or posts from the page (the grader reads it as this option). */
  letter: string;
  /** The option's value (its printed text read back: exact numbers stay exact, 4-decimal ones are doubles), for writers that typeset it. */
  value: Value;
}

/** One problem as every output shows it. */
export interface QuestionView {
  /** Problem id in its version (`p3`). */
  id: string;
  /** 1-based position in the version. */
  number: number;
  /** Where the problem came from: its bank item, or its family when it came from no bank (Moodle categories, statistics). */
  source: string;
  /** The family's title. */
  title: string;
  /** Topic in the points table and the key's headings. */
  topic: string;
  /** The question as prose with TeX math, choices listed when it has any. */
  statement: string;
  /** The question without its list of choices, for writers whose control lists them (a drop-down). Equal to `statement` otherwise. */
  stem: string;
  /** Answered by picking one choice of its single label field: no named answer field is shown. */
  choiceOnly: boolean;
  /** The worked steps name choices by position in this version's order (a host that reshuffles shows the answer instead). */
  stepsNameChoicePositions: boolean;
  /** Whether the key restates the question: the worked steps do not already show every given matrix. */
  restateInKey: boolean;
  fields: FieldView[];
  /** Worked solution, in order, as the lecture writes it. */
  steps: readonly Step[];
  /** Sum of the fields' points. */
  points: number;
}

/** One exam version as the writers see it. */
export interface VersionView {
  /** Version code (`V01`). */
  id: string;
  /** Signed token that opens the online page. */
  token: string;
  /** The printed link `<base-url>/q/<token>` (empty when there is no site, e.g. Moodle). */
  url: string;
  questions: QuestionView[];
}

/** What an exam shows about itself (from the bank), and its frame texts (header, footer, cover, online caption). */
export interface ExamView {
  /** Bank name (Moodle categories, id numbers). */
  bank: string;
  course: string;
  title: string;
  date: string;
  instructions: string;
  /** A frame piece (`header`, `footer`, `cover`, `online`) from `templates/frame/`, prose with TeX. */
  frame(name: string, vars: Record<string, unknown>): string;
}
