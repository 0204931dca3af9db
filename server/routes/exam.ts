/**
 * A roster student's routes (SPEC §7.1): `GET /q/:token` (the page: rules,
 * saved answers), `POST /q/:token` (a plain form: `action=save` stores a
 * draft, `action=submit` asks on a confirmation page, `action=confirm`
 * grades), and `POST /api/drafts` (`{ token, answers }`, the page's autosave).
 * Every refused form post (closed, over time, unreadable, no attempts left,
 * rate-limited) comes back as the page with the answers still in it.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { describeError, HttpError } from '../errors.js';
import { BODY_LIMIT, BODY_LIMIT_BYTES } from '../security.js';
import { leanJsonBody } from '../json-body.js';
import { parseFormBody, readSubmissionEnvelope } from '../validate.js';
import { ExamRefusal, formatErrors, openExam, saveExam, submitExam } from '../roster-exam.js';
import { renderConfirmPage, renderExamPage, type ExamPageInput } from '../render-exam.js';
import type { RosterSite } from '../roster.js';
import type { Site } from '../site.js';

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8').send(html);
}

/** The page as it stands now, with what this request adds (typed answers, a message, a result). */
async function page(site: RosterSite, token: string, extra: Partial<ExamPageInput>): Promise<string> {
  const state = await openExam(site, token, false);
  return renderExamPage({
    site,
    seat: state.seat,
    access: state.access,
    used: state.attempts.length,
    answers: state.answers,
    ...(state.savedAt ? { savedAt: state.savedAt } : {}),
    ...(state.counted ? { result: state.counted } : {}),
    ...(state.key ? { key: state.key } : {}),
    ...extra,
  });
}

/** The form's answers: every member but `action`. */
function splitForm(body: string): { action: string; answers: Record<string, string> } {
  const { action = 'save', ...answers } = parseFormBody(body);
  return { action, answers };
}

const formBody = express.text({ type: 'application/x-www-form-urlencoded', limit: BODY_LIMIT });

/**
 * The reply to a rate-limited form post: the page, answers kept, status 429.
 * @example classroomLimiter(site, limits, rateLimitedPage(site))
 */
export function rateLimitedPage(site: Site): RequestHandler {
  return (req, res, next) => {
    const token = /^\/q\/([^/]{1,512})$/.exec(req.path)?.[1];
    if (!site.roster || req.method !== 'POST' || token === undefined) {
      res.status(429).json({ error: 'too many requests: wait a minute and try again' });
      return;
    }
    const roster = site.roster;
    formBody(req, res, () => {
      let answers: Record<string, string> = {};
      try {
        answers = typeof req.body === 'string' ? splitForm(req.body).answers : {};
      } catch {
        /* an unreadable form: the page comes back with the saved answers */
      }
      page(roster, decodeURIComponent(token), { answers, error: 'Too many requests: wait a moment, then press Save again. Nothing you typed is lost.' }).then((html) => sendHtml(res, 429, html), next);
    });
  };
}

export function examRoutes(site: Site): Router {
  const router = express.Router();
  const roster = site.roster;
  if (!roster) return router;

  router.get('/q/:token', async (req, res) => {
    const state = await openExam(roster, req.params.token);
    sendHtml(res, 200, await page(roster, state.seat.token, {}));
  });

  router.post('/q/:token', formBody, async (req: Request<{ token: string }>, res) => {
    const token = req.params.token;
    await openExam(roster, token, false); // a bare 404 before anything else
    if (typeof req.body !== 'string') throw new HttpError(415, 'Send the form as application/x-www-form-urlencoded.');
    let answers: Record<string, string> = {};
    try {
      const form = splitForm(req.body);
      answers = form.answers;
      if (form.action === 'save') {
        const saved = await saveExam(roster, token, answers);
        const unreadable = Object.keys(saved.formatErrors).length;
        const notice = unreadable > 0 ? `Saved. ${unreadable} answer${unreadable === 1 ? '' : 's'} cannot be read yet: see the messages below.` : 'Saved. No attempt was used.';
        sendHtml(res, 200, await page(roster, token, { answers, formatErrors: saved.formatErrors, notice }));
      } else if (form.action === 'submit') {
        await saveExam(roster, token, answers);
        const errors = formatErrors((await openExam(roster, token, false)).seat.version, answers);
        if (Object.keys(errors).length > 0) throw new ExamRefusal(422, 'Some answers cannot be read; fix them and submit again. No attempt was used.', errors);
        const state = await openExam(roster, token, false);
        sendHtml(res, 200, renderConfirmPage({ site: roster, seat: state.seat, access: state.access, answers }));
      } else if (form.action === 'confirm') {
        const reply = await submitExam(roster, token, answers);
        sendHtml(res, 200, await page(roster, token, { answers, result: reply, ...(reply.key ? { key: reply.key } : {}), notice: `Attempt ${reply.attempt} is stored.` }));
      } else {
        throw new HttpError(400, 'unknown action: expected save, submit or confirm');
      }
    } catch (e) {
      const { status, message } = describeError(e);
      if ((status >= 500 && status !== 503) || status === 404) throw e;
      const errors = e instanceof ExamRefusal ? e.formatErrors : {};
      sendHtml(res, status, await page(roster, token, { answers, error: message, formatErrors: errors }));
    }
  });
  return router;
}

/**
 * `POST /api/drafts` handlers: JSON body, then the limiter (it keys by the body's token), then save.
 * @example app.post(DRAFTS_PATH, ...draftHandlers(site, limiter))
 */
export function draftHandlers(site: Site, limiter: RequestHandler[]): RequestHandler[] {
  const json = leanJsonBody(BODY_LIMIT_BYTES, express.json({ limit: BODY_LIMIT, strict: true, type: 'application/json' }));
  const save: RequestHandler = async (req, res) => {
    if (req.body === undefined && !req.is('application/json')) throw new HttpError(415, 'expected Content-Type: application/json');
    const { token, answers } = readSubmissionEnvelope(req.body);
    if (!site.roster) throw new HttpError(404, 'not found');
    res.json(await saveExam(site.roster, token, answers));
  };
  return [json, ...limiter, save];
}

export const DRAFTS_PATH = '/api/drafts';
