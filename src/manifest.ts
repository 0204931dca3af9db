/**
 * The manifest (`DIR/manifest.json`, SPEC §7): the key that grading reads.
 * `{ bank, seed, versions: [ { id, token, seed, problems: [ … ] } ] }`, each
 * problem as in SPEC §5 plus `points` and `tolerance` per answer name. The key
 * is saved at build time; grading reads it and never regenerates it.
 */
import { UsageError } from './core/errors.js';
import { type JsonProblem, type Problem, problemFromJson, problemToJson } from './problems.js';
import { z } from 'zod';
import { formatPath } from './bank/positions.js';
import type { SheetLayout } from './scan/sheet-layout.js';
import type { MistakeId } from './families/contract.js';
import { DEFAULT_FEEDBACK, FEEDBACK_LEVELS, type ExamRules } from './bank/rules.js';
import { DEFAULT_POINTS, DEFAULT_POLICY, DEFAULT_TOLERANCE, type GradingPolicy, type Tolerance } from './grading/types.js';

/**
 * One option of a choice-mode field (src/plan/choice-options.ts): its printed
 * text, and either `key: true` or the mistake it stands for (`from` names the
 * earlier field and rule of a carried error, or the neighbouring field of an off-by-one).
 */
export interface ChoiceOption {
  text: string;
  key?: true;
  mistake?: MistakeId | 'carried-forward' | 'nearby';
  from?: string;
}

/** A problem on an exam: the key plus how each answer field is scored. */
export interface ExamProblem extends Problem {
  /** Points per answer name. */
  points: Record<string, number>;
  /** Tolerance per numeric answer name (exact and label fields have none). */
  tolerance: Record<string, Tolerance>;
  /** Bank item this problem was drawn from (for statistics and Moodle categories). */
  item?: string;
  /** Choice mode: options A–E per answer name (exact and numeric fields only). */
  choices?: Record<string, ChoiceOption[]>;
}

export interface ManifestVersion {
  /** Version code printed on every page, e.g. `V01`. */
  id: string;
  seed: string;
  /** Signed token that opens the online page (`GET /q/:token`). */
  token: string;
  problems: ExamProblem[];
  /** Hand work per bank item id in this version (src/check/work.ts), as balanced by the build's fairness band. */
  work?: Record<string, number>;
  /** Where the answer sheet's marks and bubbles sit, in PDF points (src/scan/sheet-layout.ts): scanning reads it, never guesses. */
  sheet?: SheetLayout;
}

/** A roster student (SPEC §7.1): who writes which version, through which token. */
export interface ManifestStudent {
  id: string;
  name: string;
  email?: string;
  section?: string;
  seat?: string;
  version: string;
  /** The student's own signed token (generation 0; a re-issued one is signed by the server). */
  token: string;
}

export interface Manifest {
  bank: string;
  seed: string;
  /** Random id drawn by every build; signed into every token, so no two builds share links. Absent in older manifests. */
  buildId?: string;
  title?: string;
  course?: string;
  policy: GradingPolicy;
  /** Attempts allowed online (null: unlimited) and which one counts (from the bank). */
  attempts?: AttemptSettings;
  /** Exam rules from the bank (src/bank/rules.ts); older manifests have none and read as a practice set. */
  rules?: ExamRules;
  versions: ManifestVersion[];
  /** Present when the build had a roster: then only these tokens open the exam. */
  students?: ManifestStudent[];
  /** Anything else the build records (date, instructions, base URL). */
  meta?: Record<string, unknown>;
}

export interface JsonExamProblem extends JsonProblem {
  points: Record<string, number>;
  tolerance: Record<string, Tolerance>;
  item?: string;
  choices?: Record<string, ChoiceOption[]>;
}

export function examProblemToJson(p: ExamProblem): JsonExamProblem {
  return { ...problemToJson(p, true), points: p.points, tolerance: p.tolerance, ...(p.item ? { item: p.item } : {}), ...(p.choices ? { choices: p.choices } : {}) };
}

export function manifestToJson(m: Manifest): Record<string, unknown> {
  return {
    bank: m.bank,
    seed: m.seed,
    ...(m.buildId ? { buildId: m.buildId } : {}),
    ...(m.title ? { title: m.title } : {}),
    ...(m.course ? { course: m.course } : {}),
    policy: m.policy,
    ...(m.attempts ? { attempts: m.attempts } : {}),
    ...(m.rules ? { rules: m.rules } : {}),
    ...(m.meta ? { meta: m.meta } : {}),
    versions: m.versions.map((v) => ({
      id: v.id,
      seed: v.seed,
      token: v.token,
      problems: v.problems.map(examProblemToJson),
      ...(v.work ? { work: v.work } : {}),
      ...(v.sheet ? { sheet: v.sheet } : {}),
    })),
    ...(m.students ? { students: m.students } : {}),
  };
}

