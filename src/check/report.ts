/**
 * The check report: one self-contained HTML page (inline CSS and SVG, no
 * scripts), styled like the grading report — a verdict, a table of items,
 * every named problem, and per item the hand work over its variants and per
 * planned version, the spread of the answers and how each named mistake
 * compares with the key. Every text from the bank is escaped.
 */
import { REPORT_CSS } from '../batch/report-style.js';
import { creditBar } from '../batch/svg.js';
import { escapeHtml as esc } from '../render/html.js';
import type { CheckReport } from './run.js';
import type { ItemReport } from './summary.js';
import { MAGNITUDE_BINS } from './variants.js';
import { versionWorkSvg, workHistogramSvg } from './plots.js';

const CHECK_CSS = `
.plot { max-width: 100%; height: auto; }
.plot .bar { fill: var(--accent); }
.plot .band { fill: #e8f3ec; }
.plot .grid { stroke: var(--line); }
.plot .axis { stroke: var(--ink); }
.plot .median { stroke: var(--good); stroke-dasharray: 4 3; }
.plot .tick, .plot .axis-label { font-size: 10px; fill: var(--muted); }
.plot .dot { fill: var(--accent); }
.plot .dot.out { fill: var(--bad); }
.plots { display: flex; flex-wrap: wrap; gap: 12px; }
.verdict.ok { color: var(--good); }
.verdict.fail { color: var(--bad); }
tr.failed td { background: #fff1f0; }
details { margin: 6px 0 18px; }
summary { cursor: pointer; font-weight: 600; }
`;

const pct = (x: number): string => `${Math.round(100 * x)} %`;

function distinctCell(i: ItemReport): string {
  const d = i.distinct;
  return d.expected === null ? `${d.count} of ${i.variants}` : `${d.count} <span class="muted">(chance: ~${d.expected} of ${d.possible})</span>`;
}

