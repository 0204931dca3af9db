/**
 * One question view → one Moodle Cloze question: the statement (HTML with TeX
 * in `\( … \)` / `\[ … \]`; a choice question's stem only, since the choice
 * lists the options), a note on what to type, then one line per
 * answer field with a box per number (a vector gets one per component) or a
 * choice for a label, and the worked solution as general feedback. Every
 * text is checked with Moodle's own Cloze reader (cloze-parse.ts) before it
 * is written.
 *
 * The boxes credit what rnnquiz's grader credits (see numbers.ts for how
 * Moodle reads a response): an exact value is a SHORTANSWER box listing the
 * texts the grader accepts (`5.5`, `11/2`, `5,5`, `−5.5`, `2.38` for 19/8),
 * so `4/2` for a key of 4 is never credited; a value with a tolerance is a
 * NUMERICAL box `value ± max(atol, rtol·|value|)` with 0 % answers that catch a
 * decimal comma. A choice whose options hold math is a typeset radio list,
 * never a drop-down (an `<option>` shows TeX raw). Every box of a question gets
 * a filler answer of one length, so all boxes are as wide (R/exams' numwidth).
 */
import { Fraction, isExact, type Num } from '../core/num.js';
import { components } from '../core/value.js';
import { DEFAULT_TOLERANCE, type Tolerance } from '../grading/types.js';
import { stepToTex } from '../render/tex-values.js';
import { escapeHtml, proseToHtml } from '../render/html.js';
import type { FieldView, QuestionView } from '../view/question-view.js';
import { type BoxType, type ChoiceDisplay, type ClozeAnswer, boxSubquestion, integerWeight, multichoiceSubquestion, weightMultiplier } from './cloze.js';
import { neutralizeCloze, parseCloze } from './cloze-parse.js';
import { MAX_NUMERIC_FILLER, commaCatches, exactForms, moodleNumber, widthFiller } from './numbers.js';

/** What one subquestion asks for: the field, the component (vectors), its weight and its answers as written. */
export type Subquestion =
  | { field: string; component?: number; kind: 'box'; type: BoxType; weight: number; answers: ClozeAnswer[] }
  | { field: string; kind: 'multichoice'; display: ChoiceDisplay; weight: number; options: readonly string[]; correct: string };

export interface ClozeQuestion {
  /** HTML question text with the Cloze subquestions in place. */
  questionText: string;
  /** HTML worked solution. */
  generalFeedback: string;
  subquestions: Subquestion[];
  /** The mark Moodle gives the question: the sum of the weights (it ignores `<defaultgrade>` for Cloze). */
  mark: number;
}

