/**
 * One notation from question to key: for every family and both print
 * notations, every symbol an answer box's label or a worked step of the key
 * uses is one the question itself defines.
 *
 * A *symbol* here is a TeX identifier read off the math of each text:
 * a letter, possibly bold (`\mathbf{U}`) or with a tilde (`\tilde{C}`), with
 * its name subscript (`W_f`, `b_C`, `U_z`) and its time index reduced to its
 * form: `h_{0}`, `h_t`, `h_{t-1}` are all `h_(t)`, `\mathbf{h}^{(1)}` is
 * `bold h^(t)`. So `b_c` ≠ `b_C`, bold `U` ≠ italic `U`, `h_t` ≠ `h^{(t)}`
 * and `U_f` in a concatenated-LSTM key (whose exam has no `U_f`) all fail.
 * Command names (`\tanh`, `\sigma`), `\text{…}` and numbers are not symbols.
 */
import { describe, expect, it } from 'vitest';
import type { FamilyId } from '../../src/families/contract.js';
import { getFamily, listFamilies } from '../../src/families/registry.js';
import { generateProblem } from '../../src/problems.js';
import { createTemplateRenderer } from '../../src/plan/templates.js';
import { fieldTex } from '../../src/render/fields.js';
import { WORKED_FORMAT, stepToTex } from '../../src/render/tex-values.js';
import type { ExamProblem } from '../../src/manifest.js';

/** A time index: digits, t, t±k or T (the name subscripts f, i, o, c, C, z, r, h, b, … are letters). */
const TIME_INDEX = /^\s*(\d+|[tT](\s*[-+]\s*\d+)?)\s*$/;

// Alternatives skipped as not symbols: text, operator names, commands, a component index or an
// operator's limit standing alone (`\arg\max_i`, `o^{(1)}_i`), numbers.
const IDENT = /\\text\{[^{}]*\}|_(\{[^{}]*\}|[A-Za-z0-9])|\\operatorname\{[^{}]*\}|\\(mathbf|tilde)\{([A-Za-z])\}|\\[A-Za-z]+|([A-Za-z])(?![A-Za-z])|\d+(\.\d+)?/g;

/**
 * The symbols of a TeX string, as described above.
 * @example texSymbols('W_f [h_{0}, x_{1}] + b_C') // Set { 'W_f', 'h_(t)', 'x_(t)', 'b_C' }
 */
export function texSymbols(tex: string): Set<string> {
  const out = new Set<string>();
  const ident = new RegExp(IDENT.source, 'g');
  for (let m = ident.exec(tex); m; m = ident.exec(tex)) {
    const style = m[2];
    const letter = m[3] ?? m[4];
    if (!letter) continue;
    let key = style === 'mathbf' ? `bold ${letter}` : style === 'tilde' ? `~${letter}` : letter;
    let at = m.index + m[0].length;
    // The subscript and the time superscript belong to the symbol: consume them.
    const sub = /^_(\{([^{}]*)\}|([A-Za-z0-9]))/.exec(tex.slice(at));
    if (sub) {
      const index = sub[2] ?? sub[3] ?? '';
      // `o_i`: a component index, not part of the name.
      if (!/^[ij]$/.test(index)) key += TIME_INDEX.test(index) ? '_(t)' : `_${index.trim()}`;
      at += sub[0].length;
    }
    const sup = /^\^\{\(([^()]*)\)\}/.exec(tex.slice(at));
    if (sup) {
      key += TIME_INDEX.test(sup[1] ?? '') ? '^(t)' : `^(${sup[1]})`;
      at += sup[0].length;
    }
    ident.lastIndex = at;
    out.add(key);
  }
  return out;
}

/** The math of a prose text with `\( … \)` and `\[ … \]` parts. */
function mathOf(text: string): string[] {
  return [...text.matchAll(/\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g)].map((m) => m[1] ?? m[2] ?? '');
}

const renderer = createTemplateRenderer();

function examProblem(family: FamilyId, seed: string, options: Record<string, unknown>): ExamProblem {
  const p = generateProblem(getFamily(family), seed, 'p1', options);
  return { ...p, points: {}, tolerance: {} };
}

/** The options worth covering: both notations for the gated families, the identity with a asked once and not. */
function variants(family: FamilyId): Record<string, unknown>[] {
  if (family === 'lstm') return [{ notation: 'separate' }, { notation: 'concatenated' }, { notation: 'concatenated', bias: false }, { notation: 'separate', steps: 2 }];
  if (family === 'gru') return [{ notation: 'separate' }, { notation: 'concatenated' }, { notation: 'separate', bias: true }, { notation: 'concatenated', bias: true, steps: 2 }];
  if (family === 'rnn-forward' || family === 'rnn-classify') return [{}, { identity_once: false }, { activation: 'tanh', bias: true }];
  if (family === 'bptt') return [{}, { identity_once: false }, { activation: 'tanh' }];
  if (family === 'birnn-forward') return [{}, { activation: 'tanh', bias: true }];
  return [{}];
}

