/**
 * What each family tells the grader about its answers, checked against the
 * family's own computation rather than restated:
 *
 * - `mistakeTargets[m]` must be exactly the quantities that mistake m changes
 *   directly: run the mistaken rule with every other answer held at the key
 *   (as a student who got everything else right), and the answers that still
 *   differ are the ones the rule itself changes. The grader looks for a named
 *   mistake only in those quantities once the student has gone wrong, so a
 *   quantity missing from the list loses the mistake's feedback, and one too
 *   many names a mistake where it cannot act.
 * - `activationOf[q] = { pre, fn }` must hold in every key: q_t = fn(pre_t),
 *   component by component (the grader names an answer equal to pre_t
 *   "activation left out").
 */
import { describe, expect, it } from 'vitest';
import { listFamilies, type AnyFamily } from '../../src/families/registry.js';
import { generateProblemSet } from '../../src/problems.js';
import { components, valueToJson, type Value } from '../../src/core/value.js';
import { toNumber } from '../../src/core/num.js';
import { coverModuleLoad, sweepSeeds } from '../support/fixture.js';

coverModuleLoad(() => import('../../src/families/registry.js'));

/** `h12` → `h` (written here, so the check does not lean on the engine's own split). */
const quantityOf = (name: string): string => /^(.*?)\d*$/.exec(name)![1]!;
const same = (a: Value | undefined, b: Value | undefined): boolean => a !== undefined && b !== undefined && JSON.stringify(valueToJson(a)) === JSON.stringify(valueToJson(b));

/** The options each family is tried with: its defaults, and biases and tanh where it offers them. */
function optionSets(family: AnyFamily): Record<string, unknown>[] {
  const sets: Record<string, unknown>[] = [{}];
  // Square weights (input size = hidden size) let U and W be swapped at all.
  for (const extra of [{ bias: true }, { activation: 'tanh' }, { bias: true, activation: 'tanh' }, { input: 2, hidden: 2 }, { input: 2, hidden: 2, bias: true }]) {
    try {
      family.parseOptions(extra);
      sets.push(extra);
    } catch {
      /* not offered by this family */
    }
  }
  return sets;
}

/** The quantities mistake `m` changes with every other answer at the key, over several problems, and how many runs it took. */
function directlyChanged(family: AnyFamily, m: string, seeds: number): { changed: string[]; runs: number } {
  const changed = new Set<string>();
  let runs = 0;
  for (const options of optionSets(family)) {
    for (let i = 0; i < seeds; i++) {
      const p = generateProblemSet(family.id, `targets-${i}`, 1, options).problems[0]!;
      if (!(family.mistakeApplies?.(p.given, m as never) ?? true)) continue;
      for (const name of p.answers.keys()) {
        const others = new Map([...p.answers].filter(([n]) => n !== name));
        const wrong = family.recompute(p.given, others, m as never);
        if (!wrong) continue; // the shapes do not allow this mistake
        runs++;
        if (!same(wrong.get(name), p.answers.get(name))) changed.add(quantityOf(name));
      }
    }
  }
  return { changed: [...changed].sort(), runs };
}

/**
 * Targets that the rule does not change directly but that a student making the
 * mistake gets wrong from scratch, so generation keeps them apart from the key:
 * the gradient at the end of a pass built on the mistaken steps, and the total
 * of a parameter count whose parts left out the biases.
 */
const DOWNSTREAM: Record<string, string[]> = {
  'bptt swapped-UW': ['grad'],
  'bptt missing-activation': ['grad'],
  'param-count missing-bias': ['total'],
};

const withTargets = listFamilies().flatMap((family) => family.mistakes.filter((m) => family.mistakeTargets[m] !== undefined).map((m) => [`${family.id} ${m}`, m, family] as const));

describe('mistake targets are the quantities each mistake changes directly', () => {
  it.each(withTargets)('%s', (name, m, family) => {
    const { changed, runs } = directlyChanged(family, m, sweepSeeds(12));
    expect(runs, 'the mistake could act on some problem').toBeGreaterThan(0);
    expect([...changed, ...(DOWNSTREAM[name] ?? [])].sort()).toEqual([...(family.mistakeTargets[m] as readonly string[])].sort());
  });
});

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

describe('every key squashes its pre-activation as activationOf says', () => {
  const withActivations = listFamilies().filter((f) => f.activationOf !== undefined);

  it('is declared by the gated families', () => {
    expect(withActivations.map((f) => f.id).sort()).toEqual(['gru', 'lstm']);
  });

  it.each(withActivations.map((f) => [f.id, f] as const))('%s', (_, family) => {
    let checked = 0;
    for (const options of optionSets(family)) {
      for (let i = 0; i < sweepSeeds(12); i++) {
        const p = generateProblemSet(family.id, `activation-${i}`, 1, options).problems[0]!;
        for (const [name, value] of p.answers) {
          const t = /\d+$/.exec(name)?.[0];
          const a = family.activationOf![quantityOf(name)];
          if (!a || t === undefined) continue;
          const pre = p.answers.get(`${a.pre}${t}`);
          expect(pre, `${family.id} ${name}: ${a.pre}${t}`).toBeDefined();
          const fn = a.fn === 'σ' ? sigma : Math.tanh;
          const want = components(pre!).map((x) => fn(toNumber(x)));
          const got = components(value).map(toNumber);
          got.forEach((g, k) => expect(g, `${family.id} ${name}[${k}]`).toBeCloseTo(want[k]!, 12));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('names each squashed answer in words for the feedback, with the lecture’s symbol', () => {
    const words = Object.fromEntries(withActivations.map((f) => [f.id, Object.fromEntries(Object.entries(f.activationOf!).map(([q, a]) => [q, a.what]))]));
    expect(words).toEqual({
      lstm: { f: 'the forget gate f', i: 'the input gate i', o: 'the output gate o', ctilde: 'the candidate C̃' },
      gru: { z: 'the update gate z', r: 'the reset gate r', htilde: 'the candidate h̃' },
    });
  });
});
