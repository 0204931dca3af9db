/**
 * The submission validators called directly, as tables of input → value or
 * the exact 400 message: the boundaries (2,000-character answers, 512-character
 * tokens, 64-character ids and quoted names), the shapes refused (arrays, null)
 * and the names that may never reach an object (`__proto__`, `prototype`).
 * The HTTP tests (api, page, site-setup) check that these messages reach the
 * client; here each rule is pinned where it is written.
 */
import { describe, expect, it } from 'vitest';
import { coverModuleLoad } from '../support/fixture.js';
import { MAX_ANSWER_CHARS, MAX_TOKEN_CHARS, parseFormBody, readAnswers, readStudent, readSubmissionEnvelope } from '../../server/validate.js';
import { HttpError } from '../../server/errors.js';
import { testManifest } from './fixture.js';

coverModuleLoad(() => import('../../server/validate.js'));

/** The HttpError a call throws, as [status, message]; fails the test when it returns. */
function refusal(call: () => unknown): [number, string] {
  try {
    call();
  } catch (e) {
    if (e instanceof HttpError) return [e.status, e.message];
    throw e;
  }
  throw new Error('expected a refusal, got a value');
}

const version = () => testManifest({ versions: 1 }).versions[0]!;
const LONG_NAME = `p1.${'x'.repeat(100)}`;

describe('readStudent', () => {
  it.each([
    ['absent', undefined, ''],
    ['null', null, ''],
    ['empty', '', ''],
    ['trimmed', '  ana 01 ', 'ana 01'],
    ['every allowed character', 'Zoë_ O.Brien@uni-x 7', 'Zoë_ O.Brien@uni-x 7'],
    ['64 characters', 'a'.repeat(64), 'a'.repeat(64)],
    ['64 characters once trimmed', ` ${'a'.repeat(64)} `, 'a'.repeat(64)],
  ])('reads %s', (_name, raw, expected) => {
    expect(readStudent(raw)).toBe(expected);
  });

  it.each([
    ['a number', 7, 'student: expected a string'],
    ['false', false, 'student: expected a string'],
    ['an object', { id: 'a' }, 'student: expected a string'],
    ['65 characters', 'a'.repeat(65), 'student: expected at most 64 letters, digits, spaces or . _ @ -'],
    ['a quote', "o'brien", 'student: expected at most 64 letters, digits, spaces or . _ @ -'],
    ['a slash', 'a/b', 'student: expected at most 64 letters, digits, spaces or . _ @ -'],
    ['a newline inside', 'a\nb', 'student: expected at most 64 letters, digits, spaces or . _ @ -'],
  ])('refuses %s with 400', (_name, raw, message) => {
    expect(refusal(() => readStudent(raw))).toEqual([400, message]);
  });

  it('names the field it was given', () => {
    expect(refusal(() => readStudent(3, 'sheet 4 student'))).toEqual([400, 'sheet 4 student: expected a string']);
  });
});

describe('readAnswers', () => {
  it('copies the known fields into a fresh object, keeping every value as sent', () => {
    const raw = { 'p1.h1': '[4, 0]', 'p2.total': ' 12 ', 'p1.y1': '' };
    const read = readAnswers(raw, version());
    expect(read).toEqual(raw);
    expect(read).not.toBe(raw);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(readAnswers({}, version())).toEqual({});
  });

  it(`accepts an answer of exactly ${MAX_ANSWER_CHARS} characters and refuses one more`, () => {
    expect(readAnswers({ 'p1.h1': '1'.repeat(MAX_ANSWER_CHARS) }, version())['p1.h1']).toHaveLength(2000);
    expect(refusal(() => readAnswers({ 'p1.h1': '1'.repeat(MAX_ANSWER_CHARS + 1) }, version()))).toEqual([400, 'answers.p1.h1: longer than 2000 characters']);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'answers: expected an object like { "p1.h1": "[4, 0]" }'],
    ['an array', ['[4, 0]'], 'answers: expected an object like { "p1.h1": "[4, 0]" }'],
    ['a string', '[4, 0]', 'answers: expected an object like { "p1.h1": "[4, 0]" }'],
    ['a number as an answer', { 'p1.h1': 4 }, 'answers.p1.h1: expected a string (write a vector as "[7, 5]")'],
    ['null as an answer', { 'p1.h1': null }, 'answers.p1.h1: expected a string (write a vector as "[7, 5]")'],
    ['an unknown field', { 'p9.h1': '1' }, 'answers.p9.h1: unknown answer field (fields are named like p1.h1)'],
    ['an unknown field with a long name, quoted to 64 characters', { [LONG_NAME]: '1' }, `answers.${LONG_NAME.slice(0, 64)}: unknown answer field (fields are named like p1.h1)`],
    ['a prototype field', { prototype: '1' }, 'answers.prototype: this field name is not allowed'],
    ['a constructor field', { constructor: '1' }, 'answers.constructor: this field name is not allowed'],
  ])('refuses %s with 400', (_name, raw, message) => {
    expect(refusal(() => readAnswers(raw, version()))).toEqual([400, message]);
  });

  it('refuses a __proto__ key set as an own property (as JSON.parse makes it)', () => {
    const raw = JSON.parse('{"__proto__": {"p1.h1": "1"}}') as unknown;
    expect(refusal(() => readAnswers(raw, version()))).toEqual([400, 'answers.__proto__: this field name is not allowed']);
  });

  it('names the object it was given', () => {
    expect(refusal(() => readAnswers([], version(), 'sheets[2].answers'))).toEqual([400, 'sheets[2].answers: expected an object like { "p1.h1": "[4, 0]" }']);
  });
});

