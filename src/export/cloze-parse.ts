/**
 * Moodle's own Cloze reader, ported: `qtype_multianswer_extract_question` and
 * the `ANSWER_REGEX` family from `question/type/multianswer/questiontype.php`
 * (Moodle 3.x/4.x, the version with MULTICHOICE_S and MULTIRESPONSE). The
 * exporter runs every question text through it and checks that Moodle would
 * read back exactly the subquestions that were written; the tests use it to
 * show that TeX braces in the text are left alone.
 *
 * The regexes are Moodle's, character for character (PHP's `'\\\\'` is one
 * escaped backslash, `\\` here). `html_entity_decode` is reduced to the
 * entities the exporter writes (numeric ones, amp, lt, gt, quot, apos).
 */

const FRACTION = '=|%(-?[0-9]+(?:[.,][0-9]*)?)%';
/** An option runs lazily up to `~`, `#` or `}` that is not preceded by `\`, `&` or `&amp;`. */
const ANSWER = '.+?(?<!\\\\|&|&amp;)(?=[~#}]|$)';
const FEEDBACK = '.*?(?<!\\\\)(?=[~}]|$)';
const ALTERNATIVE = `(${FRACTION})?(${ANSWER})(#(${FEEDBACK}))?`;
const NUMBER = '-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)';
const NUMERICAL_ALTERNATIVE = new RegExp(`^(${NUMBER})(:${NUMBER})?$`, 's');

/** Type names in Moodle's order: the position of each group decides the type. */
const TYPE_GROUPS = [
  ['NUMERICAL', 'NM'],
  ['MULTICHOICE', 'MC'],
  ['MULTICHOICE_V', 'MCV'],
  ['MULTICHOICE_H', 'MCH'],
  ['SHORTANSWER', 'SA', 'MW'],
  ['SHORTANSWER_C', 'SAC', 'MWC'],
  ['MULTICHOICE_S', 'MCS'],
  ['MULTICHOICE_VS', 'MCVS'],
  ['MULTICHOICE_HS', 'MCHS'],
  ['MULTIRESPONSE', 'MR'],
  ['MULTIRESPONSE_H', 'MRH'],
  ['MULTIRESPONSE_S', 'MRS'],
  ['MULTIRESPONSE_HS', 'MRHS'],
] as const;
const TYPE_DEF = TYPE_GROUPS.map((names) => `(${names.join('|')})`).join('|');

/**
 * Where Moodle would see Cloze syntax in plain text: a subquestion start
 * `{digits:TYPE:` or a `{#n}` placeholder. Only these braces matter; every
 * other brace (TeX's `h^{(1)}`, `\frac{1}{2}`) is plain text to Moodle.
 */
const CLOZE_LOOKALIKE = new RegExp(`\\{(?=[0-9]*:(?:${TYPE_GROUPS.flat().join('|')}):|#[0-9]*\\})`, 'g');

/**
 * Turns the `{` of anything Moodle would read as Cloze syntax into `&#123;`,
 * which the browser and MathJax read as `{` but Moodle's Cloze reader skips.
 * @example neutralizeCloze('\\(a_{1:NM:2}\\) {#1} h^{(1)}') // "\\(a_&#123;1:NM:2}\\) &#123;#1} h^{(1)}"
 */
export function neutralizeCloze(text: string): string {
  return text.replace(CLOZE_LOOKALIKE, '&#123;');
}
const ANSWER_REGEX = new RegExp(`\\{([0-9]*):(${TYPE_DEF}):(${ALTERNATIVE}(~${ALTERNATIVE})*)\\}`, 's');
const ALTERNATIVES_GROUP = 3 + TYPE_GROUPS.length;
const ONE_ALTERNATIVE = new RegExp(`~?${ALTERNATIVE}`, 's');

export interface ParsedAlternative {
  /** Answer text after Moodle's unescaping (a number's digits for NUMERICAL). */
  answer: string;
  /** 1 for `=`, the percentage / 100 for `%50%`, else 0. */
  fraction: number;
  /** NUMERICAL only: the error margin as written (0 when absent). */
  tolerance?: string;
  feedback: string;
}

export interface ParsedSubquestion {
  /** The whole `{…}` as it stood in the text. */
  source: string;
  weight: number;
  /** Canonical type name, e.g. `NUMERICAL`, `MULTICHOICE_S`. */
  type: string;
  alternatives: ParsedAlternative[];
}

export interface ParsedCloze {
  /** The text with each subquestion replaced by `{#1}`, `{#2}`, … as Moodle stores it. */
  text: string;
  subquestions: ParsedSubquestion[];
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** PHP's html_entity_decode for the entities the exporter writes. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function parseAlternatives(remaining: string, numerical: boolean): ParsedAlternative[] {
  const out: ParsedAlternative[] = [];
  for (let m = ONE_ALTERNATIVE.exec(remaining); m; m = ONE_ALTERNATIVE.exec(remaining)) {
    const fraction = m[1] === '=' ? 1 : m[2] ? 0.01 * Number(m[2].replace(',', '.')) : 0;
    const feedback = m[5] === undefined ? '' : decodeEntities(m[5]).replaceAll('\\}', '}').replaceAll('\\#', '#');
    const raw = m[3] ?? '';
    const num = numerical ? NUMERICAL_ALTERNATIVE.exec(raw) : null;
    if (num) {
      out.push({ answer: num[1] ?? '', fraction, tolerance: num[6] ?? '0', feedback });
    } else {
      out.push({ answer: decodeEntities(raw).replaceAll('\\}', '}').replaceAll('\\#', '#'), fraction, feedback });
    }
    // PHP: explode($altregs[0], $remainingalts, 2)[1] — the text after the first occurrence.
    const at = remaining.indexOf(m[0]);
    remaining = remaining.slice(at + m[0].length);
    if (m[0].length === 0) break;
  }
  return out;
}

/**
 * Reads a Cloze question text the way Moodle does on import.
 * @example parseCloze('\\(h_{1}\\) = {1:NUMERICAL:=4:0}').subquestions[0].alternatives[0] // { answer: '4', fraction: 1, tolerance: '0', feedback: '' }
 */
export function parseCloze(questionText: string): ParsedCloze {
  let text = questionText;
  const subquestions: ParsedSubquestion[] = [];
  for (let position = 1, m = ANSWER_REGEX.exec(text); m; position++, m = ANSWER_REGEX.exec(text)) {
    const typeIndex = TYPE_GROUPS.findIndex((_, i) => m?.[3 + i] !== undefined && m[3 + i] !== '');
    const type = TYPE_GROUPS[typeIndex]?.[0] ?? '';
    subquestions.push({
      source: m[0],
      weight: m[1] === '' || m[1] === undefined ? 1 : Number(m[1]),
      type,
      alternatives: parseAlternatives(m[ALTERNATIVES_GROUP] ?? '', type === 'NUMERICAL'),
    });
    text = text.replace(m[0], () => `{#${position}}`);
  }
  return { text, subquestions };
}
