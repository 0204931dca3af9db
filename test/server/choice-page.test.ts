/**
 * Choice mode on the student's web page: each choice field is a group of
 * radio buttons A–E (a fieldset with a legend, each button labelled), posting
 * the letter the grader reads as its option; a submitted or saved choice comes
 * back checked; nothing on the page says which option is right or what
 * mistake an option stands for. Both the anonymous page (POST /q/:token) and a
 * roster student's page (save, reload, submit) are exercised over HTTP; the
 * page in Chromium is in choice-browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { keyAsResponses } from '../../src/grading/index.js';
import { MISTAKE_IDS } from '../../src/families/contract.js';
import { startTestServer, TEST_SECRET } from './fixture.js';
import { startRosterServer } from '../support/roster-server.js';
import { ROSTER_SECRET } from '../support/roster-manifest.js';
import { choiceFields, choiceManifest } from './choice-fixture.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(
  () => import('../../server/render-exam.js'),
  () => import('../../server/routes/student.js'),
);

/** The radio buttons of one field on a page: [value, checked] in page order. */
function radios(html: string, key: string): [string, boolean][] {
  return [...html.matchAll(/<input id="([^"]+)" name="([^"]+)" type="radio" value="([^"]*)"( checked)?>/g)].filter((m) => m[2] === key).map((m) => [m[3]!, m[4] !== undefined]);
}

