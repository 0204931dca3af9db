/**
 * The seams between the Moodle export and the exam build: the versions of a
 * bank as the build plans them (no PDF written), and statements from the
 * family templates rendered for the `tex` target.
 */
import type { Bank } from '../bank/load.js';
import { manifestHeader, planVersion, versionIds } from '../plan/plan.js';
import { statementContext, templatesDir } from '../plan/templates.js';
import type { Manifest } from '../manifest.js';
import { createTemplateEnvironment } from '../render/template-env.js';
import type { StatementRenderer } from './question.js';
import { choiceStem, textToHtml } from './statement.js';

/**
 * Moodle questions carry no online link, so the version tokens are signed
 * with this fixed, public string instead of the server secret (which is then
 * neither read nor created). The versions themselves depend only on the bank
 * and the seed: `export moodle` and `build` with the same seed give the same
 * V01, V02, ….
 */
const NO_TOKEN_SECRET = 'moodle-export: tokens are not exported';

/**
 * The N versions of a bank, exactly as `rnnquiz build` draws them.
 * @example bankVersions(loadBank('question-banks/rnn-midterm.yaml'), '2026', 3).versions.length // 3
 */
export function bankVersions(bank: Bank, seed: string, versions: number): Manifest {
  return {
    ...manifestHeader(bank, { seed, versions, baseUrl: '' }),
    versions: versionIds(versions).map((id) => planVersion(bank, seed, id, NO_TOKEN_SECRET)),
  };
}

/**
 * Statements from `templates/families/<family>.njk`, math as `\( … \)` / `\[ … \]`
 * for Moodle's MathJax filter, turned into HTML; choice questions show their
 * stem only (the drop-down lists the choices).
 * @example templateStatement()(problem) // "<p>Consider a simple RNN that predicts as<br>\n\\[ … \\]…"
 */
export function templateStatement(dir: string = templatesDir()): StatementRenderer {
  const env = createTemplateEnvironment({ target: 'tex', searchPaths: [dir] });
  return (problem) => choiceStem(problem) ?? textToHtml(env.render(`families/${problem.family}.njk`, statementContext(problem)));
}
