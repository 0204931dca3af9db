/**
 * The student's page: `GET /q/:token` renders the version's form;
 * `POST /q/:token` (a plain form post, no script) goes through the same
 * submitAnswers as the JSON API and re-renders the page with the feedback.
 */
import express, { type Router } from 'express';
import { describeError } from '../errors.js';
import { renderMessagePage, renderStudentPage } from '../render.js';
import { releasedKey, submitAnswers, type Site } from '../site.js';
import { BODY_LIMIT } from '../security.js';
import { parseFormBody, readStudent } from '../validate.js';

function sendHtml(res: express.Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8').send(html);
}

export function studentRoutes(site: Site): Router {
  const router = express.Router();
  const formBody = express.text({ type: 'application/x-www-form-urlencoded', limit: BODY_LIMIT });

  router.get('/q/:token', async (req, res) => {
    const version = site.versionOf(req.params.token);
    const key = await releasedKey(site, version);
    sendHtml(res, 200, renderStudentPage(site.manifest, version, req.params.token, key ? { key } : {}));
  });

  router.post('/q/:token', formBody, async (req, res) => {
    const token = req.params.token;
    const version = site.versionOf(token); // 404 before reading anything else
    if (typeof req.body !== 'string') {
      sendHtml(res, 415, renderMessagePage('Unsupported form', 'Send the form as application/x-www-form-urlencoded.'));
      return;
    }
    let typed: Record<string, string> = {};
    let student = '';
    try {
      // The HTML form posts here; `student` is the optional id box, every other name an answer field.
      // Both are kept before the id is checked, so a refused id comes back with everything typed.
      ({ student = '', ...typed } = parseFormBody(req.body));
      student = readStudent(student); // trimmed; when refused, the page shows the id as typed
      const { reply } = await submitAnswers(site, { token, answers: typed, student });
      sendHtml(res, 200, renderStudentPage(site.manifest, version, token, { answers: typed, student, result: reply, ...(reply.key ? { key: reply.key } : {}) }));
    } catch (e) {
      const { status, message } = describeError(e);
      // A store that cannot write (503) is said on the page, with the typed answers kept; other 5xx go to the error handler.
      if ((status >= 500 && status !== 503) || status === 404) throw e;
      const key = status === 503 ? undefined : await releasedKey(site, version);
      sendHtml(res, status, renderStudentPage(site.manifest, version, token, { answers: typed, student, error: message, ...(key ? { key } : {}) }));
    }
  });
  return router;
}
