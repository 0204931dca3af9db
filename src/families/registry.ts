/**
 * Every problem family, by id. Adding a family touches its own module and this list.
 */
import { OptionError } from '../core/errors.js';
import type { Value } from '../core/value.js';
import { FAMILY_IDS, type FamilyId } from './contract.js';
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

const FAMILIES: Partial<Record<FamilyId, AnyFamily>> = {
  'rnn-forward': rnnForward,
  'birnn-forward': birnnForward,
  'rnn-classify': rnnClassify,
  bptt: bptt,
  'param-count': paramCount,
  'rnn-architecture': rnnArchitecture,
  lstm: lstm,
  gru: gru,
  'multiple-choice': multipleChoice,
};

export function isFamilyId(id: string): id is FamilyId {
  return (FAMILY_IDS as readonly string[]).includes(id);
}

/** @example getFamily('lstm').solve(given) */
export function getFamily(id: string): AnyFamily {
  const family = isFamilyId(id) ? FAMILIES[id] : undefined;
  if (!family) throw new OptionError('family', `unknown family ${JSON.stringify(id)} (known: ${listFamilies().map((f) => f.id).join(', ')})`);
  return family;
}

export function listFamilies(): AnyFamily[] {
  return FAMILY_IDS.flatMap((id) => (FAMILIES[id] ? [FAMILIES[id] as AnyFamily] : []));
}

/**
 * A problem's title as the exam and the key print it: the family's title, or
 * the family's own topic for what was drawn (bptt's vanishing or exploding gradient).
 * @example problemTitle({ family: 'bptt', given, answers }) // "Backpropagation through time: the vanishing gradient"
 */
export function problemTitle(p: { family: string; given: object; answers: ReadonlyMap<string, Value> }): string {
  const family = getFamily(p.family);
  return family.topic?.(p.given, p.answers) ?? family.title;
}
