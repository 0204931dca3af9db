import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { listFamilies } from '../../src/families/registry.js';
import { texToMathml, MathError } from '../../src/math/tex.js';
import { MATH_SAMPLES } from '../../src/math/samples.js';
import { layoutMath } from '../../src/math/pdf/index.js';
import { stepToTex, valueToTex, KEY_FORMAT, STATEMENT_FORMAT } from '../../src/render/tex-values.js';

const CONSTRUCTS = [
  String.raw`\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}`,
  String.raw`\sigma(z)`,
  String.raw`\tanh(x)`,
  String.raw`\operatorname{softmax}(v)`,
  String.raw`h_{t-1}`,
  String.raw`x^{(2)}`,
  String.raw`W^{\top}`,
  String.raw`a \odot b`,
  String.raw`a \cdot b`,
  String.raw`\frac{3}{4}`,
  String.raw`\tilde{C}_t`,
  String.raw`\left[ 2,\ 1 \right]`,
  String.raw`\text{and}`,
  String.raw`\arg\max_i o_i`,
];

describe('texToMathml', () => {
  it.each(CONSTRUCTS)('converts %s and lays it out', (tex) => {
    const mathml = texToMathml(tex);
    expect(mathml.startsWith('<math')).toBe(true);
    expect(layoutMath(tex).width).toBeGreaterThan(0);
  });

  it('marks display math as a block', () => {
    expect(texToMathml('x', { display: true })).toContain('display="block"');
  });

  it('converts every sample of the visual page', () => {
    for (const s of MATH_SAMPLES) expect(texToMathml(s.tex, { display: s.display })).toContain('<math');
  });

  it('writes \\mathbf as a bold letter, subscripts as msub, matrices as mtable', () => {
    const m = texToMathml(String.raw`\mathbf{U} = \begin{bmatrix} 2 & 0 \\ 1 & 2 \end{bmatrix} h_{t}`);
    expect(m).toContain('𝐔');
    expect(m).toContain('<mtable>');
    expect(m).toContain('<msub><mi>h</mi><mi>t</mi></msub>');
  });

  it('names an unsupported command', () => {
    let error: unknown;
    try {
      texToMathml(String.raw`\foo{x} + 1`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MathError);
    expect((error as MathError).command).toBe('\\foo');
    expect((error as MathError).message).toBe('unsupported TeX command \\foo in "\\foo{x} + 1"');
  });

  it('says what is wrong with incomplete TeX', () => {
    expect(() => texToMathml(String.raw`\frac{1}`)).toThrow(/cannot read TeX "\\frac\{1\}"/);
    expect(() => texToMathml('x^')).toThrow(MathError);
  });

  it('returns the cached string for repeated TeX', () => {
    expect(texToMathml('h_{1}')).toBe(texToMathml('h_{1}'));
  });
});

describe('every family', () => {
  for (const family of listFamilies()) {
    it(`${family.id}: worked steps and values convert and lay out`, () => {
      const given = family.generate(createRng(`math-${family.id}`), family.parseOptions({}));
      const solution = family.solve(given, true);
      const texts: string[] = [];
      for (const step of solution.steps) texts.push(stepToTex(step), stepToTex(step, STATEMENT_FORMAT));
      for (const value of solution.answers.values()) texts.push(valueToTex(value, KEY_FORMAT), valueToTex(value, STATEMENT_FORMAT));
      expect(texts.length).toBeGreaterThan(0);
      for (const tex of texts) {
        expect(() => texToMathml(tex, { display: true }), tex).not.toThrow();
        expect(layoutMath(tex, { display: true, maxWidth: 480 }).width, tex).toBeGreaterThan(0);
      }
    });
  }
});