const fraction = (what: string) =>
  z
    .number({ error: `expected ${what}, a number from 0 to 1` })
    .min(0, { error: `expected ${what} ≥ 0` })
    .max(1, { error: `expected ${what} ≤ 1` });
const nonNegative = (what: string) => z.number({ error: `expected ${what}, a number ≥ 0` }).min(0, { error: `expected ${what} ≥ 0` });
const toleranceSchema = z.object({ rtol: nonNegative('rtol'), atol: nonNegative('atol') }, { error: 'expected a tolerance { rtol, atol } with numbers ≥ 0' });
const seedSchema = z.union([z.string(), z.number()], { error: 'expected a seed (text or a number)' }).transform(String);

/**
 * The manifest's shape, checked whole when it is read: a policy or attempts
 * field of the wrong type would otherwise start fine and fail on the first
 * wrong answer (`carriedCredit: "x"`) or quietly mean something else
 * (`attempts.limit: "2"` read as unlimited). Problems are then read by their
 * family (problemFromJson), which checks the givens and the key.
 */
const manifestSchema = z.object(
  {
    bank: z.string({ error: 'expected the bank name (text)' }),
    seed: seedSchema,
    buildId: z.string({ error: 'expected the build id (text)' }).optional(),
    title: z.string({ error: 'expected text' }).optional(),
    course: z.string({ error: 'expected text' }).optional(),
    policy: z
      .object(
        {
          carriedCredit: fraction("carriedCredit (the share of a field's points kept when it is right only given the student's own earlier answers)").default(DEFAULT_POLICY.carriedCredit),
          mistakeCredit: fraction('mistakeCredit').optional(),
          tolerance: toleranceSchema.optional(),
        },
        { error: 'expected a policy object { carriedCredit, mistakeCredit?, tolerance? }' },
      )
      .default({ carriedCredit: DEFAULT_POLICY.carriedCredit }),
    attempts: z
      .object(
        {
          limit: z
            .number({ error: 'expected attempts.limit, a whole number ≥ 1 or null (unlimited)' })
            .int({ error: 'expected a whole number' })
            .min(1, { error: 'expected attempts.limit ≥ 1' })
            .nullable(),
          counts: z.enum(['last', 'best'], { error: 'expected attempts.counts: last or best' }),
        },
        { error: 'expected attempts { limit, counts }' },
      )
      .optional(),
    meta: z.record(z.string(), z.unknown(), { error: 'expected an object' }).optional(),
    // Rules and students are read by readRules / readStudents below (their messages name the field).
    rules: z.unknown().optional(),
    students: z.unknown().optional(),
    versions: z
      .array(
        z.object(
          {
            id: z.string({ error: 'expected the version id (text)' }).min(1, { error: 'expected a version id' }),
            seed: seedSchema.default(''),
            token: z.string({ error: 'expected the version token (text)' }).min(1, { error: 'expected a token' }),
            work: z
              .record(z.string(), z.number({ error: 'expected a whole number ≥ 0' }).int({ error: 'expected a whole number ≥ 0' }).min(0, { error: 'expected a whole number ≥ 0' }), {
                error: 'expected { item: hand work, … }',
              })
              .optional(),
            // The answer sheet's layout, checked by readSheet.
            sheet: z.unknown().optional(),
            problems: z.array(
              z.looseObject(
                {
                  points: z.record(z.string(), nonNegative('points').refine(Number.isFinite, { error: 'expected a finite number' })).optional(),
                  tolerance: z.record(z.string(), toleranceSchema).optional(),
                  item: z.string({ error: 'expected text' }).optional(),
                },
                { error: 'expected a problem object' },
              ),
              { error: 'expected a list of problems' },
            ),
          },
          { error: 'expected a version { id, seed, token, problems }' },
        ),
        { error: 'expected a list of versions' },
      )
      .min(1, { error: 'expected at least one version' }),
  },
  { error: 'expected { "bank", "seed", "versions": [ … ] }' },
);

