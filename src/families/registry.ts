/**
 * Every problem family, by id: the one list of families. Adding a family
 * touches its own module, this list and its statement template
 * (`templates/families/<id>.njk`); tests add toy families with `registerFamily`.
 */
import { suggest } from '../core/suggest.js';
import { OptionError } from '../core/errors.js';
import type { Value } from '../core/value.js';
import type { FamilyId } from './contract.js';
import type { Family } from './engine.js';
import { rnnForward } from './rnn-forward.js';
import { birnnForward } from './birnn-forward.js';
import { rnnClassify } from './rnn-classify.js';
import { bptt } from './bptt.js';
import { paramCount } from './param-count.js';
import { rnnArchitecture } from './rnn-architecture.js';
import { lstm } from './lstm.js';
import { gru } from './gru.js';
import { multipleChoice } from './multiple-choice.js';

/** A family with its given and options types erased: callers go through parseGiven/parseOptions. */
export type AnyFamily = Family<object, object>;

/** The built-in families in the order they are listed (help texts, error messages, tests). */
const BUILT_IN: readonly AnyFamily[] = [rnnForward, birnnForward, rnnClassify, lstm, gru, bptt, paramCount, rnnArchitecture, multipleChoice];

const FAMILIES = new Map<FamilyId, AnyFamily>(BUILT_IN.map((f) => [f.id, f]));

export function isFamilyId(id: string): id is FamilyId {
  return FAMILIES.has(id);
}

/** @example getFamily('lstm').solve(given) */
export function getFamily(id: string): AnyFamily {
  const family = FAMILIES.get(id);
  if (!family) {
    const ids = listFamilies().map((f) => f.id);
    const close = suggest(id, ids);
    throw new OptionError('family', `unknown family ${JSON.stringify(id)}${close === undefined ? '' : `; did you mean ${JSON.stringify(close)}?`} (known: ${ids.join(', ')})`);
  }
  return family;
}

export function listFamilies(): AnyFamily[] {
  return [...FAMILIES.values()];
}

/**
 * Adds a family (built with `defineFamily`) to the registry, so every command,
 * the bank loader and every writer know it; returns a function that removes it
 * again (tests). An id already taken is an error: a family is never replaced silently.
 * @example const unregister = registerFamily(toyFamily); … unregister();
 */
export function registerFamily<G extends object, O extends object>(family: Family<G, O>): () => void {
  if (FAMILIES.has(family.id)) throw new OptionError('family', `a family ${JSON.stringify(family.id)} is already registered`);
  FAMILIES.set(family.id, family as Family<object, object>);
  return () => {
    FAMILIES.delete(family.id);
  };
}

/**
 * A problem's topic as the exam and the key print it: the family's topic for
 * what was drawn (bptt's vanishing or exploding gradient), its fixed topic, or its title.
 * @example problemTitle({ family: 'bptt', given, answers }) // "Backpropagation through time: the vanishing gradient"
 */
export function problemTitle(p: { family: string; given: object; answers: ReadonlyMap<string, Value> }): string {
  const family = getFamily(p.family);
  return family.presentation?.topicOf?.(p.given, p.answers) ?? family.presentation?.topic ?? family.title;
}
