/**
 * Problem statements for Moodle. The family templates (`templates/families/*.njk`,
 * TeX math, rendered by the build's template environment) are the source;
 * their plain text becomes HTML paragraphs here. Choice questions show only
 * their stem or task, since the drop-down carries the choices.
 * `genericStatement` lists the given values when no template is at hand.
 */
import { Fraction } from '../core/num.js';
import { matrix, scalar, vector, label, type Value } from '../core/value.js';
import { getFamily } from '../families/registry.js';
import type { ExamProblem } from '../manifest.js';
import { STATEMENT_FORMAT, texText, valueToTex } from '../render/tex-values.js';
import { escapeHtml } from './xml.js';

/**
 * Plain text with TeX (as the templates produce it) → HTML: escaped, blank
 * lines start a paragraph; a single line break is a space, as in TeX.
 * @example textToHtml('a < b\n\nc') // "<p>a &lt; b</p>\n<p>c</p>"
 */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para.trim())}</p>`)
    .join('\n');
}

/** The stem of a choice question (multiple-choice, rnn-architecture), or undefined for other families. */
export function choiceStem(problem: ExamProblem): string | undefined {
  const g = problem.given as { stem?: unknown; task?: unknown };
  if (problem.family === 'multiple-choice' && typeof g.stem === 'string') return textToHtml(g.stem);
  if (problem.family === 'rnn-architecture' && typeof g.task === 'string') {
    return textToHtml(`Which recurrent architecture fits this task best?\n${g.task}`);
  }
  return undefined;
}

function jsonToValue(raw: unknown): Value | undefined {
  const num = (x: unknown) => (typeof x === 'number' || (typeof x === 'string' && /^-?\d+(\/\d+)?$/.test(x)) ? new Fraction(x) : undefined);
  if (typeof raw === 'string' && num(raw) === undefined) return label(raw);
  if (num(raw) !== undefined) return scalar(num(raw) as Fraction);
  if (Array.isArray(raw) && raw.every((r) => num(r) !== undefined)) return vector(raw.map((r) => num(r) as Fraction));
  if (Array.isArray(raw) && raw.every((r) => Array.isArray(r) && r.every((x) => num(x) !== undefined))) return matrix(raw.map((r: unknown[]) => r.map((x) => num(x) as Fraction)));
  return undefined;
}

/**
 * The family's title and every given value as TeX, one line each (`xs` as x^{(1)}, x^{(2)}, …).
 * @example genericStatement(problem) // "<p>Simple RNN forward pass</p>\n<p>\\(U = \\begin{bmatrix} …"
 */
export function genericStatement(problem: ExamProblem): string {
  const stem = choiceStem(problem);
  if (stem !== undefined) return stem;
  const given = getFamily(problem.family).givenToJson(problem.given);
  const lines: string[] = [];
  for (const [key, raw] of Object.entries(given)) {
    const list = key === 'xs' && Array.isArray(raw) ? raw.map((x, i) => [`x^{(${i + 1})}`, x] as const) : [[key, raw] as const];
    for (const [name, item] of list) {
      const value = jsonToValue(item);
      const tex = value ? valueToTex(value, STATEMENT_FORMAT) : `\\text{${texText(JSON.stringify(item))}}`;
      lines.push(`\\(${escapeHtml(name === key ? `\\mathrm{${texText(key)}}` : name)} = ${escapeHtml(tex)}\\)`);
    }
  }
  return `<p>${escapeHtml(getFamily(problem.family).title)}</p>\n<p>${lines.join('<br>\n')}</p>`;
}
