/**
 * Synthetic answer sheets with a known intended score, for tests and the
 * benchmark. Each sheet is built from the key, not graded: a right answer
 * (full precision or rounded to 4 decimals) earns the field's points; blank,
 * garbled, wrong and named-mistake answers earn none; answers after one wrong
 * value, recomputed from it, earn the carried credit. So the expected total is
 * known without calling the grader.
 *
 * One perturbation (wrong, carried or mistaken) per problem at most, so the
 * student's other readable answers are the key and the grader's recomputation
 * from them is the key too: no accidental carried credit.
 */
import { type Num, isExact, toNumber } from '../core/num.js';
import { type Value, components, label, scalar, vector } from '../core/value.js';
import { createRng, type Rng } from '../core/rng.js';
import type { FieldSpec } from '../families/contract.js';
import { getFamily } from '../families/registry.js';
import { formatValueText } from '../grading/key.js';
import { isNonTerminating } from '../grading/tolerance.js';
import { DEFAULT_MISTAKE_CREDIT, DEFAULT_TOLERANCE, type Tolerance } from '../grading/types.js';
import { generateProblem } from '../problems.js';
import type { ExamProblem, Manifest, ManifestVersion } from '../manifest.js';

/**
 * A manifest of `versions` versions, each with one problem per family (`p1`, `p2`, …),
 * points 1 per field (2 for every third field, so weights matter) and default tolerances.
 * @example syntheticManifest(['rnn-forward', 'lstm'], 2, 's').versions[1].problems[1].family // 'lstm'
 */
export function syntheticManifest(families: readonly string[], versions: number, seed: string): Manifest {
  const list: ManifestVersion[] = Array.from({ length: versions }, (_, v) => {
    const id = `V${String(v + 1).padStart(2, '0')}`;
    const problems = families.map((family, i): ExamProblem => {
      const p = generateProblem(getFamily(family), `${seed}/${id}`, `p${i + 1}`);
      const points = Object.fromEntries(p.fields.map((f, j) => [f.name, j % 3 === 2 ? 2 : 1]));
      const tolerance = Object.fromEntries(p.fields.filter((f) => f.kind === 'numeric').map((f) => [f.name, DEFAULT_TOLERANCE]));
      return { ...p, points, tolerance, item: family };
    });
    return { id, seed: `${seed}/${id}`, token: `token-${id}`, problems };
  });
  return { bank: 'synthetic', seed, policy: { carriedCredit: 1 }, versions: list };
}

export type AnswerStyle = 'right' | 'rounded' | 'blank' | 'garbled' | 'wrong' | 'carried' | 'mistaken';

export interface SyntheticSheet {
  studentId: string;
  version: string;
  answers: Record<string, string>;
  /** The score the sheet should get, computed from how it was built. */
  expected: number;
  /** How each field was answered. */
  styles: Record<string, AnswerStyle>;
}

/**
 * A value as a student rounding to 4 decimals types it. Exact components: a
 * terminating decimal is typed in full (`-1.421875`; the grader wants a
 * terminating value exactly), a non-terminating one rounded (`0.3333`) when it
 * is at least 0.1, so 4 decimals show enough digits; smaller ones stay fractions.
 */
function roundedText(value: Value): string {
  if (value.kind === 'label') return value.v;
  const part = (x: Num): string => {
    if (!isExact(x)) return x.toFixed(4);
    if (!isNonTerminating(x)) return String(toNumber(x));
    return Math.abs(toNumber(x)) >= 0.1 ? toNumber(x).toFixed(4) : formatValueText(scalar(x));
  };
  const parts = components(value).map(part);
  return value.kind === 'scalar' ? (parts[0] as string) : `[${parts.join(', ')}]`;
}

const GARBLE = ['seven?', '[1, 2', '4 0 )', '#REF!', 'x+y', '1..2', '[', 'sigmoid(', '))', 'NaN?'];

/** Text the reader cannot read for this field (garbage, or a vector of the wrong length). */
function garbledText(field: FieldSpec, rng: Rng): string {
  if (typeof field.shape === 'number' && rng.next() < 0.3) return `[${Array.from({ length: field.shape + 1 }, () => '1').join(', ')}]`;
  return GARBLE[Math.floor(rng.next() * GARBLE.length)] as string;
}

/** Every component shifted by 7: far outside any tolerance for keys bounded by 50. */
function shifted(value: Value, field: FieldSpec): Value {
  if (value.kind === 'label') {
    const other = (field.choices ?? []).find((c) => c !== value.v);
    return label(other ?? `${value.v}-wrong`);
  }
  const move = (x: Num): Num => (isExact(x) ? x.add(7) : x + 7);
  return value.kind === 'scalar' ? scalar(move(value.v)) : vector(components(value).map(move));
}

/** Far from the key: some component differs by more than twice the tolerance. */
function clearlyDifferent(a: Value, b: Value, tol: Tolerance): boolean {
  if (a.kind === 'label' || b.kind === 'label') return a.v !== b.v;
  const xs = components(a).map(toNumber);
  const ys = components(b).map(toNumber);
  return xs.length !== ys.length || xs.some((x, i) => Math.abs(x - (ys[i] as number)) > 2 * Math.max(tol.atol, tol.rtol * Math.abs(ys[i] as number)) + 1e-9);
}

