/**
 * The batch report: one self-contained HTML page (inline CSS and SVG, no
 * scripts, fonts or links to load) an instructor would rather look at than
 * read — the score histogram, per-question and per-field difficulty and
 * discrimination, the most frequent named mistake per field, how often
 * error-carried-forward saved credit, fields nobody got right, and the rows
 * that were skipped. Every piece of text from the file or the manifest is escaped.
 */
import { MISTAKE_IDS } from '../families/contract.js';
import type { Manifest } from '../manifest.js';
import type { BatchOutcome } from './grade-sheets.js';
import { type ItemStats, correlation, difficulty, percentile, topMistake } from './stats.js';
import { REPORT_CSS } from './report-style.js';
import { creditBar, histogramSvg, tenPercentBins } from './svg.js';
import { escapeHtml as esc } from '../render/html.js';
import { type VersionComparison, VERSION_DIFFERENCE_ALPHA, versionComparisons } from './versions.js';

export type ReportInput = Pick<BatchOutcome, 'stats' | 'errors' | 'graded'>;

/** Discrimination below this is weak; below 0 the item works against the exam. */
export const WEAK_DISCRIMINATION = 0.2;
const ERRORS_LISTED = 50;

const pct = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—');
const fixed = (x: number | null, digits = 2): string => (x === null ? '—' : x.toFixed(digits));

function discriminationCell(r: number | null): string {
  if (r === null) return '<td class="num muted" title="no variation: everyone earned the same credit">—</td>';
  const tone = r < 0 ? 'bad' : r < WEAK_DISCRIMINATION ? 'weak' : 'good';
  return `<td class="num ${tone}">${r.toFixed(2)}</td>`;
}

/** What each question is (bank item or family), read from the first version that has it. */
function questionLabels(manifest: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of manifest.versions) for (const p of v.problems) if (!out.has(p.id)) out.set(p.id, p.item ?? p.family);
  return out;
}

function mistakeName(id: string): string {
  return (MISTAKE_IDS as readonly string[]).includes(id) ? id.replace(/-/g, ' ') : id;
}

