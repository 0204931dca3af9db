/** Inline CSS of the batch report (report.ts): system fonts only, prints on A4. */
export const REPORT_CSS = `
:root { --ink: #1d2430; --muted: #6b7280; --line: #e3e6ea; --accent: #2f6fb3; --good: #1d7a46; --weak: #a66300; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.card { flex: 1 1 140px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.card .value { font-size: 22px; font-weight: 600; white-space: nowrap; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.histogram { max-width: 100%; height: auto; }
.histogram .bar { fill: var(--accent); }
.histogram .grid { stroke: var(--line); }
.histogram .axis { stroke: var(--ink); }
.histogram .tick, .histogram .axis-label { font-size: 11px; fill: var(--muted); }
.histogram .count { font-size: 11px; fill: var(--ink); }
.histogram .mean { stroke: var(--bad); stroke-dasharray: 4 3; }
.histogram .mean-label { font-size: 11px; fill: var(--bad); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
th { font-weight: 600; font-size: 12px; color: var(--muted); }
td.num { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; }
td.good, span.good { color: var(--good); font-weight: 600; }
td.weak, span.weak { color: var(--weak); font-weight: 600; }
td.bad, span.bad { color: var(--bad); font-weight: 600; }
tr.flagged td { background: #fff1f0; }
.cbar { vertical-align: middle; }
.vdots { vertical-align: middle; }
.vdots .track { stroke: var(--line); }
.vdots .dot { fill: var(--accent); fill-opacity: .7; }
.vdots .odd { fill: var(--bad); }
.cbar .track { fill: #eef0f3; }
.cbar .easy { fill: var(--good); }
.cbar .mid { fill: var(--accent); }
.cbar .hard { fill: var(--bad); }
.callout { border-left: 4px solid var(--bad); background: #fff6f5; padding: 8px 14px; margin: 8px 0; }
.callout.warn { border-color: var(--weak); background: #fffaf0; }
.ok { color: var(--good); }
.legend { color: var(--muted); font-size: 12px; }
.columns { columns: 2; }
table.errors td:nth-child(4) { word-break: break-word; }
@media print { body { background: #fff; } main { padding: 0; } }
`;
