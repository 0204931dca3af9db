/**
 * Choice mode on the student's web page: each choice field is a group of
 * radio buttons A–E (a fieldset with a legend, each button labelled), posting
 * the letter the grader reads as its option; a submitted or saved choice comes
 * back checked; nothing on the page says which option is right or what
 * mistake an option stands for. Both the anonymous page (POST /q/:token) and a
 * roster student's page (save, reload, submit) are exercised over HTTP, and
 * in Chromium: a click autosaves the letter, a reload shows it, axe finds
 * nothing (screenshot in tmp/screenshots/choice-page.png).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBank } from '../../src/bank/load.js';
import { examRules } from '../../src/bank/rules.js';
import { keyAsResponses, responseKey } from '../../src/grading/index.js';
import { manifestFromJson, manifestToJson, type Manifest, type ManifestVersion } from '../../src/manifest.js';
import { manifestHeader, planVersion, versionIds } from '../../src/plan/plan.js';
import { MISTAKE_IDS } from '../../src/families/contract.js';
import { signStudentToken } from '../../src/version-token.js';
import { startTestServer, TEST_SECRET } from './fixture.js';
import { startRosterServer } from '../support/roster-server.js';
import { ROSTER_SECRET } from '../support/roster-manifest.js';
import { chromium } from 'playwright-core';
import { ARGS, CHROMIUM, SHOTS, axeViolations, hasChromium } from './dashboard-helpers.js';

const FILE = 'test/scan/choice-bank.yaml';
const BUILD = 'build-choice-0001';

/** The choice-mode scan bank as a built manifest (round-tripped through JSON), signed with `secret`; with `student`, one roster student on V01. */
function choiceManifest(secret: string, student?: string): Manifest {
  const bank = parseBank(readFileSync(FILE, 'utf8'), FILE);
  const versions = versionIds(1).map((id) => planVersion(bank, '2026', id, secret, BUILD));
  const header = manifestHeader(bank, { seed: '2026', versions: 1, baseUrl: 'http://127.0.0.1:3000', buildId: BUILD });
  const roster = student
    ? {
        rules: examRules({ kind: 'exam', feedback: 'full' }),
        students: [{ id: student, name: 'Ada Choice', version: 'V01', token: signStudentToken(secret, { bank: bank.name, buildId: BUILD, versionId: 'V01', student, generation: 0 }) }],
      }
    : {};
  const m: Manifest = { ...header, attempts: { limit: 5, counts: 'best' }, ...roster, versions };
  return manifestFromJson(JSON.parse(JSON.stringify(manifestToJson(m))));
}

/** Every choice field of a version: its response key, its options' texts and the key's letter. */
function choiceFields(v: ManifestVersion): { key: string; texts: string[]; right: string; wrong: string }[] {
  return v.problems.flatMap((p) =>
    Object.entries(p.choices ?? {}).map(([name, options]) => {
      const at = options.findIndex((o) => o.key);
      return { key: responseKey(p, name), texts: options.map((o) => o.text), right: 'ABCDE'[at]!, wrong: 'ABCDE'[(at + 1) % options.length]! };
    }),
  );
}

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

describe.skipIf(!hasChromium)('choice mode in Chromium', () => {
  it('autosaves a clicked option (the page script posts the checked letter), shows it checked after a reload, and passes axe', async () => {
    const manifest = choiceManifest(ROSTER_SECRET, 's01');
    const s = await startRosterServer(manifest, false);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const token = manifest.students![0]!.token;
      const field = choiceFields(manifest.versions[0]!)[0]!;
      const id = `f-${field.key.replace('.', '-')}`;
      const page = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
      await page.goto(`${s.url}/q/${token}`, { waitUntil: 'domcontentloaded' });
      // The whole label (letter and value) selects its option.
      await page.locator(`label[for="${id}-${field.wrong}"]`).click();
      expect(await page.locator(`#${id}-${field.wrong}`).isChecked()).toBe(true);
      await page
        .locator('#save-status')
        .filter({ hasText: /^Saved / })
        .waitFor({ timeout: 15_000 });
      await page.reload({ waitUntil: 'domcontentloaded' });
      expect(await page.locator(`#${id}-${field.wrong}`).isChecked()).toBe(true);
      expect(await page.locator(`input[name="${field.key}"]:checked`).count()).toBe(1);
      mkdirSync(SHOTS, { recursive: true });
      await page.locator(`#${id}-A`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'choice-page.png') });
      const axePage = await (await browser.newContext({ viewport: { width: 1000, height: 900 }, bypassCSP: true })).newPage();
      await axePage.goto(`${s.url}/q/${token}`, { waitUntil: 'domcontentloaded' });
      expect(await axeViolations(axePage)).toEqual([]);
    } finally {
      await browser.close();
      await s.close();
    }
  });
});
