/**
 * The grading site as an express 5 app. Order matters: request log, security
 * headers, the submissions API (rate-limited), static CSS, health, rate limit,
 * the other routes, then the 404 and error handlers.
 * The app does no I/O of its own besides the store it is given, so tests
 * build it around a temporary database and listen on port 0.
 */
import express, { type Express } from 'express';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { errorHandler, notFoundHandler, describeError } from './errors.js';
import { requestLogger, type Logger } from './logging.js';
import { noStore, securityHeaders, type RateLimitOptions } from './security.js';
import { classroomLimiter, DEFAULT_LIMITS, type ClassroomLimits } from './limits.js';
import { DRAFTS_PATH, draftHandlers, examRoutes, rateLimitedPage } from './routes/exam.js';
import { renderMessagePage, WEB_TEMPLATES } from './render.js';
import { healthRoutes, submissionHandlers, SUBMISSIONS_PATH } from './routes/api.js';
import { instructorRoutes } from './routes/instructor.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { scopedReportCss } from './dashboard/render.js';
import { rosterAdminRoutes } from './routes/roster-admin.js';
import { studentRoutes } from './routes/student.js';
import type { Site } from './site.js';

/** The OpenType MATH font Chromium needs to stretch brackets and lay out matrices (served locally: no CDN). */
const MATH_FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuMathTeXGyre.ttf');

export interface AppOptions {
  site: Site;
  adminToken: string;
  log: Logger;
  /**
   * Rate limits (server/limits.ts): per genuine token, else per address; false
   * turns them off (benchmarks, the durability test). A plain `{ limit,
   * windowMs }` sets both limits alike.
   */
  rateLimit?: Partial<ClassroomLimits> | RateLimitOptions | false;
  /** express's `trust proxy` (behind a reverse proxy: the client address comes from X-Forwarded-For). Default false. */
  trustProxy?: boolean | number | string;
}

function limitsOf(o: Partial<ClassroomLimits> | RateLimitOptions | undefined): ClassroomLimits {
  if (o && 'limit' in o) return { perToken: o.limit, perAddress: o.limit, windowMs: o.windowMs };
  return { ...DEFAULT_LIMITS, ...(o ?? {}) };
}

/**
 * @example const app = createApp({ site, adminToken, log: createLogger({ quiet: true }) }); app.listen(0, '127.0.0.1')
 */
export function createApp(options: AppOptions): Express {
  const app = express();
  // No app.disable('x-powered-by'): the security headers (helmet's, server/security.ts) remove it.
  app.set('trust proxy', options.trustProxy ?? false);
  // No ETag on replies: they are no-store (grades, keys) or static files with their own cache lifetime.
  app.set('etag', false);
  if (options.log.infoEnabled) app.use(requestLogger(options.log));
  app.use(securityHeaders());
  // One limiter instance for every limited route, so a client's count spans them all. It keys by the
  // request's token (path or JSON body), so the JSON routes parse their body before it.
  const limiter = options.rateLimit === false ? null : classroomLimiter(options.site, limitsOf(options.rateLimit), rateLimitedPage(options.site));
  const limited = limiter ? [limiter] : [];
  // The busiest routes first, rate-limited on their own paths: they skip the static routes and nested routers below.
  app.post(SUBMISSIONS_PATH, ...submissionHandlers(options.site, limited));
  app.post(DRAFTS_PATH, ...draftHandlers(options.site, limited));
  // The page's own files, typed by express from their extension (text/javascript and text/css in
  // UTF-8: static-files.test.ts pins them) and cached for an hour (they hold no grade and no key).
  for (const file of ['exam.js', 'site.css', 'dashboard.css', 'dashboard.js']) {
    app.get(`/static/${file}`, (_req, res) => {
      res.sendFile(join(WEB_TEMPLATES, file), { maxAge: '1h' });
    });
  }
  const reportCss = scopedReportCss();
  app.get('/static/report.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css; charset=utf-8').send(reportCss);
  });
  app.get('/static/math.ttf', (_req, res) => {
    res.sendFile(MATH_FONT, { maxAge: '1d' });
  });
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  // Everything below may show grades or a released key (the static files above may be cached).
  app.use(noStore);
  app.use(healthRoutes(options.site));
  if (limiter) app.use(limiter);
  app.use(examRoutes(options.site));
  app.use(studentRoutes(options.site));
  app.use(rosterAdminRoutes(options.site, options.adminToken));
  app.use(instructorRoutes(options.site, options.adminToken));
  app.use(dashboardRoutes(options.site, options.adminToken));
  app.use(notFoundHandler);
  // A browser that followed a student link gets an HTML page, never JSON or a trace.
  app.use(((err, req, res, next) => {
    if (!req.path.startsWith('/q/') || res.headersSent) return next(err);
    const { status, message } = describeError(err);
    if (status >= 500) return next(err);
    res
      .status(status)
      .type('text/html; charset=utf-8')
      .send(renderMessagePage(status === 404 ? 'Not found' : 'Cannot take this request', status === 404 ? 'There is no exam page at this address. Check the link printed on your paper.' : message));
  }) as express.ErrorRequestHandler);
  app.use(errorHandler(options.log));
  return app;
}
