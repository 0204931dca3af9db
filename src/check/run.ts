/**
 * `rnnquiz check`, the orchestration: splits every item's variants into
 * chunks run on worker threads (one per core; in-process under vitest or on
 * one core), joins the tallies, judges each item (summary.ts), and plans a
 * few versions the way a build does (fairness band on) to show the hand work
 * per version. Jobs carry only plain data (the bank's text and the seed), so
 * the result does not depend on which thread did what.
 */
import { availableParallelism } from 'node:os';
import { OptionError } from '../core/errors.js';
import { parseBank, type Bank } from '../bank/load.js';
import { compiledWorker, createPool } from '../exam/thread-pool.js';
import type { BankSource } from '../exam/render-version.js';
import { itemBand, planVersion, versionIds } from '../plan/plan.js';
import { type ItemReport, summarizeItem } from './summary.js';
import { type ItemPartial, analyzeVariants, emptyPartial, mergePartials, variantCount } from './variants.js';

/** Variants per job: small enough to spread an item over the cores, large enough to keep messages few. */
export const CHUNK = 125;
/** Versions per planning job. */
const VERSIONS_PER_JOB = 5;
/** Tokens of the simulated versions are never shown; a fixed secret keeps planning pure. */
const PLANNING_SECRET = 'rnnquiz-check';

export type CheckJob = { kind: 'variants'; bank: BankSource; seed: string; item: number; from: number; to: number } | { kind: 'versions'; bank: BankSource; seed: string; ids: string[] };

export type CheckJobResult = { kind: 'variants'; item: number; partial: ItemPartial } | { kind: 'versions'; versions: { id: string; work: Record<string, number> }[]; error?: string };

let cached: { text: string; file: string; bank: Bank } | undefined;

/** The bank as `check` reads it: an item that cannot be generated is a finding of the check, not a bank error. */
export function checkBank(source: BankSource): Bank {
  if (!cached || cached.text !== source.text || cached.file !== source.file) cached = { ...source, bank: parseBank(source.text, source.file, { generation: 'defer' }) };
  return cached.bank;
}

/** Runs one job (in a worker thread or in-process). */
export async function runCheckJob(job: CheckJob): Promise<CheckJobResult> {
  const bank = checkBank(job.bank);
  if (job.kind === 'variants') return { kind: 'variants', item: job.item, partial: analyzeVariants(bank, bank.items[job.item] as Bank['items'][number], job.seed, job.from, job.to) };
  try {
    return { kind: 'versions', versions: job.ids.map((id) => ({ id, work: planVersion(bank, job.seed, id, PLANNING_SECRET).work })) };
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    return { kind: 'versions', versions: [], error: e.message };
  }
}

export interface CheckOptions {
  bank: BankSource;
  /** Variants drawn per item (a fixed problem has one). */
  variants: number;
  seed: string;
  /** Versions planned with the fairness band, to show work per version (0: none). */
  versions: number;
  maxThreads?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface CheckReport {
  bank: string;
  file: string;
  seed: string;
  variants: number;
  ok: boolean;
  items: ItemReport[];
  /** Why the versions could not be planned, when they could not. */
  versionsError?: string;
  threads: number;
  seconds: number;
  /** CPU time of the whole process, all threads (the machine may be shared: wall time alone misleads). */
  cpuSeconds: number;
}

/**
 * Checks every item of a bank.
 * @example (await runCheck({ bank: { text, file }, variants: 1000, seed: '2026', versions: 30 })).ok
 */
export async function runCheck(o: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const bank = checkBank(o.bank);
  const counts = bank.items.map((item) => variantCount(item, o.variants));
  const chunk = (item: number, from: number): CheckJob => ({ kind: 'variants', bank: o.bank, seed: o.seed, item, from, to: Math.min(counts[item] as number, from + CHUNK) });
  // First every item's first chunk: an item that cannot be generated stops there (each failure costs the
  // family's whole try budget), and its other chunks are never sent.
  const first = counts.map((_, item) => chunk(item, 0));
  const ids = versionIds(o.versions);
  const pool = createPool<CheckJob, CheckJobResult>({
    workerFile: compiledWorker(new URL('./worker.js', import.meta.url), import.meta.url),
    inProcess: runCheckJob,
    jobs: first.length + Math.ceil(ids.length / VERSIONS_PER_JOB) + counts.reduce((a, n) => a + Math.ceil(n / CHUNK) - 1, 0),
    maxThreads: o.maxThreads ?? availableParallelism(),
  });
  let done = 0;
  let total = first.length;
  const runAll = (jobs: readonly CheckJob[]) =>
    Promise.all(
      jobs.map(async (job) => {
        const r = await pool.run(job);
        o.onProgress?.(++done, total);
        return r;
      }),
    );
  let results: CheckJobResult[];
  let stopped = new Set<number>();
  try {
    const firstResults = await runAll(first);
    stopped = new Set(firstResults.flatMap((r) => (r.kind === 'variants' && r.partial.stopped ? [r.item] : [])));
    const rest: CheckJob[] = [];
    counts.forEach((n, item) => {
      if (!stopped.has(item)) for (let from = CHUNK; from < n; from += CHUNK) rest.push(chunk(item, from));
    });
    // Versions can only be planned when every item can be generated.
    if (stopped.size === 0) for (let i = 0; i < ids.length; i += VERSIONS_PER_JOB) rest.push({ kind: 'versions', bank: o.bank, seed: o.seed, ids: ids.slice(i, i + VERSIONS_PER_JOB) });
    total += rest.length;
    results = [...firstResults, ...(await runAll(rest))];
  } finally {
    await pool.close();
  }

  const partials = bank.items.map(() => emptyPartial());
  const versions: { id: string; work: Record<string, number> }[] = [];
  let versionsError = stopped.size > 0 && ids.length > 0 ? `not planned: ${[...stopped].map((i) => bank.items[i]?.id).join(', ')} cannot be generated` : undefined;
  for (const r of results) {
    if (r.kind === 'variants') partials[r.item] = mergePartials(partials[r.item] as ItemPartial, r.partial);
    else {
      versions.push(...r.versions);
      versionsError ??= r.error;
    }
  }
  const items = bank.items.map((item, i) => {
    const report = summarizeItem(item, partials[i] as ItemPartial, itemBand(bank, item));
    return versions.length > 0 ? { ...report, versions: versions.map((v) => ({ id: v.id, work: v.work[item.id] ?? 0 })) } : report;
  });
  const cpu = process.cpuUsage(cpu0);
  return {
    bank: bank.name,
    file: o.bank.file,
    seed: o.seed,
    variants: o.variants,
    ok: items.every((i) => i.ok),
    items,
    ...(versionsError ? { versionsError } : {}),
    threads: pool.threads,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
  };
}