function summaryTable(items: readonly ItemReport[]): string {
  const rows = items.map((i) => {
    const w = i.work;
    const band = w.band ? `${pct(w.band.inBandShare)} in ${w.band.low}–${w.band.high}` : '<span class="muted">—</span>';
    const failures = i.failures.generation + i.failures.rule + i.failures.key;
    return `<tr${i.ok ? '' : ' class="failed"'}><td>${esc(i.id)}</td><td>${esc(i.family)}${i.kind === 'family' ? '' : ` <span class="muted">(${i.kind})</span>`}</td><td class="num">${i.variants}</td><td class="num">${failures}</td><td class="num">${distinctCell(i)}</td><td class="num">${w.median} <span class="muted">[${w.min}–${w.max}]</span></td><td class="num">${band}</td><td class="${i.ok ? 'good' : 'bad'}">${i.ok ? 'ok' : `${i.problems.length} problem${i.problems.length === 1 ? '' : 's'}`}</td></tr>`;
  });
  return `<table class="items"><thead><tr><th>item</th><th>family</th><th>variants</th><th>failures</th><th>distinct</th><th>hand work: median [min–max]</th><th>fairness band</th><th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function problemsSection(items: readonly ItemReport[]): string {
  const failing = items.filter((i) => !i.ok);
  const warned = items.filter((i) => i.warnings.length > 0);
  const list = (xs: readonly ItemReport[], pick: (i: ItemReport) => string[]) =>
    xs
      .map(
        (i) =>
          `<li><strong>${esc(i.id)}</strong><ul>${pick(i)
            .map((p) => `<li>${esc(p)}</li>`)
            .join('')}</ul></li>`,
      )
      .join('');
  const problems = failing.length
    ? `<div class="callout"><p><strong>${failing.length} item${failing.length === 1 ? '' : 's'} fail.</strong></p><ul>${list(failing, (i) => i.problems)}</ul></div>`
    : '<p class="ok">No item fails.</p>';
  const warnings = warned.length ? `<div class="callout warn"><p><strong>Worth a look</strong> (not failures):</p><ul>${list(warned, (i) => i.warnings)}</ul></div>` : '';
  return problems + warnings;
}

function labelsTable(i: ItemReport): string {
  if (i.labels.length === 0) return '';
  const rows = i.labels.map(
    (l) =>
      `<tr><td>${esc(l.field)}</td><td class="num">${l.n}</td><td>${l.shares.map((s, k) => `<span title="${esc(l.choices[k] ?? '')}">${k}: ${pct(s)}</span>`).join(' · ')}</td><td class="num">${pct(l.longestShare)}</td></tr>`,
  );
  return `<table class="items"><thead><tr><th>answer</th><th>variants</th><th>share of the key at each index</th><th>key is the longest choice</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function numbersTable(i: ItemReport): string {
  if (i.numbers.length === 0) return '';
  const rows = i.numbers.map((n) => {
    const share = (c: number) => (n.n ? pct(c / n.n) : '—');
    return `<tr><td>${esc(n.quantity)}</td><td class="num">${n.n}</td><td class="num">${share(n.negative)}</td><td class="num">${share(n.zero)}</td><td class="num">${share(n.positive)}</td>${n.magnitude.map((m) => `<td class="num">${share(m)}</td>`).join('')}</tr>`;
  });
  return `<table class="items"><thead><tr><th>quantity</th><th>numbers</th><th>negative</th><th>zero</th><th>positive</th>${MAGNITUDE_BINS.map((b) => `<th>|x| ${esc(b)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function mistakesTable(i: ItemReport): string {
  if (i.mistakes.length === 0) return '<p class="muted">No named mistake applies to this item.</p>';
  const rows = i.mistakes.map((m) => {
    const apart = m.fields ? 1 - (m.equal + m.close) / m.fields : null;
    return `<tr${m.hidden ? ' class="failed"' : ''}><td>${esc(m.id.replace(/-/g, ' '))}</td><td class="num">${m.variants}</td><td class="num">${m.fields}</td><td class="num">${m.equal}</td><td class="num">${m.close}</td><td>${creditBar(apart)}</td><td class="num">${m.hidden}</td></tr>`;
  });
  return `<table class="items"><thead><tr><th>mistake</th><th>variants where it applies</th><th>answers it changes</th><th>equal to the key</th><th>within tolerance</th><th>told apart</th><th>variants where it is invisible</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function itemSection(i: ItemReport): string {
  const w = i.work;
  const parts = `${w.parts.multiplications} multiplications, ${w.parts.additions} additions, ${w.parts.activations} activations, ${w.parts.fractions} fractions to reduce`;
  const plots = w.max > 0 && i.kind !== 'fixed' ? `<div class="plots">${workHistogramSvg(w, i.id)}${i.versions ? versionWorkSvg(i.versions, w, i.id) : ''}</div>` : '';
  return `<details${i.ok && w.max === 0 ? '' : ' open'}><summary>${esc(i.id)} <span class="muted">(${esc(i.family)}, ${i.variants} variant${i.variants === 1 ? '' : 's'})</span> <span class="${i.ok ? 'good' : 'bad'}">${i.ok ? 'ok' : 'fails'}</span></summary>
<p>Hand work per variant: median <strong>${w.median}</strong>, 10–90 % ${w.p10}–${w.p90}, range ${w.min}–${w.max}; on average ${parts}.${w.band ? ` Fairness band ±${Math.round(100 * w.band.band)} %: ${w.band.low}–${w.band.high} (${pct(w.band.inBandShare)} of raw variants inside; the build redraws the rest).` : ''}</p>
${plots}${labelsTable(i)}${numbersTable(i)}<h3>Mistake separation</h3>${mistakesTable(i)}</details>`;
}

/**
 * The check report page.
 * @example renderCheckReport(report).includes('<svg') // true when any item has hand work
 */
export function renderCheckReport(report: CheckReport, generatedAt: Date = new Date()): string {
  const when = generatedAt.toISOString().slice(0, 16).replace('T', ' ');
  const failing = report.items.filter((i) => !i.ok).length;
  const card = (label: string, value: string, cls = ''): string => `<div class="card"><div class="value ${cls}">${value}</div><div class="label">${label}</div></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.bank)} — check report</title><style>${REPORT_CSS}${CHECK_CSS}</style></head>
<body><main>
<header><h1>${esc(report.bank)}: check report</h1><p class="muted">${esc(report.file)} · ${report.variants} variants per item · seed ${esc(report.seed)} · ${report.seconds} s on ${report.threads} thread${report.threads === 1 ? '' : 's'} (${report.cpuSeconds} s CPU) · ${when} UTC</p></header>
<section class="cards">${card('verdict', report.ok ? 'passes' : 'fails', `verdict ${report.ok ? 'ok' : 'fail'}`)}${card('items', String(report.items.length))}${card('items failing', String(failing))}${card('variants drawn', String(report.items.reduce((a, i) => a + i.variants, 0)))}</section>
<section><h2>Problems</h2>${problemsSection(report.items)}</section>
<section><h2>Items</h2>${summaryTable(report.items)}
<p class="legend"><strong>Hand work</strong> counts the operations a student does by hand, read from the worked steps: multiplications and additions not by 0 or ±1, activations (σ, tanh, exp) and fractions to reduce. The <strong>fairness band</strong> is where the build keeps every version's work (±band around the item's median); variants outside it are redrawn.${report.versionsError ? ` Versions could not be planned: ${esc(report.versionsError)}` : ''}</p></section>
<section><h2>Each item</h2>${report.items.map(itemSection).join('\n')}</section>
</main></body></html>
`;
}
