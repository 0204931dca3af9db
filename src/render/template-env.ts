/**
 * The nunjucks environment every renderer uses, with math filters that give
 * the right form for the target:
 *
 * | filter        | html (web)                | pdf (drawRichText) | tex (Moodle)  |
 * |---------------|---------------------------|--------------------|---------------|
 * | `math`        | `<math>` MathML (safe)    | `\( tex \)`        | `\( tex \)`   |
 * | `displaymath` | `<math display="block">`  | `\[ tex \]`        | `\[ tex \]`   |
 *
 * plus `tex` (a Value → TeX; `tex('inline')` writes vectors in a line, the
 * default is the problem statement's column form) and `step` (a worked Step →
 * TeX, `lhs = symbolic = numbers = value`).
 *
 * @example
 * const env = createTemplateEnvironment({ target: 'html', searchPaths: ['templates'] });
 * env.renderString('{{ given.U | tex | displaymath }}', { given }); // '<math display="block">…'
 */
import nunjucks from 'nunjucks';
import type { Value } from '../core/value.js';
import type { Step } from '../families/contract.js';
import { texToMathml } from '../math/tex.js';
import { KEY_FORMAT, STATEMENT_FORMAT, stepToTex, valueToTex, type TexFormat } from './tex-values.js';

export type RenderTarget = 'html' | 'pdf' | 'tex';

export interface TemplateEnvironmentOptions {
  target: RenderTarget;
  /** Template folders, searched in order. */
  searchPaths: string[];
}

/** Autoescapes for html only: pdf and tex output is not markup. */
export function createTemplateEnvironment(options: TemplateEnvironmentOptions): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(options.searchPaths, { noCache: false });
  const env = new nunjucks.Environment(loader, { autoescape: options.target === 'html', throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  const wrap = mathWrapper(options.target);
  env.addFilter('math', (tex: unknown) => wrap(texOf(tex, 'math'), false));
  env.addFilter('displaymath', (tex: unknown) => wrap(texOf(tex, 'displaymath'), true));
  env.addFilter('tex', (value: unknown, form?: unknown) => valueToTex(asValue(value), formatOf(form)));
  env.addFilter('step', (step: unknown, form?: unknown) => stepToTex(asStep(step), formatOf(form, KEY_FORMAT)));
  return env;
}

type MathWrapper = (tex: string, display: boolean) => string | nunjucks.runtime.SafeString;

function mathWrapper(target: RenderTarget): MathWrapper {
  if (target === 'html') return (tex, display) => new nunjucks.runtime.SafeString(texToMathml(tex, { display }));
  return (tex, display) => (display ? `\\[ ${tex} \\]` : `\\( ${tex} \\)`);
}

/** Filters receive whatever the template passes: insist on a string and say which filter got what. */
function texOf(tex: unknown, filter: string): string {
  if (typeof tex === 'string') return tex;
  if (tex instanceof nunjucks.runtime.SafeString) return tex.toString();
  if (typeof tex === 'number') return String(tex);
  throw new TypeError(`filter ${filter}: expected a TeX string, got ${tex === undefined ? 'undefined (a missing template variable?)' : typeof tex}`);
}

function formatOf(form: unknown, fallback: TexFormat = STATEMENT_FORMAT): TexFormat {
  if (form === 'inline') return KEY_FORMAT;
  if (form === 'column') return STATEMENT_FORMAT;
  if (form === undefined) return fallback;
  throw new TypeError(`filter tex/step: form must be 'inline' or 'column', got ${String(form)}`);
}

const VALUE_KINDS = new Set(['scalar', 'vector', 'matrix', 'label']);

function asValue(value: unknown): Value {
  if (typeof value === 'object' && value !== null && VALUE_KINDS.has((value as { kind?: unknown }).kind as string)) return value as Value;
  throw new TypeError(`filter tex: expected a Value ({ kind, v }), got ${value === undefined ? 'undefined (a missing template variable?)' : JSON.stringify(value)?.slice(0, 60)}`);
}

function asStep(step: unknown): Step {
  if (typeof step === 'object' && step !== null && typeof (step as { lhs?: unknown }).lhs === 'string' && 'value' in step) return step as Step;
  throw new TypeError(`filter step: expected a worked Step ({ lhs, template, args, value }), got ${step === undefined ? 'undefined' : typeof step}`);
}
