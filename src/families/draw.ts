/**
 * Random draws for generation (SPEC §4 defaults): weights in [-3, 3], inputs
 * one-hot or in [-2, 2], initial states in [-2, 2]; halves mode draws
 * multiples of 1/2. All randomness goes through the seeded Rng.
 */
import { z } from 'zod';
import type { Rng } from '../core/rng.js';
import { ONE, ZERO, scaled, type Num, isExact } from '../core/num.js';
import type { Fraction } from '../core/num.js';
import type { Mat, Vec } from '../core/linalg.js';
import type { WeightsMode } from './engine.js';

export const WEIGHT_RANGE = 3;
export const INPUT_RANGE = 2;
export const STATE_RANGE = 2;

/** An integer in [-range, range], or a multiple of 1/2 there in halves mode. */
export function drawEntry(rng: Rng, range: number, mode: WeightsMode = 'integers'): Fraction {
  return mode === 'halves' ? scaled(rng.int(-2 * range, 2 * range), 2) : scaled(rng.int(-range, range), 1);
}

/* Plain loops below, not Array.from({ length }): the draw runs for every candidate, and the draws keep their order. */

export function drawVector(rng: Rng, n: number, range: number, mode: WeightsMode = 'integers'): Vec {
  const v: Vec = [];
  for (let i = 0; i < n; i++) v.push(drawEntry(rng, range, mode));
  return v;
}

export function drawMatrix(rng: Rng, rows: number, cols: number, range: number, mode: WeightsMode = 'integers'): Mat {
  const m: Mat = [];
  for (let r = 0; r < rows; r++) m.push(drawVector(rng, cols, range, mode));
  return m;
}

export function drawOneHot(rng: Rng, d: number): Vec {
  const hot = rng.int(0, d - 1);
  const v: Vec = [];
  for (let i = 0; i < d; i++) v.push(i === hot ? ONE : ZERO);
  return v;
}

export type InputMode = 'one-hot' | 'integers';

/** T input vectors of length d: one-hot words (the lecture's classwork) or small integers. */
export function drawInputs(rng: Rng, steps: number, d: number, inputs: InputMode): Vec[] {
  const xs: Vec[] = [];
  for (let t = 0; t < steps; t++) xs.push(inputs === 'one-hot' ? drawOneHot(rng, d) : drawVector(rng, d, INPUT_RANGE));
  return xs;
}

const isZero = (x: Num): boolean => (isExact(x) ? x.n === 0n : x === 0);
export const isZeroVector = (v: Vec): boolean => v.every(isZero);
export const isZeroMatrix = (m: Mat): boolean => m.every(isZeroVector);
export const hasZeroRow = (m: Mat): boolean => m.some(isZeroVector);

/** Shared option fields (zod), so every family spells them the same way. */
export const optionFields = {
  hidden: z.number().int().min(1).max(4),
  input: z.number().int().min(1).max(5),
  steps: z.number().int().min(1).max(5),
  classes: z.number().int().min(2).max(5),
  activation: z.enum(['identity', 'tanh']),
  bias: z.boolean(),
  weights: z.enum(['integers', 'halves']),
  inputs: z.enum(['one-hot', 'integers']),
  notation: z.enum(['separate', 'concatenated']),
  /** With the identity activation a_t and h_t are one number: ask (and score) it once, as h_t. */
  identity_once: z.boolean(),
};

/** Label names for output classes, the lecture's POS tags first. */
export const DEFAULT_LABELS = ['ADJ', 'DET', 'NOUN', 'VERB', 'ADV'] as const;
