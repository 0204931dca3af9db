/**
 * The dashboard's copy of the batch report's stylesheet (server/dashboard/render.ts):
 * every rule of the report kept as written, inside `.report { … }`, except the
 * page-wide ones (`*`, body, main, h1, h2, print), and `:root`'s colours moved
 * onto the report itself (`&`), so the analysis page restyles nothing around it.
 */
import { describe, expect, it } from 'vitest';
import { scopedReportCss, shortTime } from '../../server/dashboard/render.js';
import { REPORT_CSS } from '../../src/batch/report-style.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/dashboard/render.js'));

describe('scopedReportCss', () => {
  it('keeps the report’s own rules as written, drops the page-wide ones, and puts :root’s colours on the report', () => {
    const report = REPORT_CSS.split('\n');
    // Lines 2–6 of the report are `*`, body, main, h1 and h2; line 43 the print rule; 7–42 its own rules.
    expect(report.slice(2, 7).map((l) => l.split(' ')[0])).toEqual(['*', 'body', 'main', 'h1', 'h2']);
    expect(report[43]).toMatch(/^@media print/);
    const colours = report[1]!.replace(':root {', '& {');
    expect(colours).toMatch(/^& \{ --ink: #1d2430;/);
    const expected = ['', colours, ...report.slice(7, 43), ''].join('\n');
    expect(scopedReportCss()).toBe(`/* The batch report's rules (src/batch/report-style.ts), scoped to the analysis page. */\n.report {\n${expected}\n}\n`);
  });
});

describe('shortTime', () => {
  it.each([
    ['2026-12-01T21:05:04.123Z', '2026-12-01 21:05:04'],
    ['2026-01-05T09:00:00Z', '2026-01-05 09:00:00'],
    [undefined, ''],
    ['', ''],
  ])('%s → %j', (iso, shown) => {
    expect(shortTime(iso)).toBe(shown);
  });
});
