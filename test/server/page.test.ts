/** GET/POST /q/:token: the server-rendered page and the script-free form. */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad, sharedSetup } from '../support/fixture.js';
import { answerSets, startTestServer, TEST_ADMIN, type TestServer, storedSubmissions } from './fixture.js';

coverModuleLoad(
  () => import('../../server/routes/student.js'),
  () => import('../../server/render.js'),
);

let s: TestServer;
const v = () => s.manifest.versions[0]!;
const postForm = (token: string, body: string) => fetch(`${s.url}/q/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

sharedSetup(
  async () => {
    s = await startTestServer();
  },
  () => s.close(),
);

describe('GET /q/:token', () => {
  it('renders the version with a label for every field, math as MathML, and no key', async () => {
    const r = await fetch(`${s.url}/q/${v().token}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    expect(html).toContain('<title>RNN quiz (test) · version V01</title>');
    for (const p of v().problems) {
      for (const f of p.fields) {
        const id = `f-${p.id}-${f.name}`;
        expect(html).toContain(`<label for="${id}">`);
        expect(html).toContain(`id="${id}" name="${p.id}.${f.name}"`);
      }
    }
    expect(html).toMatch(/<math display="block"[^>]*>/);
    expect(html).not.toContain('style="'); // the CSP allows no inline style
    expect(html).not.toContain('<script');
    expect(html).not.toContain('class="key"');
    expect(html).toContain(`action="/q/${v().token}"`);
  });

  it('answers a forged or unknown token with a 404 page that says nothing about why', async () => {
    for (const token of [`${v().token.slice(0, -3)}abc`, 'nonsense', 'c2VydmVyLXRlc3QKVjk5.AAAAAAAAAAAAAAAAAAAAAA']) {
      const r = await fetch(`${s.url}/q/${token}`);
      expect(r.status).toBe(404);
      const html = await r.text();
      expect(html).toContain('There is no exam page at this address.');
      expect(html).not.toMatch(/token|signature|hmac|secret|V0\d/i);
    }
  });
});

describe('POST /q/:token (the form)', () => {
  it('shows per-field feedback and the score, re-fills the answers, and hides the key', async () => {
    const { key, carried, wrongA1 } = answerSets(v());
    const typed = { student: 'ana', ...carried, 'p1.a1': wrongA1, 'p1.y1': '<b>[1,', 'p2.total': key['p2.total']! };
    const r = await postForm(v().token, form(typed));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toMatch(/Score: <span class="score-value">2.5<\/span> \/ <span class="score-max">13<\/span>/);
    expect(html).toMatch(/id="f-p1-a2-feedback" data-status="carried"><strong class="status">Carried forward<\/strong> <span class="credit">1 \/ 1<\/span>/);
    expect(html).toMatch(/id="f-p1-a1-feedback" data-status="incorrect">/);
    expect(html).toMatch(/id="f-p1-y1-feedback" data-status="unreadable"><strong class="status">Could not read<\/strong>/);
    expect(html).toMatch(/id="f-p2-total-feedback" data-status="correct">/);
    expect(html).toMatch(/id="f-p1-o2-feedback" data-status="blank">/);
    expect(html).toContain('value="&lt;b&gt;[1,"'); // typed text is escaped, never markup
    expect(html).not.toContain('<b>[1,');
    expect(html).not.toContain('class="key"');
    expect(html).not.toContain(key['p1.o1']!); // the full-precision key never appears
    expect((await storedSubmissions(s.store)).at(-1)!.answers['p1.a2']).toBe(carried['p1.a2']);
  });

  it('re-renders the form with a 400 message for a bad field, keeping what was typed', async () => {
    const r = await postForm(v().token, form({ 'p1.h1': '[1, 2]', 'p7.zz': '1' }));
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('<div class="alert" role="alert" id="form-error"><p>answers.p7.zz: unknown answer field');
    expect(html).toContain('value="[1, 2]"');
  });

  it('refuses __proto__ and repeated names, and bodies over 64 KB', async () => {
    const proto = await postForm(v().token, '__proto__=1&p1.h1=2');
    expect(proto.status).toBe(400);
    expect(await proto.text()).toContain('__proto__: this field name is not allowed');
    const twice = await postForm(v().token, 'p1.h1=1&p1.h1=2');
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('p1.h1: sent twice');
    const big = await postForm(v().token, form({ 'p1.h1': 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('request body too large');
  });

  it('404s a forged token before reading the form', async () => {
    const r = await postForm(`${v().token.slice(0, -2)}zz`, form({ 'p1.h1': '1' }));
    expect(r.status).toBe(404);
  });

  it('shows the key once the instructor releases it, and hides it again', async () => {
    const auth = { authorization: `Bearer ${TEST_ADMIN}`, 'content-type': 'application/json' };
    const { key } = answerSets(v());
    await fetch(`${s.url}/api/instructor/release`, { method: 'POST', headers: auth, body: JSON.stringify({ versions: ['V01'] }) });
    const page = await (await fetch(`${s.url}/q/${v().token}`)).text();
    expect(page).toContain(`<p class="key">Answer: <code>${key['p1.h1']}</code></p>`);
    const other = await (await fetch(`${s.url}/q/${s.manifest.versions[1]!.token}`)).text();
    expect(other).not.toContain('class="key"');
    await fetch(`${s.url}/api/instructor/hide`, { method: 'POST', headers: auth, body: '{"all": true}' });
    expect(await (await fetch(`${s.url}/q/${v().token}`)).text()).not.toContain('class="key"');
  });
});
