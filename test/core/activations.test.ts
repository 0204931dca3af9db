/**
 * The lecture's non-linear functions, against values worked out by hand or with
 * Math directly: σ(2) = 1 / (1 + e^-2) = 0.8808, softmax([1, 2, 3]) = e^k / (e + e² + e³)
 * = [0.0900, 0.2447, 0.6652]; saturation and overflow at ±1000; exact inputs.
 */
import { describe, expect, it } from 'vitest';
import { argmax, sigmoid, sigmoidVec, softmax, tanh, tanhVec, winningMargin } from '../../src/core/activations.js';
import { q } from '../../src/core/num.js';

describe('sigmoid and tanh', () => {
  it.each([
    [0, 0.5],
    [2, 1 / (1 + Math.exp(-2))],
    [-2, Math.exp(-2) / (1 + Math.exp(-2))],
    // Saturated, not NaN: e^1000 overflows, so each sign needs its own form.
    [1000, 1],
    [-1000, 0],
    [-40, Math.exp(-40)],
  ])('σ(%d) = %d', (x, want) => {
    expect(sigmoid(x)).toBeCloseTo(want, 15);
    expect(Number.isFinite(sigmoid(x))).toBe(true);
  });

  it('keeps σ of a very negative x above 0 (e^x / (1 + e^x), not 1 / (1 + e^-x) whose e^-x overflows)', () => {
    // e^-720 ≈ 1.6e-313 is a subnormal double; 1 / (1 + e^720) would be 1 / ∞ = 0.
    expect(sigmoid(-720)).toBeGreaterThan(0);
    expect(sigmoid(-720)).toBe(Math.exp(-720));
  });

  it('reads exact inputs as their value: σ(1/2), tanh(−1/2)', () => {
    expect(sigmoid(q(1, 2))).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 15);
    expect(tanh(q(-1, 2))).toBeCloseTo(-0.46211715726000974, 15);
  });

  it('applies element-wise to a vector', () => {
    expect(sigmoidVec([q(0), 2]).map((v) => v.toFixed(4))).toEqual(['0.5000', '0.8808']);
    expect(tanhVec([q(1), -2]).map((v) => v.toFixed(4))).toEqual(['0.7616', '-0.9640']);
  });
});

describe('softmax', () => {
  it('gives e^k / (e + e² + e³) for [1, 2, 3] and sums to 1', () => {
    const o = softmax([q(1), q(2), q(3)]);
    const s = Math.E + Math.E ** 2 + Math.E ** 3;
    o.forEach((v, i) => expect(v).toBeCloseTo(Math.E ** (i + 1) / s, 12));
    expect(o.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('does not overflow on large logits (shifted by the maximum)', () => {
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
    const o = softmax([1000, 0]);
    expect(o[0]).toBe(1);
    expect(o[1]).toBeCloseTo(0, 300);
    expect(softmax([-1000, -1001])[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

describe('argmax and the winning margin', () => {
  it.each([
    [[5, 1], 0],
    [[-2, -1], 1],
    [[1, 3, 3], 1], // the first of a tie
    [[2], 0],
  ])('argmax(%j) = %i', (v, want) => {
    expect(argmax(v.map((x) => q(x)))).toBe(want);
  });

  it.each([
    [[1, 4, 2], 2],
    [[-1, -5], 4],
    [[3, 3], 0],
    [[7], Infinity],
  ])('winningMargin(%j) = %d', (v, want) => {
    expect(winningMargin(v.map((x) => q(x)))).toBe(want);
  });
});
