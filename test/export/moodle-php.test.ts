/**
 * Optional: the export run through Moodle's own PHP code. Skipped unless
 * MOODLE_DIR points at a Moodle source tree (4.x or 5.x; nothing of it is in
 * this repository) and `php` is on the PATH:
 *
 *   MOODLE_DIR=~/src/moodle npx vitest run test/export/moodle-php.test.ts
 *
 * The driver below takes, unchanged, from MOODLE_DIR: the Cloze reader
 * (`qtype_multianswer_extract_question` and its regexes), the numerical
 * answer processor (`qtype_numerical_answer_processor`: how a response is
 * read), the tolerance check (`qtype_numerical_answer`) and the short-answer
 * match (`compare_string_with_wildcard`). Its own glue is only what
 * `qtype_numerical_question::get_matching_answer` does (the first answer
 * that matches gives the credit) and a few stand-ins for Moodle's framework.
 * It reads the responses as on an English site (decimal point `.`, thousands
 * separator `,`).
 *
 * For each box of a generated bank it types what a student would (the key,
 * decimals, commas, the Unicode minus, fractions, k/2, values at the edge of
 * the tolerance) and compares Moodle's credit with rnnquiz's grader.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { graderCredits } from './credit.js';
import { loadBank } from '../../src/bank/load.js';
import { type Num, formatNum, isExact, toNumber } from '../../src/core/num.js';
import { components } from '../../src/core/value.js';
import { bankViews } from '../../src/export/from-bank.js';
import { moodleMarkMultiplier } from '../../src/export/moodle.js';
import { clozeQuestion } from '../../src/export/question.js';
import { DEFAULT_TOLERANCE } from '../../src/grading/types.js';

const MOODLE = process.env.MOODLE_DIR ?? '';
const hasPhp = spawnSync('php', ['-v']).status === 0;
const ready = MOODLE !== '' && hasPhp && existsSync(join(MOODLE, 'question/type/multianswer/questiontype.php'));

/** PHP: loads Moodle's pieces from MOODLE_DIR and grades the typed responses given on stdin (JSON). */
const DRIVER = String.raw`
define('FORMAT_HTML', 1);
class coding_exception extends Exception {}
class qtype_multichoice_base { const LAYOUT_DROPDOWN = 0; const LAYOUT_VERTICAL = 1; const LAYOUT_HORIZONTAL = 2; }
class question_answer {
  public $id; public $answer; public $fraction; public $feedback; public $feedbackformat;
  public function __construct($id, $answer, $fraction, $feedback, $feedbackformat) {
    $this->id = $id; $this->answer = $answer; $this->fraction = $fraction; $this->feedback = $feedback; $this->feedbackformat = $feedbackformat;
  }
}
function get_string($id, $c = '') { return $id; }
$dir = getenv('MOODLE_DIR');
$between = function ($file, $from, $to) use ($dir) {
  $src = file_get_contents("$dir/$file");
  $a = strpos($src, $from);
  if ($a === false) { fwrite(STDERR, "not found in $file: $from\n"); exit(3); }
  $b = $to === null ? strlen($src) : strpos($src, $to, $a);
  return substr($src, $a, $b - $a);
};
eval($between('question/type/multianswer/questiontype.php', "define('ANSWER_ALTERNATIVE_FRACTION_REGEX'", 'function qtype_multianswer_validate_question'));
eval($between('question/type/numerical/questiontype.php', 'class qtype_numerical_answer_processor', null));
eval($between('question/type/numerical/question.php', 'class qtype_numerical_answer extends question_answer', null));
$wild = $between('question/type/shortanswer/question.php', 'public static function compare_string_with_wildcard', "\n    }\n");
eval('class shortanswer_match { public static function safe_normalize($s) { return class_exists("Normalizer") ? Normalizer::normalize($s, Normalizer::FORM_C) : $s; } ' . $wild . "\n    }\n}");
$ap = new qtype_numerical_answer_processor([], false, '.', ',');
$jobs = json_decode(stream_get_contents(STDIN), true);
$out = [];
foreach ($jobs as $job) {
  $q = qtype_multianswer_extract_question(['text' => $job['text'], 'format' => 1, 'itemid' => '']);
  $res = ['mark' => $q->defaultmark, 'boxes' => []];
  foreach ($q->options->questions as $k => $sub) {
    $stored = [];
    foreach ($sub->answer as $i => $a) {
      // Moodle stores a NUMERICAL answer through apply_unit: a float, printed back as text.
      $stored[] = $sub->qtype === 'numerical' ? (string) $ap->apply_units($a)[0] : (is_array($a) ? $a['text'] : $a);
    }
    $verdicts = [];
    foreach ($job['inputs'][$k - 1] ?? [] as $typed) {
      $credit = 0.0; $feedback = ''; $read = null;
      if ($sub->qtype === 'numerical') {
        [$value] = $ap->apply_units($typed);
        $read = $value;
        if ($value !== null) {
          foreach ($sub->answer as $i => $a) {
            $ans = new qtype_numerical_answer($i, $stored[$i], $sub->fraction[$i], $sub->feedback[$i]['text'], 1, $sub->tolerance[$i]);
            if ($ans->within_tolerance($value)) { $credit = (float) $sub->fraction[$i]; $feedback = $sub->feedback[$i]['text']; break; }
          }
        }
      } else if ($sub->qtype === 'shortanswer') {
        foreach ($sub->answer as $i => $a) {
          if (shortanswer_match::compare_string_with_wildcard($typed, $a, true)) { $credit = (float) $sub->fraction[$i]; $feedback = $sub->feedback[$i]['text']; break; }
        }
      }
      $verdicts[] = ['credit' => $credit, 'feedback' => $feedback, 'read' => $read];
    }
    $res['boxes'][] = ['qtype' => $sub->qtype, 'weight' => (int) $sub->defaultmark, 'stored' => $stored, 'verdicts' => $verdicts];
  }
  $out[] = $res;
}
echo json_encode($out);
`;

