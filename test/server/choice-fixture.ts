/** The choice-mode scan bank built in memory, for the choice-mode page tests (in-process and in Chromium). */
import { readFileSync } from 'node:fs';
import { parseBank } from '../../src/bank/load.js';
import { examRules } from '../../src/bank/rules.js';
import { responseKey } from '../../src/grading/index.js';
import { manifestFromJson, manifestToJson, type Manifest, type ManifestVersion } from '../../src/manifest.js';
import { manifestHeader, planVersion, versionIds } from '../../src/plan/plan.js';
import { signStudentToken } from '../../src/version-token.js';

const FILE = 'test/scan/choice-bank.yaml';
const BUILD = 'build-choice-0001';

/** The choice-mode scan bank as a built manifest (round-tripped through JSON), signed with `secret`; with `student`, one roster student on V01. */
export function choiceManifest(secret: string, student?: string): Manifest {
  const bank = parseBank(readFileSync(FILE, 'utf8'), FILE);
  const versions = versionIds(1).map((id) => planVersion(bank, '2026', id, secret, BUILD));
  const header = manifestHeader(bank, { seed: '2026', versions: 1, baseUrl: 'http://127.0.0.1:3000', buildId: BUILD });
  const roster = student
    ? {
        rules: examRules({ kind: 'exam', feedback: 'full' }),
        students: [{ id: student, name: 'Ada Choice', version: 'V01', token: signStudentToken(secret, { bank: bank.name, buildId: BUILD, versionId: 'V01', student, generation: 0 }) }],
      }
    : {};
  const m: Manifest = { ...header, attempts: { limit: 5, counts: 'best' }, ...roster, versions };
  return manifestFromJson(JSON.parse(JSON.stringify(manifestToJson(m))));
}

/** Every choice field of a version: its response key, its options' texts and the key's letter. */
export function choiceFields(v: ManifestVersion): { key: string; texts: string[]; right: string; wrong: string }[] {
  return v.problems.flatMap((p) =>
    Object.entries(p.choices ?? {}).map(([name, options]) => {
      const at = options.findIndex((o) => o.key);
      return { key: responseKey(p, name), texts: options.map((o) => o.text), right: 'ABCDE'[at]!, wrong: 'ABCDE'[(at + 1) % options.length]! };
    }),
  );
}
