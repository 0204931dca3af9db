/**
 * Rendering the instructor's pages: nunjucks over templates/web (autoescaped,
 * the same environment options as the student page), the navigation, and the
 * report's stylesheet scoped to the analysis page.
 */
import type nunjucks from 'nunjucks';
import { createTemplateEnvironment } from '../../src/render/template-env.js';
import { REPORT_CSS } from '../../src/batch/report-style.js';
import { WEB_TEMPLATES } from '../render.js';
import type { Site } from '../site.js';

let env: nunjucks.Environment | undefined;

/** The pages of the nav, in order; `path` is under /instructor. */
export const DASHBOARD_PAGES = [
  { path: '', label: 'Overview' },
  { path: '/students', label: 'Students', roster: true },
  { path: '/gradebook', label: 'Gradebook' },
  { path: '/analysis', label: 'Item analysis' },
  { path: '/release', label: 'Release answers' },
  { path: '/paper', label: 'Paper results' },
] as const;

export interface PageContext {
  heading: string;
  /** The session's CSRF token (every form carries it); absent on the landing and sign-in pages. */
  csrf?: string;
  /** Which nav entry is current (its path under /instructor). */
  current?: string;
  notice?: string;
  error?: string;
  [more: string]: unknown;
}

/**
 * @example renderDashboard(site, 'dashboard/gradebook.njk', { heading: 'Gradebook', csrf, current: '/gradebook', rows })
 */
export function renderDashboard(site: Site, template: string, context: PageContext): string {
  env ??= createTemplateEnvironment({ target: 'html', searchPaths: [WEB_TEMPLATES] });
  const hasRoster = site.roster !== undefined;
  const nav = DASHBOARD_PAGES.filter((p) => !('roster' in p) || hasRoster).map((p) => ({ href: `/instructor${p.path}`, label: p.label, current: p.path === context.current }));
  return env.render(template, {
    title: site.manifest.title ?? site.manifest.bank ?? 'rnnquiz',
    course: site.manifest.course ?? '',
    signedIn: context.csrf !== undefined,
    nav,
    ...context,
  });
}

/**
 * The batch report's stylesheet, scoped to `.report` with CSS nesting so its
 * page-wide rules (fonts, body, main, headings) leave the dashboard's look
 * alone: the report's rules are reused, not copied.
 */
export function scopedReportCss(): string {
  const kept = REPORT_CSS.split('\n')
    .filter((line) => !/^(\*|body|main|h1|h2|@media)\b|^\* /.test(line.trim()))
    .map((line) => line.replace(/^:root \{/, '& {'));
  return `/* The batch report's rules (src/batch/report-style.ts), scoped to the analysis page. */\n.report {\n${kept.join('\n')}\n}\n`;
}

/** `2026-12-01T21:05:04.123Z` → `2026-12-01 21:05:04`; '' when absent. */
export function shortTime(iso: string | undefined): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '';
}