/** What a student might type for a key `x`, each with a name for the tally. */
function inputsFor(x: Num, margin: number): [string, string][] {
  const e = toNumber(x);
  const list: [string, string][] = [];
  const minus = (s: string) => s.replace(/^-/, '\u2212');
  const comma = (s: string) => s.replace('.', ',');
  if (isExact(x)) {
    const printed = formatNum(x);
    list.push(['key as printed', printed], ['key, Unicode minus', minus(printed)], ['k/2', `${printed}/2`], ['2k', formatNum(x.mul(2))]);
    for (const d of [1, 2, 3, 4]) list.push([`${d} decimals`, e.toFixed(d)], [`${d} decimals, comma`, comma(e.toFixed(d))]);
    if (x.d !== 1n) list.push(['numerator', (x.s * x.n).toString()], ['fraction ×2', `${x.s * x.n * 2n}/${x.d * 2n}`]);
  } else {
    for (const d of [2, 3, 4, 5]) list.push([`${d} decimals`, e.toFixed(d)], [`${d} decimals, comma`, comma(e.toFixed(d))], [`${d} decimals, Unicode minus`, minus(e.toFixed(d))]);
    list.push(['x/2', `${e.toFixed(4)}/2`], ['half', (e / 2).toFixed(4)]);
    list.push(['just inside', String(e + 0.999 * margin)], ['just outside', String(e + 1.001 * margin)], ['edge', String(e - margin)]);
  }
  return list;
}

interface PhpBox {
  qtype: string;
  weight: number;
  stored: string[];
  verdicts: { credit: number; feedback: string; read: number | null }[];
}

