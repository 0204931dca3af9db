/**
 * Question text from the nunjucks templates under `templates/` (one per
 * family, `templates/families/<family>.njk`, plus the page frame), so an
 * instructor can reword a question without touching code. A template sees the
 * problem's JSON `given`, its values as `v` (for the `tex` filter), the number
 * of steps `T`, the options, the family's symbols `sym` (the ones its worked
 * steps use), the quantities it does not ask (`unasked`), and a few helpers (the
 * label list, and the family's own values). The output is prose with `\( … \)` and `\[ … \]` math.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numFromJson, scalar, vector, matrix, components, type Value } from '../core/value.js';
import { isExact, type Num } from '../core/num.js';
import { getFamily } from '../families/registry.js';
import type { ExamProblem } from '../manifest.js';
import { createTemplateEnvironment } from '../render/template-env.js';

/** The repository folder holding `templates/` (works from `src/` under vitest and from `dist/src/`). */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'templates', 'families')) && existsSync(join(dir, 'package.json'))) return join(dir, 'templates');
    dir = dirname(dir);
  }
  throw new Error('cannot find the templates/ folder');
}

function numOf(raw: unknown): Num | undefined {
  return numFromJson(raw, true) ?? numFromJson(raw, false);
}

/** A JSON given entry as a Value: number → scalar, list → vector, list of lists → matrix. */
function valueOf(raw: unknown): Value | undefined {
  if (Array.isArray(raw)) {
    if (raw.length > 0 && raw.every(Array.isArray)) {
      const rows = raw.map((r) => (r as unknown[]).map(numOf));
      return rows.every((r) => r.every((x) => x !== undefined)) ? matrix(rows as Num[][]) : undefined;
    }
    const xs = raw.map(numOf);
    return xs.every((x) => x !== undefined) ? vector(xs as Num[]) : undefined;
  }
  const x = numOf(raw);
  return x === undefined ? undefined : scalar(x);
}

/** Values of a JSON given by name; `xs` (the input sequence) becomes a list of per-step values. */
export function givenValues(given: Record<string, unknown>): Record<string, Value | Value[]> {
  const out: Record<string, Value | Value[]> = {};
  for (const [key, raw] of Object.entries(given)) {
    if (key === 'xs' && Array.isArray(raw)) {
      const steps = raw.map(valueOf);
      if (steps.every((s) => s !== undefined)) out[key] = steps as Value[];
      continue;
    }
    const value = valueOf(raw);
    if (value) out[key] = value;
  }
  return out;
}

const isNonZero = (v: Value | Value[]): boolean => (Array.isArray(v) ? v.some(isNonZero) : components(v).some((x) => (isExact(x) ? x.n !== 0n : x !== 0)));

/** "index 0 = ADJ, index 1 = DET, and index 2 = NOUN", as the classwork says it. */
export function labelList(labels: readonly string[]): string {
  const parts = labels.map((l, i) => `index ${i} = ${l}`);
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

/**
 * Everything a family template sees: the JSON `given`, its values `v`, which
 * are non-zero, `T`, the options, the label list, whether to list the choices
 * (`listChoices`: false for the stem alone), plus the family's own variables
 * (`presentation.templateVars`).
 */
export function statementContext(p: ExamProblem, listChoices = true): Record<string, unknown> {
  const family = getFamily(p.family);
  const given = family.givenToJson(p.given);
  const v = givenValues(given);
  const xs = given.xs;
  const labels = Array.isArray(given.labels) ? (given.labels as string[]) : [];
  const nonzero = Object.fromEntries(Object.entries(v).map(([k, val]) => [k, isNonZero(val)]));
  const own = family.presentation?.templateVars?.(p.given) ?? {};
  // The symbols the steps use too (one table per family and notation, see FamilySpec.symbols).
  const sym = family.symbols?.(p.given, p.options) ?? {};
  // Quantities computed but not asked (a_t when it equals h_t), so the question asks for what the boxes hold.
  const unasked = family.unasked?.(p.given, p.options) ?? [];
  return { ...own, id: p.id, family: p.family, given, options: p.options, v, nonzero, sym, unasked, T: Array.isArray(xs) ? xs.length : 0, labelList: labelList(labels), listChoices };
}

export interface TemplateRenderer {
  /** The question text of a problem (prose with TeX math); `listChoices: false` leaves out a choice question's list of choices. */
  statement(p: ExamProblem, listChoices?: boolean): string;
  /** A frame piece (`header`, `footer`, `cover`, `online`) with its variables. */
  frame(name: string, vars: Record<string, unknown>): string;
}

/**
 * Templates from `dirs`, searched in order (a family kept outside this
 * repository, or a test's toy family, adds its own folder after the built-in one).
 * @example createTemplateRenderer().statement(problem) // "Consider a simple RNN that predicts as \\[ … \\]"
 */
export function createTemplateRenderer(dirs: string | readonly string[] = templatesDir()): TemplateRenderer {
  const env = createTemplateEnvironment({ target: 'pdf', searchPaths: typeof dirs === 'string' ? [dirs] : [...dirs] });
  const render = (name: string, ctx: object): string => env.render(name, ctx).trim();
  return {
    statement: (p, listChoices = true) => render(`families/${p.family}.njk`, statementContext(p, listChoices)),
    frame: (name, vars) => render(`frame/${name}.njk`, vars),
  };
}
