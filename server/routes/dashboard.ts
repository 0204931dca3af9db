/**
 * The instructor's dashboard in the browser (server-rendered, works without
 * script) and the plain landing page at `/`:
 *
 * | route                              | what                                                   |
 * |------------------------------------|--------------------------------------------------------|
 * | `GET  /`                           | what this server is, where students and instructors go |
 * | `GET/POST /instructor/sign-in`     | the admin token, typed once → a session cookie         |
 * | `POST /instructor/sign-out`        | ends the session                                       |
 * | `GET  /instructor`                 | overview: versions and students, live                  |
 * | `GET  /instructor/gradebook`       | sortable gradebook; `gradebook.csv` downloads it       |
 * | `GET  /instructor/analysis`        | the grading report's plots over the stored submissions |
 * | `GET/POST /instructor/release`     | release or hide answers, with a confirmation           |
 * | `GET/POST /instructor/paper`       | grade pasted answer sheets into the gradebook          |
 * | `GET  /instructor/students`        | roster builds: every student, status, attempts, score, time left |
 * | `POST /instructor/students/:id/…`  | `revoke`, `reissue` (shows the new link once), `extend` (minutes) |
 *
 * Without a session every /instructor page answers 303 → sign-in; every POST
 * needs the session's CSRF token (403 otherwise); nothing is cached.
 */
import express, { type Request, type Response, type Router } from 'express';
import { describeError } from '../errors.js';
import { CSV_UPLOAD_LIMIT, NO_STORE } from '../security.js';
import type { Site } from '../site.js';
import { gradebookCsv, readVersionList, releasedList, setReleasedVersions } from './instructor.js';
import { importPaperSheets } from '../dashboard/paper.js';
import { studentExamPdf } from '../dashboard/print.js';
import { isTimed, MAX_EXTRA_MINUTES, studentRows } from '../dashboard/students.js';
import { reissueStudent, revokeStudent } from '../roster.js';
import { importPaper } from '../roster-gradebook.js';
import { versionUrl } from '../../src/plan/plan.js';
import { HttpError } from '../errors.js';
import { renderDashboard, type PageContext } from '../dashboard/render.js';
import { itemAnalysis, LIVE_SECONDS, overview, sortedGradebook } from '../dashboard/views.js';
import {
  clearCookie,
  createSessionStore,
  csrfMatches,
  DASHBOARD_PATH,
  randomToken,
  readCookie,
  requireSession,
  sameToken,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  setCookie,
  SIGN_IN_COOKIE,
  SIGN_IN_PATH,
  type SessionStore,
} from '../dashboard/session.js';

/** The sign-in form's token lives this long: long enough to find the admin token, short enough to go stale. */
const SIGN_IN_FORM_SECONDS = 15 * 60;

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8').send(html);
}

/** A form value as one string ('' when absent or repeated). */
function formString(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : '';
}