const cases = listFamilies()
  .map((f) => f.id)
  .flatMap((family: FamilyId) => variants(family).flatMap((options) => ['7', '2026'].map((seed) => ({ family, options, seed }))));

describe('texSymbols reads identifiers the way the test needs', () => {
  it.each([
    ['W_f [h_{0}, x_{1}] + b_C', ['W_f', 'h_(t)', 'x_(t)', 'b_C']],
    ['\\mathbf{U} \\, \\mathbf{h}_f^{(t-1)}', ['bold U', 'bold h_f^(t)']],
    ['\\tilde{C}_{1} = \\tanh(W_c x_{1})', ['~C_(t)', 'W_c', 'x_(t)']],
    ['\\text{label}^{(1)} = \\sigma(2) \\odot 0.5', []],
    ['h^{(1)} \\ne h_1', ['h^(t)', 'h_(t)']],
    ['\\arg\\max_i \\mathbf{o}^{(2)}_i', ['bold o^(t)']],
  ])('%s', (tex, symbols) => {
    expect([...texSymbols(tex)].sort()).toEqual([...symbols].sort());
  });
});

describe('every symbol of the boxes and the key is defined in the question', () => {
  it.each(cases)('$family $options (seed $seed)', ({ family, options, seed }) => {
    const p = examProblem(family, seed, options);
    const defined = new Set(mathOf(renderer.statement(p)).flatMap((tex) => [...texSymbols(tex)]));
    const undefinedIn = (where: string, tex: string): string[] => [...texSymbols(tex)].filter((s) => !defined.has(s)).map((s) => `${where}: ${s} in ${tex}`);
    const problems = [
      ...p.fields.flatMap((f) => undefinedIn(`box ${f.name}`, fieldTex(p.steps, f.name))),
      ...p.steps.flatMap((step, i) => undefinedIn(`step ${i + 1}`, step.value.kind === 'label' ? [step.lhs, step.symbolic ?? ''].join(' = ') : stepToTex(step, WORKED_FORMAT))),
    ];
    expect(problems).toEqual([]);
    // The question defines something: an empty set would pass vacuously.
    if (family !== 'multiple-choice' && family !== 'rnn-architecture') expect(defined.size).toBeGreaterThan(2);
  });

  it('the concatenated LSTM key multiplies the exam’s 2×4 W_f by [h_0, x_1], and has no U_f', () => {
    const p = examProblem('lstm', '7', { notation: 'concatenated' });
    const product = p.steps.find((s) => s.lhs === 'W_f [h_{0}, x_{1}]');
    expect(product?.args[0]?.kind).toBe('matrix');
    const m = product?.args[0];
    if (m?.kind === 'matrix') expect([m.v.length, m.v[0]?.length]).toEqual([2, 4]);
    expect(p.steps.some((s) => s.lhs.includes('U_f') || (s.symbolic ?? '').includes('U_f'))).toBe(false);
    expect(fieldTex(p.steps, 'pf1')).toBe('W_f [h_{0}, x_{1}] + b_f');
  });

  it('the separate GRU prints W_z x + U_z h and W_h x + U_h (r * h), split from the JSON’s concatenated matrices', () => {
    const p = examProblem('gru', '7', { notation: 'separate' });
    expect(fieldTex(p.steps, 'pz1')).toBe('W_z x_{1} + U_z h_{0}');
    expect(fieldTex(p.steps, 'ph1')).toBe('W_h x_{1} + U_h (r_{1} * h_{0})');
    const given = getFamily('gru').givenToJson(p.given) as { Wz: number[][]; h0: number[] };
    const uz = p.steps.find((s) => s.lhs === 'U_z h_{0}');
    // U_z is the first n columns of the stored Wz (they meet h_{t-1}).
    const n = given.h0.length;
    if (uz?.args[0]?.kind === 'matrix') expect(uz.args[0].v.map((row) => row.map((x) => Number(x.valueOf())))).toEqual(given.Wz.map((row) => row.slice(0, n).map(Number)));
    else expect.fail('no U_z h_0 step');
    // Same values under either print.
    const q = examProblem('gru', '7', { notation: 'concatenated' });
    expect([...q.answers.keys()]).toEqual([...p.answers.keys()]);
    for (const [name, value] of p.answers) expect(q.answers.get(name), name).toEqual(value);
  });

  it('identity_once asks a_t = h_t once (the key still works a_t out)', () => {
    const once = examProblem('rnn-forward', '7', {});
    const both = examProblem('rnn-forward', '7', { identity_once: false });
    expect(once.fields.map((f) => f.quantity)).not.toContain('a');
    expect(both.fields.filter((f) => f.quantity === 'a').map((f) => f.name)).toEqual(['a1', 'a2']);
    expect(once.answers.get('a1')).toEqual(once.answers.get('h1'));
    expect(renderer.statement(once)).toContain('the activation is the identity');
    const tanh = examProblem('bptt', '7', { activation: 'tanh' });
    expect(tanh.fields.map((f) => f.quantity)).toContain('a');
  });
});
