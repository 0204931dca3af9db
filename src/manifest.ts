/**
 * The manifest (`DIR/manifest.json`, SPEC §7): the key that grading reads.
 * `{ bank, seed, versions: [ { id, token, seed, problems: [ … ] } ] }`, each
 * problem as in SPEC §5 plus `points` and `tolerance` per answer name. The key
 * is saved at build time; grading reads it and never regenerates it.
 */
import { UsageError } from './core/errors.js';
import { type JsonProblem, type Problem, problemFromJson, problemToJson } from './problems.js';
import type { SheetLayout } from './scan/sheet-layout.js';
import type { MistakeId } from './families/contract.js';
import { DEFAULT_POLICY, DEFAULT_TOLERANCE, type GradingPolicy, type Tolerance } from './grading/types.js';

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

export interface Manifest {
  bank: string;
  seed: string;
  title?: string;
  course?: string;
  policy: GradingPolicy;
  /** Attempts allowed online and which one counts (from the bank). */
  attempts?: { limit: number; counts: 'last' | 'best' };
  versions: ManifestVersion[];
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
    ...(m.title ? { title: m.title } : {}),
    ...(m.course ? { course: m.course } : {}),
    policy: m.policy,
    ...(m.attempts ? { attempts: m.attempts } : {}),
    ...(m.meta ? { meta: m.meta } : {}),
    versions: m.versions.map((v) => ({ id: v.id, seed: v.seed, token: v.token, problems: v.problems.map(examProblemToJson), ...(v.work ? { work: v.work } : {}), ...(v.sheet ? { sheet: v.sheet } : {}) })),
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
    if (!Array.isArray(list) || list.length < 2 || list.some((o) => typeof (o as ChoiceOption)?.text !== 'string')) throw new UsageError(`${where}.choices.${name}: expected a list of at least 2 options { text, … }`);
    if (list.filter((o) => (o as ChoiceOption).key === true).length !== 1) throw new UsageError(`${where}.choices.${name}: expected exactly one option with key: true`);
    out[name] = list as ChoiceOption[];
  }
  return { choices: out };
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

/** A recorded sheet layout, checked for the parts scanning needs (four marks, a QR box, pages of rows of bubbles). */
function readSheet(raw: unknown, where: string): { sheet?: SheetLayout } {
  if (raw === undefined) return {};
  const s = raw as Partial<SheetLayout>;
  const ok = typeof s === 'object' && s !== null && Array.isArray(s.marks) && s.marks.length === 4 && typeof s.qr?.size === 'number' && typeof s.radius === 'number' && Array.isArray(s.pages)
    && s.pages.every((p) => Array.isArray(p.rows) && p.rows.every((r) => typeof r.field === 'string' && Array.isArray(r.bubbles)));
  if (!ok) throw new UsageError(`${where}.sheet: expected the answer sheet's layout { marks: [4 points], qr, radius, pages: [ { rows } ] }`);
  return { sheet: s as SheetLayout };
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
    return { id: vo.id, seed: String(vo.seed ?? ''), token: vo.token, problems: vo.problems.map((p, j) => examProblemFromJson(p, `${where}.problems[${j}]`)), ...readWork(vo.work, where), ...readSheet(vo.sheet, where) };
  });
  const policy = { ...DEFAULT_POLICY, ...((obj.policy as Partial<GradingPolicy>) ?? {}) };
  return {
    bank: String(obj.bank ?? ''),
    seed: String(obj.seed ?? ''),
    ...(typeof obj.title === 'string' ? { title: obj.title } : {}),
    ...(typeof obj.course === 'string' ? { course: obj.course } : {}),
    policy,
    ...(obj.attempts ? { attempts: obj.attempts as Manifest['attempts'] } : {}),
    ...(obj.meta ? { meta: obj.meta as Record<string, unknown> } : {}),
    versions,
  };
}

export function findVersion(m: Manifest, id: string): ManifestVersion {
  const v = m.versions.find((x) => x.id === id);
  if (!v) throw new UsageError(`no version ${JSON.stringify(id)} in the manifest (versions: ${m.versions.map((x) => x.id).slice(0, 10).join(', ')}${m.versions.length > 10 ? ', …' : ''})`);
  return v;
}
