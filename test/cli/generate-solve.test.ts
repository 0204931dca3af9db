/** `rnnquiz generate` and `rnnquiz solve` as a user runs them (SPEC §5, §7). */
import { describe, expect, it } from 'vitest';
import { rnnquiz } from './run.js';
import { CLASSWORK_PROBLEM, LSTM_PRACTICE_GIVEN } from '../fixtures/lecture.js';

const classwork = { problems: [CLASSWORK_PROBLEM] };

describe('rnnquiz generate', () => {
  it('prints SPEC §5 JSON, byte-identical for the same seed', () => {
    const a = rnnquiz(['generate', '--family', 'rnn-forward', '--seed', '7', '--count', '3', '--json']);
    const b = rnnquiz(['generate', '--family', 'rnn-forward', '--seed', '7', '--count', '3', '--json']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const set = JSON.parse(a.stdout) as { seed: string; problems: { id: string; family: string; given: Record<string, unknown>; answers: Record<string, unknown> }[] };
    expect(set.seed).toBe('7');
    expect(set.problems.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(Object.keys(set.problems[0]!.answers)).toEqual(['a1', 'h1', 'y1', 'o1', 'label1', 'a2', 'h2', 'y2', 'o2', 'label2']);
    // Exact values are integers or "p/q" strings, never floats.
    for (const p of set.problems) for (const c of p.answers.h2 as unknown[]) expect(Number.isInteger(c) || /^-?\d+\/\d+$/.test(String(c))).toBe(true);
  });

  it('gives a different set for a different seed', () => {
    const a = rnnquiz(['generate', '--family', 'rnn-forward', '--seed', '7', '--json']);
    const b = rnnquiz(['generate', '--family', 'rnn-forward', '--seed', '8', '--json']);
    expect(a.stdout).not.toBe(b.stdout);
  });

  it.each([
    [['--family', 'nope'], /unknown family "nope"/],
    [['--family', 'rnn-forward', '--set', 'hidden=9'], /option hidden/],
    [['--family', 'rnn-forward', '--set', 'colour=red'], /option colour/],
    [['--family', 'rnn-forward', '--count', '0'], /--count 0/],
    [['--family', 'rnn-forward', '--set', 'oops'], /--set oops: expected key=value/],
    // Sizes whose intermediates cannot stay within |v| ≤ 50: a clear error with an example of the rule, not a hang.
    [
      ['--family', 'rnn-forward', '--set', 'hidden=4', '--set', 'input=5', '--set', 'steps=5', '--set', 'inputs=integers'],
      /no rnn-forward problem meets the generation rules \(small exact values[^§]* a rule like: \w+ has \|-?\d+\| > 50/,
    ],
  ])('rejects %j with exit 2 and a message', (args, message) => {
    const r = rnnquiz(['generate', ...args, '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('rnnquiz solve', () => {
  it("solves the lecture's classwork: h1 = [4, 0], h2 = [7, 5], ADJ then NOUN", () => {
    const r = rnnquiz(['solve', '-'], JSON.stringify(classwork));
    expect(r.status).toBe(0);
    const answers = (JSON.parse(r.stdout) as { problems: { answers: Record<string, unknown> }[] }).problems[0]!.answers;
    expect(answers.h1).toEqual([4, 0]);
    expect(answers.h2).toEqual([7, 5]);
    expect(answers.label1).toBe('ADJ');
    expect(answers.label2).toBe('NOUN');
  });

  it("solves the lecture's LSTM practice: Wf x = [2, 1], Uf h = [0, 23], pf = [2, 24], f = [σ(2), σ(24)]", () => {
    const r = rnnquiz(['solve', '--steps', '-'], JSON.stringify([{ id: 'p1', family: 'lstm', given: LSTM_PRACTICE_GIVEN }]));
    expect(r.status).toBe(0);
    const p = (JSON.parse(r.stdout) as { problems: { answers: Record<string, unknown>; steps: { lhs: string; value: unknown }[] }[] }).problems[0]!;
    expect(p.answers.pf1).toEqual([2, 24]);
    const sigma = (x: number) => 1 / (1 + Math.exp(-x));
    const f1 = p.answers.f1 as number[];
    expect(f1[0]).toBeCloseTo(sigma(2), 12);
    expect(f1[1]).toBeCloseTo(sigma(24), 12);
    expect(p.steps.find((s) => /^W_f/.test(s.lhs))?.value).toEqual([2, 1]);
    expect(p.steps.find((s) => /^U_f/.test(s.lhs))?.value).toEqual([0, 23]);
  });

  it('adds the worked steps with --steps', () => {
    const r = rnnquiz(['solve', '--steps', '-'], JSON.stringify(classwork));
    const steps = (JSON.parse(r.stdout) as { problems: { steps: { lhs: string; value: unknown }[] }[] }).problems[0]!.steps;
    expect(steps.find((s) => s.lhs === '\\mathbf{U} \\, \\mathbf{h}^{(0)}')?.value).toEqual([2, -1]);
  });

  it.each([
    ['a wrong matrix shape', { W: [[2, 0, -1]] }, /given\.W: expected a matrix of 2 rows/],
    ['a missing field', { V: undefined }, /given\.V: expected .* got nothing/],
    ['a non-number', { h0: [1, 'x'] }, /given\.h0\[1\]: expected a number/],
    ['an unknown field', { Q: 1 }, /given\.Q: no such field/],
  ])('rejects %s with exit 2, naming the field', (_, patch, message) => {
    const bad = { problems: [{ ...classwork.problems[0], given: { ...classwork.problems[0]!.given, ...patch } }] };
    const r = rnnquiz(['solve', '-'], JSON.stringify(bad));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('rejects a file that is not JSON', () => {
    const r = rnnquiz(['solve', '-'], '{ nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/standard input is not valid JSON/);
  });
});