/** Answers one problem as a student of `ability` (0–1: the chance of a right answer) would; returns the points it should earn. */
function answerProblem(problem: ExamProblem, rng: Rng, ability: number, carriedCredit: number, out: SyntheticSheet): number {
  const family = getFamily(problem.family);
  const key = (name: string): Value => problem.answers.get(name) as Value;
  const tol = (f: FieldSpec): Tolerance => problem.tolerance[f.name] ?? DEFAULT_TOLERANCE;
  const style = new Map<string, AnswerStyle>();
  const text = new Map<string, string>();
  // One perturbation per problem at most.
  // Weaker students slip more often: a perturbation with chance 0.6·(1 − ability), a third of each kind.
  const slip = 0.6 * (1 - ability);
  const roll = rng.next() / slip;
  const numericFields = problem.fields.filter((f) => f.shape !== 'label');
  if (roll < 1 / 3 && problem.fields.length > 0) {
    const f = problem.fields[Math.floor(rng.next() * problem.fields.length)] as FieldSpec;
    style.set(f.name, 'wrong');
    text.set(f.name, formatValueText(shifted(key(f.name), f)));
  } else if (roll < 2 / 3 && numericFields.length > 1) {
    // Error carried forward: an early field wrong, every later field recomputed from it.
    const idx = Math.floor(rng.next() * problem.fields.indexOf(numericFields[numericFields.length - 1] as FieldSpec));
    const wrongField = problem.fields[idx] as FieldSpec;
    const wrongValue = shifted(key(wrongField.name), wrongField);
    const recomputed = wrongField.shape === 'label' ? null : family.recompute(problem.given, new Map([[wrongField.name, wrongValue]]));
    if (recomputed) {
      style.set(wrongField.name, 'wrong');
      text.set(wrongField.name, formatValueText(wrongValue));
      for (const f of problem.fields.slice(idx + 1)) {
        const v = recomputed.get(f.name);
        if (!v || !clearlyDifferent(v, key(f.name), tol(f))) continue; // unaffected: answered right below
        style.set(f.name, 'carried');
        text.set(f.name, formatValueText(v));
      }
    }
  } else if (roll < 1) {
    const rules = family.mistakes.filter((m) => m !== 'off-by-one' && (family.mistakeApplies?.(problem.given, m) ?? true));
    const rule = rules[Math.floor(rng.next() * rules.length)];
    const run = rule ? family.recompute(problem.given, new Map(), rule) : null;
    // Only the first field the rule changes, so later right answers are plainly right.
    const target = run ? numericFields.find((f) => run.get(f.name) && clearlyDifferent(run.get(f.name) as Value, key(f.name), tol(f))) : undefined;
    if (run && target) {
      style.set(target.name, 'mistaken');
      text.set(target.name, formatValueText(run.get(target.name) as Value));
    }
  }
  let earned = 0;
  for (const f of problem.fields) {
    const k = `${problem.id}.${f.name}`;
    const points = problem.points[f.name] ?? 1;
    let s = style.get(f.name);
    let t = text.get(f.name);
    if (!s) {
      const r = rng.next();
      s = r < ability ? (r < ability * 0.65 ? 'right' : 'rounded') : r < (1 + ability) / 2 ? 'blank' : 'garbled';
      t = s === 'right' ? formatValueText(key(f.name)) : s === 'rounded' ? roundedText(key(f.name)) : s === 'blank' ? '' : garbledText(f, rng);
    }
    out.styles[k] = s;
    if (t) out.answers[k] = t;
    if (s === 'right' || s === 'rounded') earned += points;
    else if (s === 'carried') earned += carriedCredit * points;
    else if (s === 'mistaken') earned += DEFAULT_MISTAKE_CREDIT * points;
  }
  return earned;
}

/**
 * `count` sheets over the manifest's versions, reproducible from `seed`.
 * @example syntheticSheets(manifest, 10, 's')[0].expected // the score sheet 0 should get
 */
export function* syntheticSheets(manifest: Manifest, count: number, seed: string): Generator<SyntheticSheet> {
  const rng = createRng(seed);
  const carriedCredit = manifest.policy.carriedCredit;
  for (let i = 0; i < count; i++) {
    const version = manifest.versions[i % manifest.versions.length] as ManifestVersion;
    const sheet: SyntheticSheet = { studentId: `s${String(i + 1).padStart(6, '0')}`, version: version.id, answers: {}, expected: 0, styles: {} };
    const ability = 0.35 + 0.6 * rng.next();
    for (const p of version.problems) sheet.expected += answerProblem(p, rng, ability, carriedCredit, sheet);
    yield sheet;
  }
}

/** CSV text of sheets in the wide layout (header from the manifest's field keys). */
export function* wideCsvLines(fieldKeys: readonly string[], sheets: Iterable<SyntheticSheet>, delimiter: ',' | ';' = ','): Generator<string> {
  const cell = (s: string): string => (/[",;\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  yield `${['student_id', 'version', ...fieldKeys].join(delimiter)}\n`;
  for (const s of sheets) yield `${[s.studentId, s.version, ...fieldKeys.map((k) => s.answers[k] ?? '')].map(cell).join(delimiter)}\n`;
}

/** CSV text of sheets in the long layout (a row per answered field; blanks left out). */
export function* longCsvLines(sheets: Iterable<SyntheticSheet>): Generator<string> {
  const cell = (s: string): string => (/[",;\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  yield 'student_id,version,field,answer\n';
  for (const s of sheets) for (const [k, v] of Object.entries(s.answers)) yield `${[s.studentId, s.version, k, v].map(cell).join(',')}\n`;
}
