/**
 * The manifest (`DIR/manifest.json`, SPEC §7): the key that grading reads.
 * `{ bank, seed, versions: [ { id, token, seed, problems: [ … ] } ] }`, each
 * problem as in SPEC §5 plus `points` and `tolerance` per answer name. The key
 * is saved at build time; grading reads it and never regenerates it.
 */
import { UsageError } from './core/errors.js';
import { type JsonProblem, type Problem, problemFromJson, problemToJson } from './problems.js';
import { DEFAULT_FEEDBACK, FEEDBACK_LEVELS, type ExamRules } from './bank/rules.js';
import { DEFAULT_POLICY, DEFAULT_TOLERANCE, type GradingPolicy, type Tolerance } from './grading/types.js';

/** A problem on an exam: the key plus how each answer field is scored. */
export interface ExamProblem extends Problem {
  /** Points per answer name. */
  points: Record<string, number>;
  /** Tolerance per numeric answer name (exact and label fields have none). */
  tolerance: Record<string, Tolerance>;
  /** Bank item this problem was drawn from (for statistics and Moodle categories). */
  item?: string;
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
  /** Attempts allowed online and which one counts (from the bank). */
  attempts?: { limit: number; counts: 'last' | 'best' };
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
}

export function examProblemToJson(p: ExamProblem): JsonExamProblem {
  return { ...problemToJson(p, true), points: p.points, tolerance: p.tolerance, ...(p.item ? { item: p.item } : {}) };
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
    versions: m.versions.map((v) => ({ id: v.id, seed: v.seed, token: v.token, problems: v.problems.map(examProblemToJson), ...(v.work ? { work: v.work } : {}) })),
    ...(m.students ? { students: m.students } : {}),
  };
}

function readPoints(raw: unknown, where: string, fields: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const f of fields) {
    const v = obj[f] ?? 1;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError(`${where}.points.${f}: expected a number ≥ 0`);
    out[f] = v;
  }
  return out;
}

function readTolerance(raw: unknown, where: string, fields: readonly string[]): Record<string, Tolerance> {
  const out: Record<string, Tolerance> = {};
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const f of fields) {
    const t = (obj[f] ?? DEFAULT_TOLERANCE) as Partial<Tolerance>;
    if (typeof t.rtol !== 'number' || typeof t.atol !== 'number' || t.rtol < 0 || t.atol < 0) throw new UsageError(`${where}.tolerance.${f}: expected { rtol, atol } ≥ 0`);
    out[f] = { rtol: t.rtol, atol: t.atol };
  }
  return out;
}

export function examProblemFromJson(raw: unknown, where: string): ExamProblem {
  const p = problemFromJson(raw, where);
  const obj = raw as Record<string, unknown>;
  const names = p.fields.map((f) => f.name);
  const numeric = p.fields.filter((f) => f.kind === 'numeric').map((f) => f.name);
  return {
    ...p,
    points: readPoints(obj.points, where, names),
    tolerance: readTolerance(obj.tolerance, where, numeric),
    ...(typeof obj.item === 'string' ? { item: obj.item } : {}),
  };
}

/** A version's recorded hand work per item, when present: whole numbers ≥ 0 by item id. */
function readWork(raw: unknown, where: string): { work?: Record<string, number> } {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where}.work: expected { item: hand work, … }`);
  const work: Record<string, number> = {};
  for (const [item, w] of Object.entries(raw)) {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0) throw new UsageError(`${where}.work.${item}: expected a whole number ≥ 0`);
    work[item] = w;
  }
  return { work };
}

/** Reads and validates a manifest; errors name the path inside it. */
export function manifestFromJson(raw: unknown): Manifest {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { versions?: unknown }).versions)) {
    throw new UsageError('manifest: expected { "bank", "seed", "versions": [ … ] }');
  }
  const obj = raw as Record<string, unknown>;
  const versions = (obj.versions as unknown[]).map((v, i): ManifestVersion => {
    const where = `versions[${i}]`;
    const vo = v as Record<string, unknown>;
    if (typeof vo?.id !== 'string' || typeof vo.token !== 'string' || !Array.isArray(vo.problems)) throw new UsageError(`${where}: expected { id, seed, token, problems }`);
    return { id: vo.id, seed: String(vo.seed ?? ''), token: vo.token, problems: vo.problems.map((p, j) => examProblemFromJson(p, `${where}.problems[${j}]`)), ...readWork(vo.work, where) };
  });
  const students = obj.students === undefined ? undefined : readStudents(obj.students, new Set(versions.map((v) => v.id)));
  const policy = { ...DEFAULT_POLICY, ...((obj.policy as Partial<GradingPolicy>) ?? {}) };
  return {
    bank: String(obj.bank ?? ''),
    seed: String(obj.seed ?? ''),
    ...(typeof obj.buildId === 'string' ? { buildId: obj.buildId } : {}),
    ...(typeof obj.title === 'string' ? { title: obj.title } : {}),
    ...(typeof obj.course === 'string' ? { course: obj.course } : {}),
    policy,
    ...(obj.attempts ? { attempts: obj.attempts as Manifest['attempts'] } : {}),
    ...(obj.rules !== undefined ? { rules: readRules(obj.rules) } : {}),
    ...(obj.meta ? { meta: obj.meta as Record<string, unknown> } : {}),
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
  return { kind, ...time('opens'), ...time('closes'), ...(typeof limit === 'number' ? { time_limit: limit } : {}), feedback: { open: level('open'), closed: level('closed'), released: level('released') } };
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
  if (!v) throw new UsageError(`no version ${JSON.stringify(id)} in the manifest (versions: ${m.versions.map((x) => x.id).slice(0, 10).join(', ')}${m.versions.length > 10 ? ', …' : ''})`);
  return v;
}
