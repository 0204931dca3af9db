/**
 * The lecture's own numbers are golden tests (shared/seed): the classwork RNN
 * and the LSTM practice.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from '../support/fixture.js';
import { problemFromJson } from '../../src/problems.js';
import { valueToJson } from '../../src/core/value.js';
import { CLASSWORK_PROBLEM } from '../fixtures/lecture.js';

const classwork = CLASSWORK_PROBLEM;

describe('lecture classwork (rnn-forward, identity)', () => {
  const problem = fixture(() => problemFromJson(classwork, 'classwork'));
  const answer = (name: string) => valueToJson(problem().answers.get(name)!);

  it('gives h1 = [4, 0], h2 = [7, 5] exactly', () => {
    expect(answer('h1')).toEqual([4, 0]);
    expect(answer('h2')).toEqual([7, 5]);
    expect(answer('y1')).toEqual([4, -4, 0]);
    expect(answer('y2')).toEqual([7, -2, 15]);
  });

  it('predicts ADJ then NOUN', () => {
    expect(answer('label1')).toBe('ADJ');
    expect(answer('label2')).toBe('NOUN');
  });

  it('gives the softmax of y1 numerically', () => {
    const o1 = answer('o1') as number[];
    const z = Math.exp(4) + Math.exp(-4) + 1;
    expect(o1[0]).toBeCloseTo(Math.exp(4) / z, 12);
    expect(o1[2]).toBeCloseTo(1 / z, 12);
  });

  it('shows the worked steps as the lecture does: products, their sum, the activation', () => {
    const lhs = problem()
      .steps.filter((s) => s.field === undefined || s.field === 'a1')
      .slice(0, 3);
    expect(lhs.map((s) => s.lhs)).toEqual(['\\mathbf{U} \\, \\mathbf{h}^{(0)}', '\\mathbf{W} \\, \\mathbf{x}^{(1)}', '\\mathbf{a}^{(1)}']);
    expect(valueToJson(lhs[0]!.value)).toEqual([2, -1]);
    expect(valueToJson(lhs[1]!.value)).toEqual([2, 1]);
  });
});
