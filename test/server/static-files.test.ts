/**
 * The site's static files: each with its type and a cache lifetime (they hold
 * no grade and no key, so browsers may keep them), sent byte for byte from
 * templates/web; everything else is no-store. Also the bare 404 for an
 * unknown path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverModuleLoad } from '../support/fixture.js';
import { useTestServer } from './fixture.js';

coverModuleLoad(() => import('../../server/app.js'));

const server = useTestServer();
const get = (path: string) => fetch(`${server().url}${path}`);
const web = (file: string) => readFileSync(join('templates', 'web', file));

describe('static files', () => {
  it.each([
    ['/static/exam.js', 'exam.js', 'text/javascript; charset=utf-8'],
    ['/static/site.css', 'site.css', 'text/css; charset=utf-8'],
    ['/static/dashboard.css', 'dashboard.css', 'text/css; charset=utf-8'],
    ['/static/dashboard.js', 'dashboard.js', 'text/javascript; charset=utf-8'],
  ])('%s is templates/web/%s, typed %s, cached for an hour', async (path, file, type) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(type);
    expect(r.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(Buffer.from(await r.arrayBuffer()).equals(web(file))).toBe(true);
  });

  it('the report stylesheet is scoped to the report and cached for an hour', async () => {
    const r = await get('/static/report.css');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('public, max-age=3600');
    const css = await r.text();
    // Every rule is nested in .report, so the report's page styles (body, headings, :root) cannot restyle the dashboard around it.
    expect(css.startsWith("/* The batch report's rules (src/batch/report-style.ts), scoped to the analysis page. */\n.report {\n")).toBe(true);
    expect(css.endsWith('\n}\n')).toBe(true);
    const lines = css.split('\n').map((l) => l.trim());
    expect(lines.filter((l) => /^(\*|body|main|h1|h2|@media)\b|^\* /.test(l))).toEqual([]);
    expect(css).not.toContain(':root {');
    expect(lines.length).toBeGreaterThan(10);
  });

  it('the math font is a TrueType file cached for a day', async () => {
    const r = await get('/static/math.ttf');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('font/ttf');
    expect(r.headers.get('cache-control')).toBe('public, max-age=86400');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.readUInt32BE(0)).toBe(0x00010000); // the sfnt version of a TrueType font
  });

  it('the favicon is an empty 204; an unknown path a bare JSON 404; pages that may show grades are no-store', async () => {
    const icon = await get('/favicon.ico');
    expect(icon.status).toBe(204);
    expect(await icon.text()).toBe('');
    const missing = await get('/static/nothing.css');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
    expect(missing.headers.get('cache-control')).toBe('no-store');
    const health = await get('/api/health');
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(health.headers.get('etag')).toBeNull();
  });
});
