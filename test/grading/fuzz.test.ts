/**
 * Fuzzing the answer reader with 100,000+ random and hostile strings: nothing
 * throws, nothing runs code or touches globals, every result is either a
 * finite value or a format error with a message. (Worst-case parse time is
 * reported by bench/grading.bench.ts, not asserted here.)
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { isExact } from '../../src/core/num.js';
import { parseNumbers } from '../../src/grading/parse.js';
import { readAnswer } from '../../src/grading/answer.js';
import { gradeProblem } from '../../src/grading/index.js';
import { generateProblemSet } from '../../src/problems.js';
import { sweepSeeds } from '../support/fixture.js';

const PIECES = [
  '0',
  '1',
  '7',
  '.5',
  '3/2',
  '-',
  '+',
  '*',
  '/',
  '^',
  '**',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  ' ',
  '  ',
  "'",
  'ᵀ',
  '^T',
  'e',
  'E',
  'e-',
  '1e5',
  '1e-400',
  'sigmoid',
  'σ',
  'tanh',
  'exp',
  'sqrt',
  'ln',
  'constructor',
  '__proto__',
  'prototype',
  'process',
  '.exit()',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'globalThis',
  'require',
  "('fs')",
  '${1}',
  '`',
  '"',
  '\\',
  '\u0000',
  '\n',
  '\t',
  '\u2212',
  '\u00d7',
  '\u00f7',
  '\u202e',
  '😀',
  '\ud800',
  'ﬁ',
  '٣',
  '１',
  'NaN',
  'Infinity',
  '-0',
  '0x1f',
  '1_000',
  '9'.repeat(40),
  '{',
  '}',
  '<script>',
  '%',
  '!',
  '=',
  '==',
  '&&',
  '|',
  '?',
  ':',
  '@',
  '#',
  '~',
];

function randomAnswer(rng: ReturnType<typeof createRng>): string {
  const n = rng.int(0, 24);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.next() < 0.85 ? rng.pick(PIECES) : String.fromCharCode(rng.int(0, 0xffff));
  return s;
}

const HOSTILE = [
  '('.repeat(100_000) + '1' + ')'.repeat(100_000),
  '['.repeat(40) + '1' + ']'.repeat(40),
  '-'.repeat(10_000) + '1',
  '2' + '^2'.repeat(200),
  '((((2^64)^64)^64)^64)^64',
  '9'.repeat(400) + '^64',
  '1e350 * 1e350 * 1e350',
  'x'.repeat(10 * 1024 * 1024),
  '1, '.repeat(3_000_000),
  'constructor',
  '__proto__',
  '__proto__.polluted = 1',
  'constructor.constructor("return process")().exit()',
  'process.exit()',
  'process.exit(1)',
  'require("child_process").execSync("touch /tmp/pwned")',
  'globalThis.polluted = 1',
  'Object.prototype.polluted = 1',
  'this',
  'eval("1")',
  'Function("return 1")()',
  '${process.exit()}',
  'sigmoid(constructor)',
  'exp(exp(exp(exp(10))))',
  '0/0',
  '\u0000',
  '\ud800\udc00',
  '',
];

function globalsSnapshot(): string {
  return JSON.stringify([
    Object.getOwnPropertyNames(globalThis).sort(),
    Object.getOwnPropertyNames(Object.prototype).sort(),
    Object.getOwnPropertyNames(Array.prototype).sort(),
    Object.getOwnPropertyNames(Function.prototype).sort(),
  ]);
}

function checkResult(input: string, r: ReturnType<typeof parseNumbers>): void {
  if (r.ok) {
    for (const c of r.value.items) if (!isExact(c.v) && !Number.isFinite(c.v)) throw new Error(`non-finite value from ${JSON.stringify(input.slice(0, 60))}`);
  } else if (typeof r.message !== 'string' || r.message.length === 0) {
    throw new Error(`format error without a message for ${JSON.stringify(input.slice(0, 60))}`);
  }
}

/** Random strings read: 100,000 (1,000 under mutation testing, where each surviving parser mutant reruns this file). */
const FUZZ_RUNS = sweepSeeds(100_000);

describe('answer reader under fuzzing', () => {
  it('reads 100,000 random strings without throwing, running code or touching globals', () => {
    const before = globalsSnapshot();
    const exitCode = process.exitCode;
    const rng = createRng('fuzz');
    let ok = 0;
    for (let i = 0; i < FUZZ_RUNS; i++) {
      const input = randomAnswer(rng);
      const r = parseNumbers(input);
      checkResult(input, r);
      if (r.ok) ok++;
    }
    // The alphabet is mostly valid pieces, so a fair share parses: the fuzzer exercises the evaluator too.
    expect(ok).toBeGreaterThan(FUZZ_RUNS / 333);
    expect(globalsSnapshot()).toBe(before);
    expect(process.exitCode).toBe(exitCode);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(HOSTILE.map((s) => [s.length > 60 ? `${s.slice(0, 40)}… (${s.length} chars)` : s, s]))('survives %j', (_label, input) => {
    const before = globalsSnapshot();
    const r = parseNumbers(input);
    checkResult(input, r);
    if (input.length > 500) expect(r).toEqual({ ok: false, message: `the answer is ${input.length} characters long; at most 500 are read` });
    expect(readAnswer(input, { shape: 'label', choices: ['ADJ', 'NOUN'] }).ok).toBe(false);
    expect(globalsSnapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('grades hostile answers in every field as unreadable or wrong, never throwing', () => {
    const p = generateProblemSet('rnn-forward', '9', 1, { activation: 'tanh', bias: true }).problems[0]!;
    const rng = createRng('fuzz-grade');
    for (let i = 0; i < 2_000; i++) {
      const answers = Object.fromEntries(p.fields.map((f) => [f.name, rng.next() < 0.3 ? rng.pick(HOSTILE) : randomAnswer(rng)]));
      const r = gradeProblem(p, answers);
      expect(r.max).toBe(p.fields.length);
      for (const f of p.fields) expect(['incorrect', 'unreadable', 'blank', 'carried', 'correct']).toContain(r.fields[f.name]!.status);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
