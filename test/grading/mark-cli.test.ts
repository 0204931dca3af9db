/** `rnnquiz mark` end to end (built CLI in dist/, as `npm test`'s pretest builds it). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rnnquiz } from '../cli/run.js';
import { CLASSWORK_GIVEN } from '../fixtures/lecture.js';

const dir = mkdtempSync(join(tmpdir(), 'rnnquiz-mark-'));
const file = (name: string, value: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

const classwork = {
  problems: [
    {
      id: 'p1',
      family: 'rnn-forward',
      options: {},
      given: CLASSWORK_GIVEN,
    },
  ],
};

describe('rnnquiz mark', () => {
  const problems = file('problems.json', classwork);

  it('grades a response set against a problem set and prints the SPEC §7 result', () => {
    const responses = file('r.json', { answers: { 'p1.h1': '[4 0]ᵀ', 'p1.h2': '[4, 0]', 'p1.label2': 'noun', 'p1.y1': 'oops' } });
    const r = rnnquiz(['mark', '--problems', problems, '--responses', responses]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { score: number; max: number; fields: Record<string, { status: string; mistake?: string }> };
    expect(result.max).toBe(10);
    expect(result.score).toBe(2);
    expect(result.fields['p1.h1']!.status).toBe('correct');
    expect(result.fields['p1.h2']).toMatchObject({ status: 'incorrect', mistake: 'off-by-one' });
    expect(result.fields['p1.y1']!.status).toBe('unreadable');
    expect(result.fields['p1.a1']!.status).toBe('blank');
  });

  it('prints the key for instructors with --key, and the key grades 100 %', () => {
    const key = rnnquiz(['mark', '--problems', problems, '--key']);
    expect(key.status).toBe(0);
    expect(JSON.parse(key.stdout).answers['p1.h2']).toBe('[7, 5]');
    const r = rnnquiz(['mark', '--problems', problems, '--responses', '-'], key.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ score: 10, max: 10 });
  });

  it('grades against a version of a manifest with its points, tolerances and policy', () => {
    const problem = { ...classwork.problems[0], points: { h1: 3, o1: 2 }, tolerance: { o1: { rtol: 0, atol: 0.1 } } };
    const manifest = file('manifest.json', { bank: 'b', seed: 's', policy: { carriedCredit: 0.5 }, versions: [{ id: 'V01', seed: 's1', token: 't', problems: [problem] }] });
    const responses = file('rm.json', { answers: { 'p1.h1': '[4, 1]', 'p1.y1': '[4, -3, 3]', 'p1.o1': '[0.9, 0, 0.1]' } });
    const r = rnnquiz(['mark', '--manifest', manifest, '--version', 'V01', '--responses', responses]);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { score: number; max: number; fields: Record<string, { status: string; points: number; max: number }> };
    expect(result.fields['p1.h1']).toMatchObject({ status: 'incorrect', points: 1.5, max: 3 });
    expect(result.fields['p1.y1']).toMatchObject({ status: 'carried', points: 0.5, max: 1 });
    expect(result.fields['p1.o1']).toMatchObject({ status: 'correct', points: 2, max: 2 });
    expect(result.max).toBe(13);
    const missing = rnnquiz(['mark', '--manifest', manifest, '--version', 'V09', '--responses', responses]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('rnnquiz: no version "V09" in the manifest (versions: V01)\n');
  });

  it.each([
    [['mark', '--responses', 'x.json'], 'rnnquiz: give either --manifest DIR/manifest.json --version V, or --problems P.json\n'],
    [['mark', '--problems', 'PROBLEMS', '--version', 'V01', '--responses', 'x.json'], 'rnnquiz: --version goes with --manifest, not with --problems\n'],
    [['mark', '--manifest', 'm.json', '--responses', 'x.json'], 'rnnquiz: --manifest needs --version V (a version id such as V01)\n'],
    [['mark', '--problems', 'PROBLEMS'], 'rnnquiz: --responses R.json is required (or --key to print the key)\n'],
    [['mark', '--problems', 'PROBLEMS', '--responses', 'UNKNOWN'], 'rnnquiz: responses: unknown answer field p2.h1 (fields look like p1.a1)\n'],
    [['mark', '--problems', 'PROBLEMS', '--responses', 'NOTJSON'], /^rnnquiz: .*notjson\.json is not valid JSON/],
  ])('exits 2 with a clear message for %j', (args, message) => {
    const unknown = file('unknown.json', { answers: { 'p2.h1': '1' } });
    const notJson = file('notjson.json', '{ nope');
    const argv = args.map((a) => (a === 'PROBLEMS' ? problems : a === 'UNKNOWN' ? unknown : a === 'NOTJSON' ? notJson : a));
    const r = rnnquiz(argv);
    expect(r.status).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });
});
