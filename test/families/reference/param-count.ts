/**
 * Independent reference for param-count, plain JS numbers (no imports from
 * src/): per direction and gate block an n×n recurrent matrix, an n×d input
 * matrix and (with bias) one bias vector of n; the output layer maps the
 * dirs·n hidden numbers to k classes (plus k biases).
 */
import { only, type Json } from './plain.js';

export function reference(given: Json, mistake?: string): Record<string, number | number[] | string> {
  // missing-bias: the biases left out of the count.
  const bias = given.bias === true && only(mistake, ['missing-bias']) === undefined;
  const gates = ({ rnn: 1, lstm: 4, gru: 3 } as Record<string, number>)[String(given.cell)]!;
  const d = Number(given.d);
  const n = Number(given.n);
  const k = Number(given.k);
  const dirs = given.bidirectional === true ? 2 : 1;
  const biasN = bias ? n : 0;
  const biasK = bias ? k : 0;
  let recurrent = 0;
  for (let dir = 0; dir < dirs; dir++) for (let gate = 0; gate < gates; gate++) recurrent += n * n + n * d + biasN;
  const output = dirs * n * k + biasK;
  return { recurrent, output, total: recurrent + output };
}