describe.skipIf(!ready).each(['test/export/fixtures/mixed.yaml', 'question-banks/rnn-midterm.yaml'])("Moodle's own PHP code on the export of %s (MOODLE_DIR)", (bank) => {
  const views = bankViews(loadBank(bank), 'moodle-php', 3);
  const questionViews = views.versions.flatMap((v) => v.questions);
  const multiplier = moodleMarkMultiplier(views.versions);
  const questions = questionViews.map((q) => clozeQuestion(q, multiplier));
  const keys = questionViews.map((q) => q.fields.flatMap((f) => (f.answer.kind === 'label' ? [null] : components(f.answer).map((x) => ({ x, tol: f.tolerance ?? DEFAULT_TOLERANCE })))));
  const jobs = questions.map((q, i) => ({
    text: q.questionText,
    inputs: keys[i]!.map((k) => (k ? inputsFor(k.x, Math.max(k.tol.atol, k.tol.rtol * Math.abs(toNumber(k.x)))).map(([, t]) => t) : [])),
  }));
  let result: { mark: number; boxes: PhpBox[] }[] = [];
  // Run at test time only (a skipped describe still collects its body).
  beforeAll(() => {
    result = JSON.parse(execFileSync('php', ['-d', 'precision=14', '-r', DRIVER], { input: JSON.stringify(jobs), env: { ...process.env, MOODLE_DIR: MOODLE }, maxBuffer: 1 << 28 }).toString());
  });

  it('reads back every box with the weights, and Moodle stores each NUMERICAL answer exactly as written', () => {
    result.forEach((r, i) => {
      const q = questions[i]!;
      expect(r.mark).toBe(q.mark);
      expect(r.boxes.map((b) => b.weight)).toEqual(q.subquestions.map((s) => s.weight));
      r.boxes.forEach((b, j) => {
        const s = q.subquestions[j]!;
        if (s.kind === 'box') expect(b.stored).toEqual(s.answers.map((a) => a.text));
      });
    });
  });

  it('credits what rnnquiz credits; where Moodle cannot, it is only the documented cases', () => {
    const tally = new Map<string, { agree: number; moodleOnly: number; rnnquizOnly: number; caught: number }>();
    result.forEach((r, i) => {
      r.boxes.forEach((b, j) => {
        const key = keys[i]![j];
        if (!key) return;
        const inputs = inputsFor(key.x, Math.max(key.tol.atol, key.tol.rtol * Math.abs(toNumber(key.x))));
        inputs.forEach(([kind, text], n) => {
          const v = b.verdicts[n]!;
          const name = `${isExact(key.x) ? 'exact' : 'tolerance'}: ${kind}`;
          const t = tally.get(name) ?? { agree: 0, moodleOnly: 0, rnnquizOnly: 0, caught: 0 };
          const ours = graderCredits(text, key.x, key.tol);
          const theirs = v.credit === 1;
          if (ours === theirs) t.agree++;
          else if (theirs) t.moodleOnly++;
          else t.rnnquizOnly++;
          if (!theirs && v.feedback !== '') t.caught++;
          tally.set(name, t);
        });
      });
    });
    console.log([...tally].map(([k, t]) => `${k.padEnd(38)} agree ${t.agree}  Moodle only ${t.moodleOnly}  rnnquiz only ${t.rnnquizOnly}  caught ${t.caught}`).join('\n'));
    // A wrong input credited by Moodle: only x/2 in a tolerance box (Moodle ignores what follows the number).
    const wronglyCredited = [...tally].filter(([, t]) => t.moodleOnly > 0).map(([k]) => k);
    expect(wronglyCredited.every((k) => k === 'tolerance: x/2')).toBe(true);
    // A right input Moodle does not credit: the documented cases only (0/2 for a key of 0, 22/4, a comma or − in a
    // tolerance box, a value typed to 16 digits exactly on the edge of the tolerance).
    const missed = [...tally].filter(([, t]) => t.rnnquizOnly > 0).map(([k]) => k);
    const documented = /^exact: (k\/2|fraction ×2)$|^tolerance: (\d decimals, (comma|Unicode minus)|edge)$/;
    expect(missed.filter((k) => !documented.test(k))).toEqual([]);
  });
});
