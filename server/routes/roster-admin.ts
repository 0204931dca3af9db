/**
 * The instructor's roster routes, under `/api/instructor/` behind the bearer
 * token (mounted after instructorRoutes, which checks it):
 *
 * | route                                | what                                                         |
 * |--------------------------------------|--------------------------------------------------------------|
 * | `GET  students.csv`                  | the roster gradebook: one row per student (roster-gradebook.ts) |
 * | `POST students/:id/revoke`           | the student's tokens are dead (404) until re-issued          |
 * | `POST students/:id/reissue`          | a new token (next generation): `{ token, url }`              |
 * | `POST paper`                         | answer sheets (text/csv, as `rnnquiz grade` reads) → stored as paper results |
 */
import express, { type Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../../src/batch/output.js';
import { HttpError } from '../errors.js';
import { CSV_UPLOAD_LIMIT, requireBearer } from '../security.js';
import { reissueStudent, revokeStudent } from '../roster.js';
import { importPaper, rosterGradebook } from '../roster-gradebook.js';
import { versionUrl } from '../../src/plan/plan.js';
import type { Site } from '../site.js';

export function rosterAdminRoutes(site: Site, adminToken: string): Router {
  const router = express.Router();
  const roster = site.roster;
  if (!roster) return router;
  router.use('/api/instructor', requireBearer(adminToken));
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: CSV_UPLOAD_LIMIT });

  router.get('/api/instructor/students.csv', async (_req, res) => {
    const rows = await rosterGradebook(roster);
    res
      .type('text/csv; charset=utf-8')
      .attachment('students.csv')
      .send(stringify(rows.map((r) => r.map(spreadsheetSafe))));
  });

  router.post('/api/instructor/students/:id/revoke', async (req, res) => {
    await revokeStudent(roster, req.params.id);
    res.json({ student: req.params.id, revoked: true });
  });

  router.post('/api/instructor/students/:id/reissue', async (req, res) => {
    const { token, generation } = await reissueStudent(roster, req.params.id);
    const base = typeof site.manifest.meta?.baseUrl === 'string' ? site.manifest.meta.baseUrl : '';
    res.json({ student: req.params.id, generation, token, url: versionUrl(base, token) });
  });

  router.post('/api/instructor/paper', csv, async (req, res) => {
    if (typeof req.body !== 'string') throw new HttpError(415, 'expected Content-Type: text/csv');
    res.json(await importPaper(roster, req.body));
  });
  return router;
}
