/**
 * One question view → one Moodle Cloze question: the statement (HTML with TeX
 * in `\( … \)` / `\[ … \]`; a choice question's stem only, since the drop-down lists the choices), then one line per answer field with a NUMERICAL
 * subquestion per number (a vector gets one per component) or a
 * MULTICHOICE_S drop-down for a label, and the worked solution as general
 * feedback. Every text is checked with Moodle's own Cloze reader
 * (cloze-parse.ts) before it is written.
 */
import { Fraction } from '../core/num.js';
import { components, type Value } from '../core/value.js';
import { DEFAULT_TOLERANCE } from '../grading/types.js';
import { stepToTex } from '../render/tex-values.js';
import { escapeHtml, proseToHtml } from '../render/html.js';
import type { FieldView, QuestionView } from '../view/question-view.js';
import { integerWeights, multichoiceSubquestion, numericalAnswer, numericalSubquestion, type NumericalAnswer } from './cloze.js';
import { neutralizeCloze, parseCloze } from './cloze-parse.js';

/** What one subquestion asks for: the field, the component (vectors), and the answer written. */
export type Subquestion =
  | { field: string; component?: number; kind: 'numerical'; weight: number; answer: NumericalAnswer }
  | { field: string; kind: 'multichoice'; weight: number; options: readonly string[]; correct: string };

export interface ClozeQuestion {
  /** HTML question text with the Cloze subquestions in place. */
  questionText: string;
  /** HTML worked solution. */
  generalFeedback: string;
  subquestions: Subquestion[];
}

/** Subquestions of one field, their weights still to be set from their shares of its points. */
function fieldSubquestions(field: FieldView, value: Value, points: number, tolerance = DEFAULT_TOLERANCE): { sub: Subquestion; share: Fraction }[] {
  if (value.kind === 'label') {
    const options = field.choices && field.choices.length >= 2 ? field.choices : [value.v];
    return [{ sub: { field: field.name, kind: 'multichoice', weight: 0, options, correct: value.v }, share: new Fraction(points) }];
  }
  const numbers = components(value);
  const share = new Fraction(points).div(numbers.length);
  return numbers.map((x, i) => ({
    sub: { field: field.name, ...(value.kind === 'vector' ? { component: i } : {}), kind: 'numerical', weight: 0, answer: numericalAnswer(x, tolerance) },
    share,
  }));
}

function subquestionText(s: Subquestion): string {
  return s.kind === 'numerical' ? numericalSubquestion(s.weight, s.answer) : multichoiceSubquestion(s.weight, s.options, s.correct);
}

const INSTRUCTIONS =
  '<p><small>Type numbers as decimals with a point. Values that are exact must be typed exactly (a fraction such as 1/3 as a decimal with at least 3 significant digits, 0.333); values from σ, tanh, exp or softmax are accepted within a small tolerance.</small></p>';

/**
 * Builds the Cloze question of one question view and checks it reads back in Moodle as written.
 * @example clozeQuestion(question).subquestions[0] // { field: 'a1', component: 0, kind: 'numerical', weight: 1, answer: { value: '4', tolerance: '0' } }
 */
export function clozeQuestion(question: QuestionView): ClozeQuestion {
  const perField = question.fields.map((field) => {
    const value = field.answer;
    return { field, isVector: value.kind === 'vector', parts: fieldSubquestions(field, value, field.points, field.tolerance) };
  });
  const weights = integerWeights(perField.flatMap((f) => f.parts.map((p) => p.share)));
  let next = 0;
  const lines: string[] = [];
  const subquestions: Subquestion[] = [];
  for (const { field, isVector, parts } of perField) {
    const subs = parts.map((p): Subquestion => ({ ...p.sub, weight: weights[next++] ?? 1 }));
    subquestions.push(...subs);
    const blanks = subs.map(subquestionText);
    const answer = isVector ? `[ ${blanks.join(' , ')} ]` : blanks.join('');
    lines.push(question.choiceOnly ? `<p>${answer}</p>` : `<p>\\(${escapeHtml(field.symbolTex)}\\) = ${answer}</p>`);
  }
  const hasNumbers = subquestions.some((s) => s.kind === 'numerical');
  // The statement may hold text a bank author typed: nothing in it may read as a subquestion.
  const questionText = `${neutralizeCloze(proseToHtml(question.stem, 'tex'))}\n${hasNumbers ? `${INSTRUCTIONS}\n` : ''}${lines.join('\n')}`;
  checkReadsBack(questionText, subquestions);
  // A multiple-choice step names the index in this version's order, which Moodle reshuffles: name the answer instead.
  const choice = question.stepsNameChoicePositions ? question.fields[0]?.answer : undefined;
  const generalFeedback = choice?.kind === 'label' ? `<p>Answer: ${escapeHtml(choice.v)}</p>` : question.steps.map((s) => `<p>\\(${escapeHtml(stepToTex(s))}\\)</p>`).join('\n');
  return { questionText, generalFeedback, subquestions };
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
    const right = p.alternatives.filter((a) => a.fraction === 1);
    if (w.kind === 'numerical') {
      if (p.type !== 'NUMERICAL' || right.length !== 1 || right[0]?.answer !== w.answer.value || right[0].tolerance !== w.answer.tolerance) fail(`numerical subquestion ${i + 1}`);
    } else if (p.type !== 'MULTICHOICE_S' || p.alternatives.map((a) => a.answer).join('\n') !== w.options.join('\n') || right.length !== 1 || right[0]?.answer !== w.correct) {
      fail(`multiple-choice subquestion ${i + 1}`);
    }
  });
}
