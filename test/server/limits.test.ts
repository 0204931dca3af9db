/**
 * Which token a request is counted against (server/limits.ts): the path
 * `/q/<token>` whole, or a JSON body's `token`, each at most 512 characters;
 * anything else is counted per address. And the documented defaults.
 */
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, tokenOf } from '../../server/limits.js';
import { coverModuleLoad } from '../support/fixture.js';

coverModuleLoad(() => import('../../server/limits.js'));

const request = (path: string, body?: unknown) => ({ path, body }) as unknown as Request;
const LONGEST = 'a'.repeat(512);

describe('tokenOf', () => {
  it.each<[string, string, unknown, string | undefined]>([
    ['a page path', '/q/abc.0.XYZ', undefined, 'abc.0.XYZ'],
    ['a page path, percent-decoded', '/q/a%2Eb', undefined, 'a.b'],
    ['a page path of 512 characters', `/q/${LONGEST}`, undefined, LONGEST],
    ['a page path of 513 characters', `/q/${LONGEST}a`, undefined, undefined],
    ['a path with more after the token', '/q/abc/extra', undefined, undefined],
    ['a path with /q/ further in', '/static/q/abc', undefined, undefined],
    ['an empty token in the path', '/q/', undefined, undefined],
    ['a JSON body', '/api/submissions', { token: 'tok', answers: {} }, 'tok'],
    ['a JSON body token of 512 characters', '/api/drafts', { token: LONGEST }, LONGEST],
    ['a JSON body token of 513 characters', '/api/drafts', { token: `${LONGEST}a` }, undefined],
    ['a token that is no string', '/api/drafts', { token: 7 }, undefined],
    ['a null body', '/api/drafts', null, undefined],
    ['a text body', '/api/drafts', 'token=tok', undefined],
    ['no body', '/api/health', undefined, undefined],
  ])('%s', (_name, path, body, expected) => {
    expect(tokenOf(request(path, body))).toBe(expected);
  });

  it('prefers the path over the body', () => {
    expect(tokenOf(request('/q/from-path', { token: 'from-body' }))).toBe('from-path');
  });
});

describe('DEFAULT_LIMITS', () => {
  it('are the README’s: 120 a minute per genuine token, 60 a minute per address', () => {
    expect(DEFAULT_LIMITS).toEqual({ perToken: 120, perAddress: 60, windowMs: 60_000 });
  });
});