function questionTable(questions: readonly ItemStats[], labels: ReadonlyMap<string, string>): string {
  const rows = questions
    .filter((q) => q.n > 0)
    .map((q) => `<tr><td>${esc(q.key)}</td><td>${esc(labels.get(q.key) ?? '')}</td><td class="num">${q.n}</td><td>${creditBar(difficulty(q))}</td>${discriminationCell(correlation(q))}</tr>`);
  return `<table class="items"><thead><tr><th>question</th><th>item</th><th>sheets</th><th>difficulty (mean credit)</th><th>discrimination</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function fieldTable(fields: readonly ItemStats[]): string {
  const rows = fields
    .filter((f) => f.n > 0)
    .map((f) => {
      const top = topMistake(f);
      const mistake = top ? `${esc(mistakeName(top.id))} <span class="muted">(${top.count}, ${pct(top.count, f.n)})</span>` : '<span class="muted">—</span>';
      const flag = f.correct === 0 ? ' class="flagged"' : '';
      return `<tr${flag}><td>${esc(f.key)}</td><td class="num">${f.n}</td><td>${creditBar(difficulty(f))}</td>${discriminationCell(correlation(f))}<td class="num">${pct(f.correct, f.n)}</td><td class="num">${pct(f.carried, f.n)}</td><td class="num">${pct(f.incorrect, f.n)}</td><td class="num">${pct(f.blank, f.n)}</td><td class="num">${pct(f.unreadable, f.n)}</td><td>${mistake}</td></tr>`;
    });
  return `<table class="items"><thead><tr><th>field</th><th>answers</th><th>difficulty (mean credit)</th><th>discrimination</th><th>correct</th><th>carried</th><th>incorrect</th><th>blank</th><th>unreadable</th><th>most frequent named mistake</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * How often each named mistake was made, per question (its bank item) and
 * overall: counts of answers, summed over the question's fields. With choice
 * mode every marked distractor is a mistake, so this is the class's diagnosis.
 */
export function mistakeTable(fields: readonly ItemStats[], labels: ReadonlyMap<string, string>): string {
  const byQuestion = new Map<string, Record<string, number>>();
  const overall: Record<string, number> = {};
  for (const f of fields) {
    const question = f.key.split('.')[0] as string;
    const counts = byQuestion.get(question) ?? {};
    for (const [id, n] of Object.entries(f.mistakes)) {
      counts[id] = (counts[id] ?? 0) + n;
      overall[id] = (overall[id] ?? 0) + n;
    }
    byQuestion.set(question, counts);
  }
  const ids = Object.keys(overall).sort((a, b) => (overall[b] as number) - (overall[a] as number));
  if (ids.length === 0) return '<p class="muted">No answer matched a named mistake.</p>';
  const cells = (counts: Record<string, number>): string => ids.map((id) => `<td class="num">${counts[id] ?? 0}</td>`).join('');
  const rows = [...byQuestion].filter(([, c]) => Object.keys(c).length > 0).map(([q, c]) => `<tr><td>${esc(q)}</td><td>${esc(labels.get(q) ?? '')}</td>${cells(c)}</tr>`);
  return `<table class="items"><thead><tr><th>question</th><th>item</th>${ids.map((id) => `<th>${esc(mistakeName(id))}</th>`).join('')}</tr></thead><tbody>${rows.join('')}<tr><th colspan="2">overall</th>${cells(overall)}</tr></tbody></table>`;
}

function nobodyRight(fields: readonly ItemStats[]): string {
  const list = fields.filter((f) => f.n > 0 && f.correct === 0);
  if (list.length === 0) return '<p class="ok">Every field was answered correctly by at least one student.</p>';
  const items = list.map((f) => {
    const top = topMistake(f);
    return `<li><strong>${esc(f.key)}</strong>: 0 of ${f.n} correct${f.carried ? `, ${f.carried} carried` : ''}${top ? `; most often ${esc(mistakeName(top.id))} (${top.count})` : ''}</li>`;
  });
  return `<div class="callout"><p><strong>${list.length} field${list.length === 1 ? '' : 's'} nobody got right.</strong> When a whole class misses a field, check the key and the wording of the question before the students.</p><ul>${items.join('')}</ul></div>`;
}

/** One dot per version at its mean credit (0–1), the flagged version's in red. */
function versionDots(c: VersionComparison): string {
  const w = 160;
  const dots = c.versions
    .map(
      (v) => `<circle cx="${(4 + v.mean * (w - 8)).toFixed(1)}" cy="7" r="3.5" class="${v.id === c.outlier ? 'odd' : 'dot'}"><title>${esc(v.id)}: mean ${v.mean.toFixed(2)} (${v.n})</title></circle>`,
    )
    .join('');
  return `<svg width="${w}" height="14" class="vdots" aria-hidden="true"><line x1="4" x2="${w - 4}" y1="7" y2="7" class="track"/>${dots}</svg>`;
}

function versionsSection(comparisons: readonly VersionComparison[], labels: ReadonlyMap<string, string>): string {
  const rows = comparisons
    .filter((c) => c.versions.length > 1)
    .map((c) => {
      const lo = c.versions.reduce((a, b) => (b.mean < a.mean ? b : a));
      const hi = c.versions.reduce((a, b) => (b.mean > a.mean ? b : a));
      const p = c.pValue === null ? '<span class="muted">—</span>' : c.pValue < 0.001 ? '&lt; 0.001' : c.pValue.toFixed(3);
      const flag = c.flagged ? `<td class="bad">${esc(c.outlier ?? '')} differs</td>` : '<td class="muted">—</td>';
      return `<tr${c.flagged ? ' class="flagged"' : ''}><td>${esc(c.question)}</td><td>${esc(labels.get(c.question) ?? '')}</td><td class="num">${c.versions.length}</td><td>${versionDots(c)}</td><td class="num">${lo.mean.toFixed(2)} <span class="muted">${esc(lo.id)}</span> – ${hi.mean.toFixed(2)} <span class="muted">${esc(hi.id)}</span></td><td class="num">${p}</td>${flag}</tr>`;
    });
  if (rows.length === 0) return '<p class="muted">Every sheet is of one version: nothing to compare.</p>';
  return `<table class="items"><thead><tr><th>question</th><th>item</th><th>versions</th><th>mean credit per version (0–1)</th><th>lowest – highest mean</th><th>p (Kruskal–Wallis)</th><th>flag</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="legend">Each dot is one version's mean credit on the question. A question is flagged when the versions' credits differ more than chance explains (Kruskal–Wallis, p &lt; ${VERSION_DIFFERENCE_ALPHA}, versions with at least 5 sheets); the flagged version is the one furthest from the others. Balanced versions (<code>rnnquiz check</code>, the bank's fairness band) should leave none flagged.</p>`;
}

function carriedSection(input: ReportInput): string {
  const { stats } = input;
  const byField = stats.fields.filter((f) => f.carried > 0).sort((a, b) => b.carried - a.carried);
  const top = byField.slice(0, 8).map((f) => `<li>${esc(f.key)}: ${f.carried} answer${f.carried === 1 ? '' : 's'} (${fixed(f.carriedPoints, 1)} points)</li>`);
  return `<p>Error-carried-forward earned credit on <strong>${stats.sheetsSavedByCarried}</strong> of ${stats.sheets} sheets (${pct(stats.sheetsSavedByCarried, stats.sheets)}), <strong>${fixed(stats.carriedPoints, 1)}</strong> points in all: answers wrong only because an earlier answer was wrong.</p>${top.length ? `<ul class="columns">${top.join('')}</ul>` : ''}`;
}

function errorsSection(input: ReportInput): string {
  if (input.errors.length === 0) return '<p class="ok">Every row of the file was graded.</p>';
  const counts = new Map<string, number>();
  for (const e of input.errors) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `<li>${esc(k)}: ${n}</li>`).join('');
  const rows = input.errors
    .slice(0, ERRORS_LISTED)
    .map((e) => `<tr><td class="num">${e.line}</td><td>${esc(e.kind)}</td><td>${esc(e.studentId)}</td><td>${esc(e.message)}</td></tr>`)
    .join('');
  const more = input.errors.length > ERRORS_LISTED ? `<p class="muted">… and ${input.errors.length - ERRORS_LISTED} more (see the errors file).</p>` : '';
  return `<div class="callout warn"><p><strong>${input.errors.length} problem${input.errors.length === 1 ? '' : 's'} in the file</strong> (rows or answers not graded):</p><ul>${summary}</ul></div><table class="errors"><thead><tr><th>line</th><th>kind</th><th>student</th><th>what</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/**
 * The report's plots and tables without the page around them: the score cards,
 * histogram, questions, fields, versions and carried-forward sections. The
 * instructor's dashboard embeds them (its analysis page) under its own frame,
 * without the "problems in the file" card (`fileCard: false`: there is no file).
 * @example reportSections(outcome, manifest).includes('class="histogram"') // true
 */
export function reportSections(input: ReportInput, manifest: Manifest, options: { fileCard?: boolean } = {}): string {
  const { stats } = input;
  const mean = stats.sheets > 0 ? stats.percentSum / stats.sheets : null;
  const sd = stats.sheets > 1 && mean !== null ? Math.sqrt(Math.max(0, (stats.percentSquares - stats.sheets * mean * mean) / (stats.sheets - 1))) : null;
  const card = (label: string, value: string): string => `<div class="card"><div class="value">${value}</div><div class="label">${label}</div></div>`;
  return `<section class="cards">${card('sheets graded', String(input.graded))}${options.fileCard === false ? '' : card('problems in the file', String(input.errors.length))}${card('mean score', mean === null ? '—' : `${mean.toFixed(1)} %`)}${card('median', `${fixed(percentile(stats, 0.5), 1)} %`)}${card('quartiles', `${fixed(percentile(stats, 0.25), 0)}–${fixed(percentile(stats, 0.75), 0)} %`)}${card('standard deviation', sd === null ? '—' : `${sd.toFixed(1)} %`)}</section>
<section><h2>Score distribution</h2>${histogramSvg(tenPercentBins(stats.percentBins), mean)}</section>
<section><h2>Fields nobody got right</h2>${nobodyRight(stats.fields)}</section>
<section><h2>Questions</h2>${questionTable(stats.questions, questionLabels(manifest))}</section>
<section><h2>Fields</h2>${fieldTable(stats.fields)}
<p class="legend"><strong>Difficulty</strong> is the mean credit (1 = everyone right). <strong>Discrimination</strong> is the point-biserial correlation of the credit with the rest of the exam (the score without this item): <span class="good">≥ ${WEAK_DISCRIMINATION}</span> separates strong from weak students, <span class="weak">below ${WEAK_DISCRIMINATION}</span> barely, <span class="bad">negative</span> the wrong way round — check the key. Highlighted rows: nobody correct.</p></section>
<section><h2>Versions</h2>${versionsSection(versionComparisons(stats.versionCredits), questionLabels(manifest))}</section>
<section><h2>Mistakes made</h2>${mistakeTable(stats.fields, questionLabels(manifest))}</section>
<section><h2>Error carried forward</h2>${carriedSection(input)}</section>`;
}

/**
 * The report page as a string.
 * @example renderReport(outcome, manifest).includes('class="histogram"') // true
 */
export function renderReport(input: ReportInput, manifest: Manifest, options: { source?: string; generatedAt?: Date } = {}): string {
  const title = manifest.title ?? 'Exam';
  const when = (options.generatedAt ?? new Date()).toISOString().slice(0, 16).replace('T', ' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — grading report</title><style>${REPORT_CSS}</style></head>
<body><main>
<header><h1>${esc(title)}: grading report</h1><p class="muted">${manifest.course ? `${esc(manifest.course)} · ` : ''}bank ${esc(manifest.bank)} · ${manifest.versions.length} version${manifest.versions.length === 1 ? '' : 's'}${options.source ? ` · ${esc(options.source)}` : ''} · ${when} UTC</p></header>
${reportSections(input, manifest)}
<section><h2>Rows not graded</h2>${errorsSection(input)}</section>
</main></body></html>
`;
}