/** A form value that may repeat (checkboxes) as a list of strings. */
function formList(body: unknown, name: string): string[] {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const STUDENT_NOTICES: Record<string, (id: string) => string> = {
  revoked: (id) => `${id}: link revoked. It answers "not found" until you re-issue one.`,
  extended: (id) => `${id}: extra time added.`,
};

const RELEASE_NOTICES: Record<string, string> = {
  release: 'Answers released: students of those versions now see the expected answers.',
  hide: 'Answers hidden: students of those versions no longer see the expected answers.',
};

/** The build's base URL for students' links, as the JSON routes use it; a build without one gets this server's own address. */
function linkBase(site: Site, req: Request): string {
  const base = site.manifest.meta?.baseUrl;
  return typeof base === 'string' && base ? base : `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
}

export function dashboardRoutes(site: Site, adminToken: string, sessions: SessionStore = createSessionStore()): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: CSV_UPLOAD_LIMIT, parameterLimit: 1000 });
  const page = (req: Request, template: string, context: PageContext) => renderDashboard(site, template, { csrf: req.instructorSession?.csrf, ...context } as PageContext);

  router.get('/', (_req, res) => {
    sendPage(res, 200, renderDashboard(site, 'dashboard/landing.njk', { heading: 'Online exam server' }));
  });

  // ---- sign-in (no session yet: the form's CSRF token is a short-lived cookie of its own) ----
  const signInPage = (req: Request, res: Response, status: number, error?: string) => {
    const token = randomToken();
    setCookie(req, res, SIGN_IN_COOKIE, token, { path: SIGN_IN_PATH, maxAgeSeconds: SIGN_IN_FORM_SECONDS });
    res.set('Cache-Control', NO_STORE);
    sendPage(res, status, renderDashboard(site, 'dashboard/sign-in.njk', { heading: 'Instructor sign-in', signInCsrf: token, ...(error ? { error } : {}) }));
  };
  router.get(SIGN_IN_PATH, (req, res) => {
    const id = readCookie(req, SESSION_COOKIE);
    if (id && sessions.get(id)) return res.redirect(303, DASHBOARD_PATH);
    signInPage(req, res, 200);
  });
  router.post(SIGN_IN_PATH, express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }), (req, res) => {
    const expected = readCookie(req, SIGN_IN_COOKIE);
    if (!expected || !csrfMatches(req.body, expected)) return signInPage(req, res, 403, 'This sign-in form has expired or did not come from this site. Type the token again.');
    const typed = formString(req.body, 'token').trim();
    if (!typed || typed.length > 512 || !sameToken(typed, adminToken)) return signInPage(req, res, 401, 'That is not the admin token.');
    const session = sessions.create();
    clearCookie(req, res, SIGN_IN_COOKIE, SIGN_IN_PATH);
    setCookie(req, res, SESSION_COOKIE, session.id, { path: DASHBOARD_PATH, maxAgeSeconds: SESSION_IDLE_MS / 1000 });
    res.redirect(303, DASHBOARD_PATH);
  });

  // ---- everything else under /instructor: a session, and on POST its CSRF token ----
  router.use(DASHBOARD_PATH, requireSession(sessions));
  router.post(`${DASHBOARD_PATH}/*rest`, form, (req, res, next) => {
    if (csrfMatches(req.body, req.instructorSession!.csrf)) return next();
    sendPage(
      res,
      403,
      page(req, 'dashboard/message.njk', {
        heading: 'Form refused',
        error: 'This form did not carry this session’s security token (it may come from another site, or from before you signed in again). Nothing was changed.',
      }),
    );
  });

  router.post(`${DASHBOARD_PATH}/sign-out`, (req, res) => {
    sessions.destroy(req.instructorSession!.id);
    clearCookie(req, res, SESSION_COOKIE, DASHBOARD_PATH);
    res.redirect(303, '/');
  });

  router.get(DASHBOARD_PATH, async (req, res) => {
    const data = await overview(site);
    sendPage(res, 200, page(req, 'dashboard/overview.njk', { heading: 'Overview', current: '', live: { seconds: LIVE_SECONDS }, now: new Date().toISOString().slice(11, 19), ...data }));
  });

  router.get(`${DASHBOARD_PATH}/gradebook`, async (req, res) => {
    const order = req.query.order === 'descending' ? 'descending' : 'ascending';
    const sortBy = typeof req.query.sort === 'string' ? req.query.sort.slice(0, 100) : 'version';
    const data = await sortedGradebook(site, sortBy, order);
    sendPage(res, 200, page(req, 'dashboard/gradebook.njk', { heading: 'Gradebook', current: '/gradebook', counts: `${site.attempts.counts} attempt`, ...data }));
  });
  router.get(`${DASHBOARD_PATH}/gradebook.csv`, async (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .attachment('gradebook.csv')
      .send(await gradebookCsv(site));
  });

  router.get(`${DASHBOARD_PATH}/analysis`, async (req, res) => {
    const data = await itemAnalysis(site);
    sendPage(res, 200, page(req, 'dashboard/analysis.njk', { heading: 'Item analysis', current: '/analysis', reportCss: true, counts: `${site.attempts.counts} attempt`, ...data }));
  });

  const releasePage = async (req: Request, res: Response, status: number, extra: Partial<PageContext> = {}) => {
    const released = new Set(await releasedList(site));
    const versions = site.manifest.versions.map((v) => ({ id: v.id, released: released.has(v.id) }));
    const notice = typeof req.query.changed === 'string' ? RELEASE_NOTICES[req.query.changed] : undefined;
    sendPage(res, status, page(req, 'dashboard/release.njk', { heading: 'Release answers', current: '/release', versions, ...(notice ? { notice } : {}), ...extra }));
  };
  router.get(`${DASHBOARD_PATH}/release`, (req, res) => releasePage(req, res, 200));
  router.post(`${DASHBOARD_PATH}/release`, async (req, res) => {
    const action = formString(req.body, 'action');
    if (action !== 'release' && action !== 'hide') return releasePage(req, res, 400, { error: 'Choose Release or Hide.' });
    if (formString(req.body, 'confirm') !== 'yes') return releasePage(req, res, 400, { error: 'Tick the confirmation box: this changes what students see.' });
    const all = formString(req.body, 'all') === '1';
    const chosen = formList(req.body, 'versions');
    if (!all && chosen.length === 0) return releasePage(req, res, 400, { error: 'Choose at least one version, or All versions.' });
    let ids: string[];
    try {
      ids = readVersionList(all ? { all: true } : { versions: chosen }, site);
    } catch (e) {
      return releasePage(req, res, describeError(e).status, { error: describeError(e).message });
    }
    await setReleasedVersions(site, ids, action === 'release');
    res.redirect(303, `${DASHBOARD_PATH}/release?changed=${action}`);
  });

  router.get(`${DASHBOARD_PATH}/paper`, (req, res) => {
    sendPage(res, 200, page(req, 'dashboard/paper.njk', { heading: 'Paper results', current: '/paper' }));
  });
  router.post(`${DASHBOARD_PATH}/paper`, async (req, res) => {
    const csv = formString(req.body, 'csv');
    const context = { heading: 'Paper results', current: '/paper' };
    if (!csv.trim()) return sendPage(res, 400, page(req, 'dashboard/paper.njk', { ...context, error: 'Paste the answer sheets first.' }));
    try {
      // A roster build files paper results under the roster student (server/roster-gradebook.ts); an anonymous one by the sheet's id.
      const outcome = site.roster ? await importPaper(site.roster, csv) : await importPaperSheets(site, csv);
      sendPage(
        res,
        200,
        page(req, 'dashboard/paper.njk', {
          ...context,
          outcome,
          ...(outcome.imported ? { notice: `${outcome.imported} paper result${outcome.imported === 1 ? '' : 's'} added to the gradebook.` } : {}),
        }),
      );
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500) throw e;
      sendPage(res, status, page(req, 'dashboard/paper.njk', { ...context, csv, error: message }));
    }
  });

  // ---- roster builds: students, tokens, extra time ----
  const roster = site.roster;
  if (roster) {
    const studentsPage = async (req: Request, res: Response, status: number, extra: Partial<PageContext> = {}) => {
      const students = await studentRows(roster);
      sendPage(res, status, page(req, 'dashboard/students.njk', { heading: 'Students and links', current: '/students', students, timed: isTimed(roster), maxExtra: MAX_EXTRA_MINUTES, ...extra }));
    };
    const known = (req: Request<{ id: string }>): string => {
      const id = req.params.id;
      if (!roster.students.has(id)) throw new HttpError(404, `no student ${JSON.stringify(id.slice(0, 64))} in the roster`);
      return id;
    };
    router.get(`${DASHBOARD_PATH}/students`, async (req, res) => {
      const notice = typeof req.query.done === 'string' ? STUDENT_NOTICES[req.query.done] : undefined;
      const who = typeof req.query.student === 'string' && roster.students.has(req.query.student) ? req.query.student : '';
      await studentsPage(req, res, 200, notice && who ? { notice: notice(who) } : {});
    });
    router.post(`${DASHBOARD_PATH}/students/:id/revoke`, async (req, res) => {
      const id = known(req);
      await revokeStudent(roster, id);
      res.redirect(303, `${DASHBOARD_PATH}/students?done=revoked&student=${encodeURIComponent(id)}`);
    });
    router.post(`${DASHBOARD_PATH}/students/:id/reissue`, async (req, res) => {
      const id = known(req);
      const { token } = await reissueStudent(roster, id);
      // The new link is shown once, on this reply (never put in a redirect's URL).
      await studentsPage(req, res, 200, { newLink: { student: id, url: versionUrl(linkBase(site, req), token) } });
    });
    router.get(`${DASHBOARD_PATH}/students/:id/exam.pdf`, async (req, res) => {
      const id = known(req);
      try {
        const pdf = await studentExamPdf(roster, id, linkBase(site, req));
        res
          .type('application/pdf')
          .attachment(`exam-${roster.students.get(id)!.version.id}-${id}.pdf`)
          .send(pdf);
      } catch (e) {
        const { status, message } = describeError(e);
        if (status >= 500) throw e;
        await studentsPage(req, res, status, { error: message });
      }
    });
    router.post(`${DASHBOARD_PATH}/students/:id/extend`, async (req, res) => {
      const id = known(req);
      const minutes = Number(formString(req.body, 'minutes'));
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXTRA_MINUTES)
        return studentsPage(req, res, 400, { error: `Extra time for ${id}: a whole number of minutes from 1 to ${MAX_EXTRA_MINUTES}.` });
      const state = await roster.store.studentState(id);
      await roster.store.updateStudent(id, { extraSeconds: state.extraSeconds + minutes * 60 });
      res.redirect(303, `${DASHBOARD_PATH}/students?done=extended&student=${encodeURIComponent(id)}`);
    });
  }

  // An unknown instructor address, signed in: an HTML 404 in the dashboard's frame.
  router.use(DASHBOARD_PATH, (req, res) => {
    sendPage(res, 404, page(req, 'dashboard/message.njk', { heading: 'Not found', error: 'There is no instructor page at this address.' }));
  });
  return router;
}