/** `manifest.versions[0].token: expected …`: the first problem found, named by its path. */
function manifestError(error: z.ZodError): UsageError {
  const issue = error.issues[0] as z.core.$ZodIssue;
  const path = formatPath(['manifest', ...(issue.path as (string | number)[])]);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length === 2 ? '' : 's'})` : '';
  return new UsageError(`${path}: ${issue.message}${more}`);
}

function readPoints(given: Record<string, number> | undefined, fields: readonly string[]): Record<string, number> {
  return Object.fromEntries(fields.map((f) => [f, given?.[f] ?? DEFAULT_POINTS]));
}

function readTolerance(given: Record<string, Tolerance> | undefined, fields: readonly string[]): Record<string, Tolerance> {
  return Object.fromEntries(fields.map((f) => [f, given?.[f] ?? DEFAULT_TOLERANCE]));
}

/** A problem of the manifest: the family reads its givens and key; points and tolerances have been checked by the schema. */
export function examProblemFromJson(raw: unknown, where: string): ExamProblem {
  const p = problemFromJson(raw, where);
  const obj = raw as { points?: Record<string, number>; tolerance?: Record<string, Tolerance>; item?: unknown; choices?: unknown };
  const names = p.fields.map((f) => f.name);
  return {
    ...p,
    points: readPoints(
      obj.points,
      p.fields.map((f) => f.name),
    ),
    tolerance: readTolerance(
      obj.tolerance,
      p.fields.filter((f) => f.kind === 'numeric').map((f) => f.name),
    ),
    ...(typeof obj.item === 'string' ? { item: obj.item } : {}),
    ...readChoices(obj.choices, where, names),
  };
}

/** Choice-mode options, when present: a list of `{ text, key? , mistake? }` per known answer name, exactly one key each. */
function readChoices(raw: unknown, where: string, fields: readonly string[]): { choices?: Record<string, ChoiceOption[]> } {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where}.choices: expected { field: [ { text, key?, mistake? } … ] }`);
  const out: Record<string, ChoiceOption[]> = {};
  for (const [name, list] of Object.entries(raw)) {
    if (!fields.includes(name)) throw new UsageError(`${where}.choices.${name}: no such answer field`);
    if (!Array.isArray(list) || list.length < 2 || list.some((o) => typeof (o as ChoiceOption)?.text !== 'string'))
      throw new UsageError(`${where}.choices.${name}: expected a list of at least 2 options { text, … }`);
    if (list.filter((o) => (o as ChoiceOption).key === true).length !== 1) throw new UsageError(`${where}.choices.${name}: expected exactly one option with key: true`);
    out[name] = list as ChoiceOption[];
  }
  return { choices: out };
}

/** A recorded sheet layout, checked for the parts scanning needs (four marks, a QR box, pages of rows of bubbles). */
function readSheet(raw: unknown, where: string): { sheet?: SheetLayout } {
  if (raw === undefined) return {};
  const s = raw as Partial<SheetLayout>;
  const ok =
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.marks) &&
    s.marks.length === 4 &&
    typeof s.qr?.size === 'number' &&
    typeof s.radius === 'number' &&
    Array.isArray(s.pages) &&
    s.pages.every((p) => Array.isArray(p.rows) && p.rows.every((r) => typeof r.field === 'string' && Array.isArray(r.bubbles)));
  if (!ok) throw new UsageError(`${where}.sheet: expected the answer sheet's layout { marks: [4 points], qr, radius, pages: [ { rows } ] }`);
  return { sheet: s as SheetLayout };
}

/** Which of a student's attempts counts: the latest, or the highest score. */
export type CountRule = 'last' | 'best';

/** Attempts allowed online (null: unlimited) and which attempt counts. */
export interface AttemptSettings {
  limit: number | null;
  counts: CountRule;
}

/**
 * The attempt rules a site applies: the bank's, or unlimited attempts with the
 * last one counting when the bank set none. The limit needs no check here:
 * manifestFromJson has already refused anything but a whole number ≥ 1 or null.
 * @example attemptSettingsOf({}) // { limit: null, counts: 'last' }
 */
export function attemptSettingsOf(m: Pick<Manifest, 'attempts'>): AttemptSettings {
  return { limit: m.attempts?.limit ?? null, counts: m.attempts?.counts ?? 'last' };
}

/**
 * Reads and validates a whole manifest; a UsageError names the first bad field by its path
 * (`manifest.policy.carriedCredit: expected … ≤ 1`), so `rnnquiz serve` exits 2 with it.
 * @example manifestFromJson(JSON.parse(readFileSync('out/manifest.json', 'utf8'))).versions.length
 */
