/**
 * The review page: every doubtful mark with its crop, why it is doubtful,
 * the fills measured per bubble and a suggestion when there is one, plus the
 * corrections file to fill in (`source,field,answer`) that `rnnquiz scan
 * --corrections` reads back. Pure: the crops come in as data URLs.
 */
import { escapeHtml } from '../render/html.js';
import type { PendingRow, ScanNotice } from './assemble.js';

export interface ReviewItem extends PendingRow {
  crop: string;
}

/** CSV cell, quoted when needed. */
const cell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * @example renderReview([], []) // a page saying there is nothing to review
 */
export function renderReview(items: readonly ReviewItem[], notices: readonly ScanNotice[]): string {
  const rows = items.map((it) => {
    const d = it.row.decision;
    const why = d.status === 'doubtful' ? d.reason : d.status;
    const suggestion = d.status === 'doubtful' ? (d.suggestion ?? '') : '';
    const fills = d.fills.map((f) => f.toFixed(2)).join(' ');
    return `<tr><td>${escapeHtml(it.source)}</td><td>${escapeHtml(it.studentId)}</td><td>${escapeHtml(it.version)}</td><td><code>${escapeHtml(it.row.field)}</code></td><td><img alt="marks of ${escapeHtml(it.row.field)}" src="${it.crop}"></td><td>${escapeHtml(why)}<br><small>fills ${escapeHtml(fills)}</small></td><td>${escapeHtml(suggestion)}</td></tr>`;
  });
  const csv = ['source,field,answer', ...items.map((it) => [it.source, it.row.field, it.row.decision.status === 'doubtful' ? (it.row.decision.suggestion ?? '') : ''].map(cell).join(','))].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Scan review</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:middle}img{image-rendering:pixelated;height:48px}textarea{width:100%;height:12em;font-family:monospace}</style>
</head><body>
<h1>Scan review: ${items.length} doubtful mark${items.length === 1 ? '' : 's'}</h1>
${notices.length > 0 ? `<h2>Notices</h2><ul>${notices.map((n) => `<li>${escapeHtml(n.message)}</li>`).join('')}</ul>` : ''}
${
  items.length === 0
    ? '<p>Nothing to review: every mark was read clearly.</p>'
    : `<p>Decide each row, then save the text below as <code>corrections.csv</code> (answer: the letter, a label, digits of a student id, or empty for blank) and run <code>rnnquiz scan … --corrections corrections.csv</code> again.</p>
<table><thead><tr><th>page</th><th>student</th><th>version</th><th>field</th><th>marks</th><th>why</th><th>suggested</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>corrections.csv</h2><textarea>${escapeHtml(csv)}</textarea>`
}
</body></html>
`;
}