/** The fieldset of one choice field, from its opening tag to its close. */
function group(html: string, key: string): string {
  const id = `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const start = html.indexOf(`<fieldset class="options" aria-describedby="${id}-hint`);
  expect(start, key).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</fieldset>', start) + '</fieldset>'.length);
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('choice mode on the student page', () => {
  it('draws one radio group per choice field: fieldset, legend, five labelled radios A–E, none checked, no key and no mistake names', async () => {
    const s = await startTestServer({ manifest: choiceManifest(TEST_SECRET) });
    try {
      const v = s.manifest.versions[0]!;
      const html = await (await fetch(`${s.url}/q/${v.token}`)).text();
      const fields = choiceFields(v);
      expect(fields.length).toBeGreaterThanOrEqual(10);
      expect(html.match(/<fieldset class="options"/g)).toHaveLength(fields.length);
      for (const f of fields) {
        const g = group(html, f.key);
        expect(g).toMatch(new RegExp(`<legend>.*<code class="field-key">${f.key.replace('.', '\\.')}</code></legend>`));
        expect(radios(html, f.key)).toEqual(['A', 'B', 'C', 'D', 'E'].map((l) => [l, false]));
        for (const l of ['A', 'B', 'C', 'D', 'E']) {
          const id = `f-${f.key.replace('.', '-')}-${l}`;
          expect(g).toContain(`<input id="${id}" name="${f.key}" type="radio" value="${l}">`);
          expect(g).toMatch(new RegExp(`<label for="${id}"><span class="letter">${l}</span> <math>`));
        }
        expect(g).not.toContain('type="text"');
      }
      // Label fields (the argmax labels, the conceptual question) keep their text box.
      expect(html).toContain('id="f-p1-label1" name="p1.label1" type="text"');
      for (const m of [...MISTAKE_IDS, 'carried-forward', 'nearby']) expect(html).not.toContain(m);
      expect(html).not.toContain('class="key"');
      expect(html).toContain('Multiple-choice answers: choose one option, A to E.');
      expect(html).toContain('Choose one of the options A–E.');
    } finally {
      await s.close();
    }
  });

  it('grades the posted key letters for full points and shows them checked; a distractor letter is wrong and comes back checked', async () => {
    const s = await startTestServer({ manifest: choiceManifest(TEST_SECRET) });
    try {
      const v = s.manifest.versions[0]!;
      const fields = choiceFields(v);
      const typed = keyAsResponses(v.problems); // label fields by name
      for (const f of fields) typed[f.key] = f.right;
      const html = await (await post(`${s.url}/q/${v.token}`, form(typed))).text();
      const max = /<span class="score-max">([\d.]+)<\/span>/.exec(html)?.[1];
      expect(max).toBeDefined();
      expect(html).toContain(`Score: <span class="score-value">${max}</span>`);
      for (const f of fields) {
        expect(radios(html, f.key).filter(([, on]) => on)).toEqual([[f.right, true]]);
        expect(group(html, f.key)).not.toContain('-typed');
      }
      // One distractor marked: that field alone is wrong, and the page keeps the student's letter.
      const first = fields[0]!;
      const again = await (await post(`${s.url}/q/${v.token}`, form({ ...typed, [first.key]: first.wrong }))).text();
      expect(again).toMatch(new RegExp(`id="f-${first.key.replace('.', '-')}-feedback" data-status="(incorrect|carried)"`));
      expect(radios(again, first.key).filter(([, on]) => on)).toEqual([[first.wrong, true]]);
      // An answer typed as an option's text (the JSON API allows it) is that option, checked.
      const byText = await (await post(`${s.url}/q/${v.token}`, form({ ...typed, [first.key]: first.texts[2]! }))).text();
      expect(radios(byText, first.key).filter(([, on]) => on)).toEqual([['C', true]]);
      // An answer that is none of the options is offered back checked, so posting the page again keeps it.
      const typedOther = await (await post(`${s.url}/q/${v.token}`, form({ ...typed, [first.key]: '[99, 99]' }))).text();
      expect(radios(typedOther, first.key).filter(([, on]) => on)).toEqual([['[99, 99]', true]]);
      expect(group(typedOther, first.key)).toContain('Your saved answer <code>[99, 99]</code>');
    } finally {
      await s.close();
    }
  });

  it("brings a roster student's saved letters back checked, reads them without format errors, and grades a submission of the key letters as full marks", async () => {
    const manifest = choiceManifest(ROSTER_SECRET, 's01');
    const s = await startRosterServer(manifest, false);
    try {
      const v = manifest.versions[0]!;
      const token = manifest.students![0]!.token;
      const fields = choiceFields(v);
      const draft: Record<string, string> = Object.fromEntries(fields.map((f, i) => [f.key, i % 2 === 0 ? f.right : f.wrong]));
      const saved = await (await post(`${s.url}/q/${token}`, form({ action: 'save', ...draft }))).text();
      expect(saved).toContain('Saved. No attempt was used.');
      expect(saved).not.toContain('class="format-error"');
      // A fresh GET shows the stored draft: each saved letter checked, the rest not.
      const page = await (await fetch(`${s.url}/q/${token}`)).text();
      expect(page).toContain('data-token=');
      for (const f of fields)
        expect(
          radios(page, f.key).filter(([, on]) => on),
          f.key,
        ).toEqual([[draft[f.key], true]]);
      // The autosave (the page's script) posts the same letters as JSON: read without format errors.
      const auto = await fetch(`${s.url}/api/drafts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, answers: draft }) });
      expect(((await auto.json()) as { formatErrors: Record<string, string> }).formatErrors).toEqual({});
      // Submitting the key's letters (labels by name): full marks, every letter still checked.
      const answers = keyAsResponses(v.problems);
      for (const f of fields) answers[f.key] = f.right;
      const done = await (await post(`${s.url}/q/${token}`, form({ action: 'confirm', ...answers }))).text();
      expect(done).toContain('Attempt 1 is stored.');
      const score = /Score: <span class="score-value">([\d.]+)<\/span> \/ <span class="score-max">([\d.]+)<\/span>/.exec(done);
      expect(score?.[1]).toBe(score?.[2]);
      for (const f of fields) expect(radios(done, f.key).filter(([, on]) => on)).toEqual([[f.right, true]]);
      expect((await s.store.attemptsOf('student:s01'))[0]?.result.score).toBe((await s.store.attemptsOf('student:s01'))[0]?.result.max);
    } finally {
      await s.close();
    }
  });
});