export function manifestFromJson(raw: unknown): Manifest {
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw manifestError(parsed.error);
  const m = parsed.data;
  const seen = new Set<string>();
  const versions = m.versions.map((v, i): ManifestVersion => {
    if (seen.has(v.id)) throw new UsageError(`manifest.versions[${i}].id: the version id ${JSON.stringify(v.id)} is used twice`);
    seen.add(v.id);
    const where = `versions[${i}]`;
    return {
      id: v.id,
      seed: v.seed,
      token: v.token,
      problems: v.problems.map((p, j) => examProblemFromJson(p, `${where}.problems[${j}]`)),
      ...(v.work ? { work: v.work } : {}),
      ...readSheet(v.sheet, where),
    };
  });
  const students = m.students === undefined ? undefined : readStudents(m.students, new Set(versions.map((v) => v.id)));
  const policy: GradingPolicy = {
    ...DEFAULT_POLICY,
    carriedCredit: m.policy.carriedCredit,
    ...(m.policy.mistakeCredit !== undefined ? { mistakeCredit: m.policy.mistakeCredit } : {}),
    ...(m.policy.tolerance ? { tolerance: m.policy.tolerance } : {}),
  };
  return {
    bank: m.bank,
    seed: m.seed,
    ...(m.buildId !== undefined ? { buildId: m.buildId } : {}),
    ...(m.title !== undefined ? { title: m.title } : {}),
    ...(m.course !== undefined ? { course: m.course } : {}),
    policy,
    ...(m.attempts ? { attempts: m.attempts } : {}),
    ...(m.rules !== undefined ? { rules: readRules(m.rules) } : {}),
    ...(m.meta ? { meta: m.meta } : {}),
    versions,
    ...(students ? { students } : {}),
  };
}

function readRules(raw: unknown): ExamRules {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const kind = o.kind === 'practice' ? 'practice' : o.kind === 'exam' ? 'exam' : null;
  if (!kind) throw new UsageError('manifest rules.kind: expected exam or practice');
  const time = (k: 'opens' | 'closes') => {
    if (o[k] === undefined) return {};
    if (typeof o[k] !== 'string' || Number.isNaN(Date.parse(o[k]))) throw new UsageError(`manifest rules.${k}: expected an ISO time`);
    return { [k]: o[k] as string };
  };
  const limit = o.time_limit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) throw new UsageError('manifest rules.time_limit: expected whole minutes ≥ 1');
  const f = (typeof o.feedback === 'object' && o.feedback !== null ? o.feedback : {}) as Record<string, unknown>;
  const level = (k: 'open' | 'closed' | 'released') => {
    const v = f[k] ?? DEFAULT_FEEDBACK[kind][k];
    if (!(FEEDBACK_LEVELS as readonly unknown[]).includes(v)) throw new UsageError(`manifest rules.feedback.${k}: expected ${FEEDBACK_LEVELS.join(', ')}`);
    return v as ExamRules['feedback'][typeof k];
  };
  return {
    kind,
    ...time('opens'),
    ...time('closes'),
    ...(typeof limit === 'number' ? { time_limit: limit } : {}),
    feedback: { open: level('open'), closed: level('closed'), released: level('released') },
  };
}

function readStudents(raw: unknown, versionIds: ReadonlySet<string>): ManifestStudent[] {
  if (!Array.isArray(raw)) throw new UsageError('manifest students: expected a list of { id, name, version, token }');
  const seen = new Set<string>();
  return raw.map((s, i): ManifestStudent => {
    const o = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    const where = `students[${i}]`;
    for (const k of ['id', 'name', 'version', 'token'] as const) if (typeof o[k] !== 'string' || o[k] === '') throw new UsageError(`${where}.${k}: expected text`);
    const id = o.id as string;
    if (seen.has(id)) throw new UsageError(`${where}.id: ${JSON.stringify(id)} appears twice`);
    seen.add(id);
    if (!versionIds.has(o.version as string)) throw new UsageError(`${where}.version: no version ${JSON.stringify(o.version)} in the manifest`);
    const opt = (k: 'email' | 'section' | 'seat') => (typeof o[k] === 'string' && o[k] !== '' ? { [k]: o[k] as string } : {});
    return { id, name: o.name as string, ...opt('email'), ...opt('section'), ...opt('seat'), version: o.version as string, token: o.token as string };
  });
}

export function findVersion(m: Manifest, id: string): ManifestVersion {
  const v = m.versions.find((x) => x.id === id);
  if (!v)
    throw new UsageError(
      `no version ${JSON.stringify(id)} in the manifest (versions: ${m.versions
        .map((x) => x.id)
        .slice(0, 10)
        .join(', ')}${m.versions.length > 10 ? ', …' : ''})`,
    );
  return v;
}
