/**
 * TeX → presentation MathML with temml. Pure: no DOM, no fs, no pdfkit. The
 * web page uses the MathML directly (MathML Core); the PDF layout engine
 * (`src/math/pdf`) parses the same MathML, so both read alike.
 *
 * Results are cached: a family's equations are the same in every exam version,
 * only the numbers change.
 */
import temml from 'temml';
import { LruCache } from './lru.js';

/** A TeX string the converter cannot read; `command` names the offending TeX command when there is one. */
export class MathError extends Error {
  override name = 'MathError';
  constructor(
    message: string,
    readonly tex: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

export interface TexOptions {
  /** Display (block) math, as `\[ … \]`; inline otherwise. */
  display?: boolean;
}

const cache = new LruCache<string, string>(2000);

/**
 * Converts TeX to a `<math>` element (display="block" for display math).
 * Throws MathError naming the unsupported command, e.g. for `\foo`:
 * `unsupported TeX command \foo in "\foo{x}"`.
 * @example texToMathml('h_{t-1}') // '<math><msub><mi>h</mi><mrow>…</mrow></msub></math>'
 */
export function texToMathml(tex: string, options: TexOptions = {}): string {
  const display = options.display === true;
  const key = (display ? 'D' : 'I') + tex;
  return cache.getOrCreate(key, () => convert(tex, display));
}

function convert(tex: string, display: boolean): string {
  try {
    return dropTrailingOperatorSpace(temml.renderToString(tex, { displayMode: display, throwOnError: true, annotate: false }));
  } catch (e) {
    throw toMathError(e, tex);
  }
}

/** The thin space temml puts after an operator name (`\\tanh`) that ends the formula. */
const TRAILING_OPERATOR_SPACE = /<mo>\u2061<\/mo><mspace width="0\.1667em"><\/mspace>(<\/mrow>)?<\/math>$/;

/**
 * `\\(\\tanh\\))` in prose: temml follows a lone `\\tanh` with a thin space
 * (for an argument that never comes), which shows as a stray gap before the
 * text's `)`. TeX sets nothing there.
 * @example dropTrailingOperatorSpace('<math><mrow><mi>tanh</mi><mo>⁡</mo><mspace width="0.1667em"></mspace></mrow></math>') // '<math><mrow><mi>tanh</mi></mrow></math>'
 */
function dropTrailingOperatorSpace(mathml: string): string {
  return mathml.replace(TRAILING_OPERATOR_SPACE, (_, row: string | undefined) => `${row ?? ''}</math>`);
}

/**
 * temml's ParseError messages look like
 * `Unsupported function name: \foo at position 1: …` or `Undefined control sequence: \foo …`;
 * we keep the first sentence and name the command.
 */
function toMathError(e: unknown, tex: string): MathError {
  const raw = e instanceof Error ? e.message : String(e);
  const command = /(\\[A-Za-z]+|\\.)/.exec(raw)?.[1];
  const short = shorten(tex);
  if (command && /unsupported|undefined|unknown/i.test(raw)) {
    return new MathError(`unsupported TeX command ${command} in "${short}"`, tex, command);
  }
  if (e instanceof TypeError) {
    return new MathError(`cannot read TeX "${short}": it is incomplete (a script, argument or group is missing)`, tex);
  }
  const reason = raw.replace(/^(KaTeX |Temml )?parse error:\s*/i, '').split(/ at position | at end of input/)[0] ?? raw;
  return new MathError(`cannot read TeX "${short}": ${reason.trim()}`, tex, command);
}

function shorten(tex: string): string {
  return tex.length > 80 ? `${tex.slice(0, 77)}...` : tex;
}

/**
 * A display equation cut at its top-level `\\quad` / `\\qquad` gaps (outside
 * braces and environments), so a narrow screen can set the pieces (`W_f = […]`,
 * `U_f = […]`) one under another instead of one long line that runs off it.
 * @example splitAtQuads('a = 1 \\quad b = \\begin{bmatrix} 1 & 2 \\end{bmatrix}') // ['a = 1', 'b = \\begin{bmatrix} 1 & 2 \\end{bmatrix}']
 */
export function splitAtQuads(tex: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  const token = /\\begin\{|\\end\{|\\q?quad(?![A-Za-z])|\\[{}]|[{}]/g;
  for (let m = token.exec(tex); m; m = token.exec(tex)) {
    const t = m[0];
    // `\\begin{name}` opens the environment and a brace (the name's `}` closes the brace);
    // `\\end{name}` closes the environment and opens a brace: no change until its `}`.
    if (t === '{') depth++;
    else if (t === '\\begin{') depth += 2;
    else if (t === '}') depth = Math.max(0, depth - 1);
    else if (t.startsWith('\\q') && depth === 0) {
      pieces.push(tex.slice(start, m.index));
      start = m.index + t.length;
    }
  }
  pieces.push(tex.slice(start));
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

/** Number of cached conversions (for tests and benchmarks). */
export function texCacheSize(): number {
  return cache.size;
}

/** Empties the conversion cache (benchmarks measure cold conversions with it). */
export function clearTexCache(): void {
  cache.clear();
}