/** Math in a choice: `\(`, `\[` or `$`. */
const MATH = /\\\(|\\\[|\$/;

/** Each box's share of the field's points: the points for a label or scalar, points / n for each of n components. */
function shares(question: QuestionView): Fraction[][] {
  return question.fields.map((field) => {
    const n = field.answer.kind === 'label' ? 1 : components(field.answer).length;
    return Array.from({ length: n }, () => new Fraction(field.points).div(n));
  });
}

/**
 * The weight multiplier for a set of questions: the smallest m with every box's share × m whole.
 * @example questionsMultiplier([classwork]) // 6 (1 point over 2 and over 3 components)
 */
export function questionsMultiplier(questions: Iterable<QuestionView>): number {
  return weightMultiplier([...questions].flatMap((q) => shares(q).flat()));
}

/** The answers of a box for one number: listed texts for an exact value, value ± tolerance and comma catches otherwise. */
function numberBox(x: Num, tolerance: Tolerance): { type: BoxType; answers: ClozeAnswer[] } {
  if (isExact(x)) return { type: 'SHORTANSWER', answers: exactForms(x).map((text) => ({ text, fraction: 1 })) };
  const margin = Math.max(tolerance.atol, tolerance.rtol * Math.abs(x));
  const right: ClozeAnswer = { text: moodleNumber(x), fraction: 1, tolerance: moodleNumber(margin) };
  const catches = commaCatches(x, margin).map((c): ClozeAnswer => ({ text: moodleNumber(c.value), fraction: 0, tolerance: moodleNumber(c.tolerance), feedback: c.feedback }));
  return { type: 'NUMERICAL', answers: [right, ...catches] };
}

/** The subquestions of one field, weights scaled by the multiplier. */
function fieldSubquestions(field: FieldView, weights: readonly number[]): Subquestion[] {
  const value = field.answer;
  const tolerance = field.tolerance ?? DEFAULT_TOLERANCE;
  if (value.kind === 'label') {
    const options = field.choices && field.choices.length >= 2 ? field.choices : [value.v];
    // Math anywhere: every option goes into a radio list as HTML, typeset alike; otherwise a plain-text drop-down.
    if (options.some((o) => MATH.test(o))) {
      return [{ field: field.name, kind: 'multichoice', display: 'MULTICHOICE_VS', weight: weights[0] ?? 0, options: options.map(escapeHtml), correct: escapeHtml(value.v) }];
    }
    return [{ field: field.name, kind: 'multichoice', display: 'MULTICHOICE_S', weight: weights[0] ?? 0, options, correct: value.v }];
  }
  return components(value).map((x, i) => ({ field: field.name, ...(value.kind === 'vector' ? { component: i } : {}), kind: 'box', weight: weights[i] ?? 0, ...numberBox(x, tolerance) }));
}

/** Characters of a stored answer as Moodle counts them (UTF-8 characters, not bytes). */
const length = (text: string): number => [...text].length;

/**
 * Appends to every box one 0 % answer as long as the longest answer of the
 * question, so Moodle draws every box as wide (it sizes a box to its longest
 * answer, plus a random 0–15 %): nines in a SHORTANSWER box, a number PHP
 * stores unchanged in a NUMERICAL one (at most MAX_NUMERIC_FILLER characters:
 * only an exact decimal of 17+ digits, which no family produces, is wider).
 * The filler is never a right answer of its box.
 */
function equalizeWidths(subquestions: Subquestion[]): void {
  const boxes = subquestions.filter((s): s is Extract<Subquestion, { kind: 'box' }> => s.kind === 'box');
  const width = Math.max(0, ...boxes.flatMap((b) => b.answers.map((a) => length(a.text))));
  for (const box of boxes) {
    const numeric = box.type === 'NUMERICAL';
    const filler = numeric ? widthFiller(Math.min(width, MAX_NUMERIC_FILLER)) : '9'.repeat(width);
    const credited = box.answers.some((a) => a.fraction === 1 && (numeric ? Math.abs(Number(a.text) - Number(filler)) <= Number(a.tolerance) : a.text === filler));
    if (credited) throw new Error(`the width filler ${filler} would be a right answer of ${box.field}`);
    box.answers.push({ text: filler, fraction: 0, ...(numeric ? { tolerance: '0' } : {}) });
  }
}

function subquestionText(s: Subquestion): string {
  return s.kind === 'box' ? boxSubquestion(s.weight, s.type, s.answers) : multichoiceSubquestion(s.weight, s.options, s.correct, s.display);
}

/** What to type, said once per question for the kinds of box it has (Moodle reads less than rnnquiz, see numbers.ts). */
export const TYPING_NOTE = '<p><small>Type one number per box, with a decimal point and the keyboard minus (-0.25, not −0,25).</small></p>';
export const EXACT_NOTE =
  '<p><small>Exact values: the exact decimal (5.5) or the fraction in lowest terms (11/2); a long or endless decimal may be rounded correctly to at least 3 significant digits (2.38 for 19/8, 0.333 for 1/3). No other expressions: 8/2 or 2+2 are not read.</small></p>';
export const TOLERANCE_NOTE =
  '<p><small>Values from σ, tanh, exp or softmax: a decimal within the small tolerance, and nothing else. Moodle reads only the number at the start of such a box: 0.98/2 counts as 0.98 and 1/2 as 1, a comma is dropped (0,98 counts as 98) and − is not read.</small></p>';

/**
 * Builds the Cloze question of one question view and checks it reads back in Moodle as written.
 * `multiplier` scales every weight (one value for a whole export, see questionsMultiplier); the mark is multiplier × points.
 * @example clozeQuestion(question).subquestions[0] // { field: 'a1', component: 0, kind: 'box', type: 'SHORTANSWER', weight: 3, answers: [{ text: '4', fraction: 1 }, …] }
 */
export function clozeQuestion(question: QuestionView, multiplier = questionsMultiplier([question])): ClozeQuestion {
  const perField = shares(question).map((fieldShares, i) => {
    const field = question.fields[i] as FieldView;
    const weights = fieldShares.map((share) => integerWeight(share, multiplier));
    return { field, isVector: field.answer.kind === 'vector', subs: fieldSubquestions(field, weights) };
  });
  const subquestions = perField.flatMap((f) => f.subs);
  equalizeWidths(subquestions);
  const lines = perField.map(({ field, isVector, subs }) => {
    const blanks = subs.map(subquestionText);
    const answer = isVector ? `[ ${blanks.join(' , ')} ]` : blanks.join('');
    // A radio list is a block: in a <div>, since a <p> cannot hold one.
    const tag = subs.some((s) => s.kind === 'multichoice' && s.display === 'MULTICHOICE_VS') ? 'div' : 'p';
    return question.choiceOnly ? `<${tag}>${answer}</${tag}>` : `<${tag}>\\(${escapeHtml(field.symbolTex)}\\) = ${answer}</${tag}>`;
  });
  const types = new Set(subquestions.map((s) => (s.kind === 'box' ? s.type : s.kind)));
  const notes = types.has('SHORTANSWER') || types.has('NUMERICAL') ? [TYPING_NOTE, ...(types.has('SHORTANSWER') ? [EXACT_NOTE] : []), ...(types.has('NUMERICAL') ? [TOLERANCE_NOTE] : [])] : [];
  // The statement may hold text a bank author typed: nothing in it may read as a subquestion.
  const questionText = [neutralizeCloze(proseToHtml(question.stem, 'tex')), ...notes, ...lines].join('\n');
  checkReadsBack(questionText, subquestions);
  // A multiple-choice step names the index in this version's order, which Moodle reshuffles: name the answer instead.
  const choice = question.stepsNameChoicePositions ? question.fields[0]?.answer : undefined;
  const generalFeedback = choice?.kind === 'label' ? `<p>Answer: ${escapeHtml(choice.v)}</p>` : question.steps.map((s) => `<p>\\(${escapeHtml(stepToTex(s))}\\)</p>`).join('\n');
  return { questionText, generalFeedback, subquestions, mark: subquestions.reduce((sum, s) => sum + s.weight, 0) };
}

/**
 * Moodle's reader must find exactly the subquestions written, with the same
 * answers, and leave no `{#n}` placeholder of ours in the text: anything
 * else is a bug here, not a user error.
 */
function checkReadsBack(text: string, written: readonly Subquestion[]): void {
  const parsed = parseCloze(text);
  const fail = (why: string) => {
    throw new Error(`Moodle would misread this Cloze text (${why}):\n${text}`);
  };
  if (/\{#\d+\}/.test(text)) fail('it contains a {#n} placeholder');
  if (parsed.subquestions.length !== written.length) fail(`${parsed.subquestions.length} subquestions read, ${written.length} written`);
  parsed.subquestions.forEach((p, i) => {
    const w = written[i] as Subquestion;
    if (p.weight !== w.weight) fail(`weight of subquestion ${i + 1}`);
    if (w.kind === 'box') {
      const read = p.alternatives.map((a) => [a.answer, a.fraction, a.tolerance ?? '', a.feedback].join('|'));
      const sent = w.answers.map((a) => [a.text, a.fraction, w.type === 'NUMERICAL' ? (a.tolerance ?? '0') : '', a.feedback ?? ''].join('|'));
      if (p.type !== w.type || read.join('\n') !== sent.join('\n')) fail(`${w.type} subquestion ${i + 1}`);
    } else {
      const right = p.alternatives.filter((a) => a.fraction === 1);
      if (p.type !== w.display || p.alternatives.map((a) => a.answer).join('\n') !== w.options.join('\n') || right.length !== 1 || right[0]?.answer !== w.correct) {
        fail(`multiple-choice subquestion ${i + 1}`);
      }
    }
  });
}
