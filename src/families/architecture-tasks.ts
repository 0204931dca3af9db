/**
 * Tasks for `rnn-architecture`, each with exactly one clear input/output shape
 * (Karpathy's "unreasonable effectiveness" picture, which the lecture's "Types
 * of RNNs" slide shows). Tasks whose shape depends on the modelling choice
 * (speech recognition: aligned with CTC, encoder-decoder otherwise; extractive
 * question answering) are left out on purpose.
 */

/** The five answers, spelled exactly as SPEC §2 writes them. */
export const ARCHITECTURES = ['one-to-one', 'one-to-many', 'many-to-one', 'many-to-many (aligned)', 'many-to-many (encoder-decoder)'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface ArchitectureTask {
  task: string;
  architecture: Architecture;
}

export const ARCHITECTURE_TASKS: readonly ArchitectureTask[] = [
  // one fixed-size input, one output: no sequence at all
  { task: 'Image classification: decide whether a single photo shows a cat or a dog', architecture: 'one-to-one' },
  { task: 'Predict the price of a house from one fixed-size vector of its features', architecture: 'one-to-one' },
  { task: 'Decide from one patient record (a fixed vector of blood-test results) whether a disease is present', architecture: 'one-to-one' },
  // one input, a sequence out
  { task: 'Image captioning: generate a sentence that describes a single image', architecture: 'one-to-many' },
  { task: 'Music generation: compose a melody, note by note, from a single seed note', architecture: 'one-to-many' },
  { task: 'Generate a sequence of pen strokes that writes out a single given character', architecture: 'one-to-many' },
  // a sequence in, one output
  { task: 'Sentiment analysis: decide whether a movie review is positive or negative', architecture: 'many-to-one' },
  { task: 'Spam detection: classify an e-mail, read word by word, as spam or not spam', architecture: 'many-to-one' },
  { task: 'Video classification: give a whole video clip (a sequence of frames) one activity label', architecture: 'many-to-one' },
  { task: 'Language identification: tell which language a sentence is written in', architecture: 'many-to-one' },
  { task: 'Topic classification: assign a news article to one of ten sections (sport, politics, …)', architecture: 'many-to-one' },
  // one output per input, in step
  { task: 'Part-of-speech tagging: give every word of a sentence its tag (NOUN, VERB, …)', architecture: 'many-to-many (aligned)' },
  { task: 'Named-entity recognition: label every word as person, place, organisation or other', architecture: 'many-to-many (aligned)' },
  { task: 'Frame-level video labelling: mark every frame of a video as "goal" or "no goal"', architecture: 'many-to-many (aligned)' },
  { task: 'Character-level language model: at every position of a text, predict the next character', architecture: 'many-to-many (aligned)' },
  // a sequence in, a sequence of another length out
  { task: 'Machine translation: translate an English sentence into French', architecture: 'many-to-many (encoder-decoder)' },
  { task: 'Text summarization: write a short summary of a long news article', architecture: 'many-to-many (encoder-decoder)' },
  { task: "Chatbot: read a user's message and write a reply of any length", architecture: 'many-to-many (encoder-decoder)' },
];

/** The table's answer for a task text (spacing and case ignored), or undefined. */
export function architectureOf(task: string): Architecture | undefined {
  const key = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return ARCHITECTURE_TASKS.find((t) => key(t.task) === key(task))?.architecture;
}

/** Why each architecture fits, in words for the worked solution (plain text: no TeX specials). */
export const ARCHITECTURE_REASONS: Record<Architecture, string> = {
  'one-to-one': 'one fixed-size input, one output, no sequence',
  'one-to-many': 'one input, then a sequence of outputs',
  'many-to-one': 'a sequence of inputs, one output after the last step',
  'many-to-many (aligned)': 'one output for every input, step by step',
  'many-to-many (encoder-decoder)': 'the whole input sequence is read first, then an output sequence of its own length is written',
};
