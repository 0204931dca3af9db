/**
 * Answer fields graded per CPU-second (issue 3 goal: ≥ 50,000 on one core),
 * against a baseline measured in the same run: reading (parsing) the same
 * answers without grading them. Problems: 40 seeds of every registered family
 * (tanh and biases on where offered). Response mixes:
 *   - key: every answer right, numbers rounded to 3 decimals;
 *   - mixed: a realistic sheet — a third of the fields wrong (which triggers
 *     the error-carried-forward recompute and the named-mistake runs), some blank;
 *   - wrong: every field wrong (the worst case: every mistake run).
 * Also reports the slowest single parse among hostile inputs.
 */
import { createRng } from '../src/core/rng.js';
import { type Num, isExact, toNumber, formatNum } from '../src/core/num.js';
import { components, type Value } from '../src/core/value.js';
import { listFamilies } from '../src/families/registry.js';
import { generateProblemSet, type Problem } from '../src/problems.js';
import { gradeProblem } from '../src/grading/grade.js';
import { readAnswer } from '../src/grading/answer.js';
import { parseNumbers } from '../src/grading/parse.js';

const GOAL = 50_000;
const SEEDS = 40;
const ROUNDS = 5;

type Sheet = { problem: Problem; answers: Record<string, string> };

function text(value: Value, fmt: (x: Num) => string): string {
  if (value.kind === 'label') return value.v;
  const parts = components(value).map(fmt);
  return value.kind === 'scalar' ? (parts[0] as string) : `[${parts.join(', ')}]`;
}

const round3 = (x: Num): string => (isExact(x) ? formatNum(x) : toNumber(x).toFixed(3));
const wrong = (x: Num): string => (isExact(x) ? formatNum(x.add(1)) : (toNumber(x) + 0.5).toFixed(3));

function sheets(problems: Problem[], mix: 'key' | 'mixed' | 'wrong'): Sheet[] {
  const rng = createRng(`bench-${mix}`);
  return problems.map((problem) => ({
    problem,
    answers: Object.fromEntries(
      problem.fields.map((f) => {
        const key = problem.answers.get(f.name) as Value;
        const roll = mix === 'key' ? 1 : mix === 'wrong' ? 0.2 : rng.next();
        if (roll < 0.05) return [f.name, ''];
        if (roll < 0.33) return [f.name, key.kind === 'label' ? (f.choices?.find((c) => c !== key.v) ?? key.v) : text(key, wrong)];
        return [f.name, text(key, round3)];
      }),
    ),
  }));
}

function cpuSeconds(body: () => void): number {
  const t0 = process.cpuUsage();
  body();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

function fieldCount(set: Sheet[]): number {
  return set.reduce((n, s) => n + s.problem.fields.length, 0);
}

function parseRate(set: Sheet[]): number {
  const secs = cpuSeconds(() => {
    for (let r = 0; r < ROUNDS; r++) for (const s of set) for (const f of s.problem.fields) readAnswer(s.answers[f.name] as string, f);
  });
  return (fieldCount(set) * ROUNDS) / secs;
}

function gradeRate(set: Sheet[]): number {
  const secs = cpuSeconds(() => {
    for (let r = 0; r < ROUNDS; r++) for (const s of set) gradeProblem(s.problem, s.answers);
  });
  return (fieldCount(set) * ROUNDS) / secs;
}

/** The slowest hostile input's median parse time over 21 runs (single maxima on a shared machine are GC pauses). */
function slowestHostileParseMs(): number {
  const inputs = [
    '('.repeat(250) + '1' + ')'.repeat(249),
    '-'.repeat(499) + '1',
    '9'.repeat(250) + '^64',
    '2' + '^2'.repeat(249),
    'sigmoid('.repeat(31) + '1' + ')'.repeat(31),
    '[' + '1e300, '.repeat(70) + '1]',
    'x'.repeat(10 * 1024 * 1024),
  ];
  let worst = 0;
  for (const input of inputs) {
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      parseNumbers(input);
      times.push(performance.now() - t);
    }
    worst = Math.max(worst, times.sort((a, b) => a - b)[10] as number);
  }
  return worst;
}

export default async function run(): Promise<void> {
  const problems = listFamilies().flatMap((family) => {
    const rich: Record<string, unknown> = {};
    for (const [k, v] of [
      ['activation', 'tanh'],
      ['bias', true],
    ] as const) {
      try {
        family.parseOptions({ ...rich, [k]: v });
        rich[k] = v;
      } catch {
        /* not offered */
      }
    }
    return Array.from({ length: SEEDS }, (_, i) => generateProblemSet(family.id, `bench-${i}`, 1, i % 2 ? rich : {}).problems[0] as Problem);
  });
  const sets = { key: sheets(problems, 'key'), mixed: sheets(problems, 'mixed'), wrong: sheets(problems, 'wrong') };
  gradeRate(sets.mixed); // warm-up: JIT, and the per-problem cache of mistaken-rule runs on the key
  parseRate(sets.mixed);
  const baseline = parseRate(sets.mixed);
  console.log(`${problems.length} problems, ${fieldCount(sets.mixed)} answer fields per sheet set, ${ROUNDS} rounds`);
  console.log(`parsing only (baseline), mixed sheets: ${baseline.toFixed(0)} fields/CPU-s`);
  for (const mix of ['key', 'mixed', 'wrong'] as const) {
    const r = gradeRate(sets[mix]);
    const goal = mix === 'mixed' ? `, goal ${GOAL}: ${r >= GOAL ? 'met' : 'NOT met'}` : '';
    console.log(`grading ${mix} sheets: ${r.toFixed(0)} fields/CPU-s (${(r / baseline).toFixed(2)}× parsing)${goal}`);
  }
  console.log(`slowest hostile input (deep nesting, power towers, 10 MB), median parse: ${slowestHostileParseMs().toFixed(3)} ms`);
}