describe('readSubmissionEnvelope', () => {
  it('reads the token, leaves the answers to readAnswers, and trims the student id', () => {
    const answers = { 'p1.h1': '1' };
    expect(readSubmissionEnvelope({ token: 't', answers, student: ' ana ' })).toEqual({ token: 't', answers, student: 'ana' });
    expect(readSubmissionEnvelope({ token: 't', answers: 'anything' })).toEqual({ token: 't', answers: 'anything', student: '' });
  });

  it(`accepts a token of exactly ${MAX_TOKEN_CHARS} characters and refuses one more`, () => {
    expect(readSubmissionEnvelope({ token: 't'.repeat(MAX_TOKEN_CHARS), answers: {} }).token).toHaveLength(512);
    expect(refusal(() => readSubmissionEnvelope({ token: 't'.repeat(MAX_TOKEN_CHARS + 1), answers: {} }))).toEqual([400, 'token: longer than 512 characters']);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'body: expected a JSON object { "token", "answers" }'],
    ['an array', [{ token: 't', answers: {} }], 'body: expected a JSON object { "token", "answers" }'],
    ['an empty token', { token: '', answers: {} }, 'token: expected a string'],
    ['a missing token', { answers: {} }, 'token: expected a string'],
    ['a token as a number', { token: 5, answers: {} }, 'token: expected a string'],
    ['missing answers', { token: 't' }, 'answers: missing'],
    ['an unknown field', { token: 't', answers: {}, grade: 100 }, 'grade: unknown field (expected token, answers and optionally student)'],
    ['an unknown field with a long name', { token: 't', answers: {}, ['k'.repeat(80)]: 1 }, `${'k'.repeat(64)}: unknown field (expected token, answers and optionally student)`],
    ['a constructor field', { token: 't', answers: {}, constructor: 1 }, 'constructor: this field name is not allowed'],
    ['a bad student id', { token: 't', answers: {}, student: 'a;b' }, 'student: expected at most 64 letters, digits, spaces or . _ @ -'],
  ])('refuses %s with 400', (_name, body, message) => {
    expect(refusal(() => readSubmissionEnvelope(body))).toEqual([400, message]);
  });
});

describe('parseFormBody', () => {
  it('reads a urlencoded form as one flat map (a dotted name stays one name)', () => {
    expect(parseFormBody('p1.h1=%5B4%2C+0%5D&p3.h2=&action=save')).toEqual({ 'p1.h1': '[4, 0]', 'p3.h2': '', action: 'save' });
    expect(parseFormBody('')).toEqual({});
  });

  it.each([
    ['a name sent twice', 'p1.h1=1&p1.h1=2', 'p1.h1: sent twice'],
    ['a long name sent twice, quoted to 64 characters', `${'n'.repeat(70)}=1&${'n'.repeat(70)}=2`, `${'n'.repeat(64)}: sent twice`],
    ['__proto__', '__proto__=1', '__proto__: this field name is not allowed'],
    ['prototype', 'prototype=1', 'prototype: this field name is not allowed'],
    ['constructor', 'a=1&constructor=x', 'constructor: this field name is not allowed'],
  ])('refuses %s with 400', (_name, text, message) => {
    expect(refusal(() => parseFormBody(text))).toEqual([400, message]);
  });
});
