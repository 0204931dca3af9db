/** `POST /api/submissions` (`{ token, answers }` → the SPEC §7 result) and `GET /api/health`. */
import express, { type RequestHandler, type Router } from 'express';
import { HttpError } from '../errors.js';
import { BODY_LIMIT, BODY_LIMIT_BYTES, NO_STORE } from '../security.js';
import { leanJsonBody } from '../json-body.js';
import { submitAnswers, type Site } from '../site.js';
import { readSubmissionEnvelope } from '../validate.js';
import { submitExam } from '../roster-exam.js';

/**
 * The handlers of `POST /api/submissions` (JSON body parser, then grade, store
 * and reply), for the app to mount on itself ahead of every other route: the
 * busiest route should not walk past the static files and nested routers.
 * The limiter goes after the body parser: it keys by the body's token.
 * @example app.post(SUBMISSIONS_PATH, ...submissionHandlers(site, [limiter]))
 */
export function submissionHandlers(site: Site, limiter: RequestHandler[] = []): RequestHandler[] {
  const json = leanJsonBody(BODY_LIMIT_BYTES, express.json({ limit: BODY_LIMIT, strict: true, type: 'application/json' }));
  const submit: RequestHandler = async (req, res) => {
    // A parsed body means its type was JSON; only an unparsed one needs type-is.
    if (req.body === undefined && !req.is('application/json')) throw new HttpError(415, 'expected Content-Type: application/json');
    const envelope = readSubmissionEnvelope(req.body);
    if (site.roster) {
      // A roster token names its student; a `student` member of the body is never read.
      res.json(await submitExam(site.roster, envelope.token, envelope.answers));
      return;
    }
    const { replyJson } = await submitAnswers(site, envelope);
    // The reply is JSON text already: written as it is (express's send would re-encode and re-check it).
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(replyJson), 'Cache-Control': NO_STORE });
    res.end(replyJson);
  };
  return [json, ...limiter, submit];
}

export const SUBMISSIONS_PATH = '/api/submissions';

/**
 * Health check for a load balancer: never rate-limited; 503 with the store's
 * reason when it cannot really write now (the store proves it by writing, at
 * most about once a second).
 */
export function healthRoutes(site: Site): Router {
  const router = express.Router();
  router.get('/api/health', async (_req, res) => {
    const health = await site.store.health();
    if (health.writable) res.json({ status: 'ok', versions: site.manifest.versions.length });
    else res.status(503).json({ status: 'unavailable', detail: health.detail ?? 'the store cannot write' });
  });
  return router;
}
