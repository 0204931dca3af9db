import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { q } from '../../src/core/num.js';
import { matrix, vector } from '../../src/core/value.js';
import { writeSamplePdf } from '../../src/math/visual-sample.js';
import { createTemplateEnvironment } from '../../src/render/template-env.js';

const given = {
  U: matrix([
    [q(2), q(0)],
    [q(1), q(-3, 4)],
  ]),
};
const step = { lhs: 'h_{1}', symbolic: '\\tanh(p_{1})', template: '\\tanh({0})', args: [vector([q(2), q(1)])], value: vector([0.964, 0.7616]) };

describe('createTemplateEnvironment', () => {
  it('html: MathML, marked safe, prose escaped', () => {
    const env = createTemplateEnvironment({ target: 'html', searchPaths: [] });
    const out = env.renderString('{{ note }} {{ given.U | tex | displaymath }} {{ "h_{1}" | math }}', { given, note: 'a<b' });
    expect(out).toContain('a&lt;b');
    expect(out).toContain('<math display="block"');
    expect(out).toContain('<mtable>');
    expect(out).toContain('<msub><mi>h</mi><mn>1</mn></msub>');
  });

  it('pdf: delimiters drawRichText reads', () => {
    const env = createTemplateEnvironment({ target: 'pdf', searchPaths: [] });
    expect(env.renderString('{{ given.U | tex | displaymath }}', { given })).toBe('\\[ \\begin{bmatrix} 2 & 0 \\\\ 1 & -\\frac{3}{4} \\end{bmatrix} \\]');
    expect(env.renderString('{{ s | step | math }}', { s: step })).toBe('\\( h_{1} = \\tanh(p_{1}) = \\tanh(\\left[ 2,\\ 1 \\right]^{\\top}) = \\left[ 0.9640,\\ 0.7616 \\right]^{\\top} \\)');
  });

  it('tex: \\( \\) for Moodle, vectors in a line on request', () => {
    const env = createTemplateEnvironment({ target: 'tex', searchPaths: [] });
    expect(env.renderString("{{ v | tex('inline') | math }}", { v: vector([q(2), q(1)]) })).toBe('\\( \\left[ 2,\\ 1 \\right]^{\\top} \\)');
    expect(env.renderString('{{ v | tex }}', { v: vector([q(2), q(1)]) })).toBe('\\begin{bmatrix} 2 \\\\ 1 \\end{bmatrix}');
  });

  it('names the filter and the problem for a missing value', () => {
    const env = createTemplateEnvironment({ target: 'pdf', searchPaths: [] });
    expect(() => env.renderString('{{ given.W | tex }}', { given })).toThrow(/filter tex: expected a Value .*missing template variable/);
  });
});

describe('visual sample', () => {
  it('writes the sample PDF', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rq-sample-')), 'math-sample.pdf');
    await writeSamplePdf(path);
    expect(existsSync(path) && statSync(path).size).toBeGreaterThan(5000);
  });
});
