/// <reference lib="dom" />
/** What the dashboard's browser tests share: Chromium's flags, axe-core injected as source, signing in through the form. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SHOTS = join(process.cwd(), 'tmp', 'screenshots');
export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const VIEWPORT = { width: 1280, height: 900 };

/** Every instructor page (GET) that needs a session. */
export const INSTRUCTOR_PAGES = ['/instructor', '/instructor/gradebook', '/instructor/gradebook.csv', '/instructor/analysis', '/instructor/release', '/instructor/paper', '/instructor/no-such-page'];

/** axe-core's violations on the page, as "rule: target" lines (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (c: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

export async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/instructor`);
  expect(new URL(page.url()).pathname).toBe('/instructor/sign-in');
  await page.getByLabel('Admin token').fill(token);
  await Promise.all([page.waitForURL(/\/instructor(\/sign-in)?$/), page.getByRole('button', { name: 'Sign in' }).click()]);
}

export interface Browsers {
  /** The instructor's browser. */
  instructor: Browser;
  /** A second browser: the student, with nothing shared with the instructor's. */
  student: Browser;
  close(): Promise<void>;
}

/** Two Chromium processes (instructor and student) and the screenshot folder. */
export async function launchBrowsers(): Promise<Browsers> {
  mkdirSync(SHOTS, { recursive: true });
  const [instructor, student] = await Promise.all([chromium.launch({ executablePath: CHROMIUM, args: ARGS }), chromium.launch({ executablePath: CHROMIUM, args: ARGS })]);
  return {
    instructor,
    student,
    close: async () => {
      await instructor.close();
      await student.close();
    },
  };
}
