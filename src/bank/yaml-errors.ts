/**
 * YAML syntax errors in plain words, at the line to fix. The `yaml` package
 * reports parser terms ("Nested mappings are not allowed in compact
 * mappings") and, for a line indented too deep, the position of the line
 * ABOVE it, where its parser gave up. Each error code is mapped here to what
 * the author did and how to fix it, and moved to the line that needs the edit.
 */
import type { YAMLError } from 'yaml';
import type { Position } from './positions.js';

export interface YamlProblem extends Position {
  message: string;
  /** The offending line with a caret under the column: two lines of text. */
  excerpt: string;
}

/** The lines of a text with the offset each starts at. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Column (1-based) of the first character that is not a space or tab. */
const indentOf = (line: string): number => line.length - line.replace(/^[ \t]*/, '').length + 1;
const isBlank = (line: string | undefined): boolean => line === undefined || /^\s*(#.*)?$/.test(line);

/**
 * `  12 |     options: …` and a caret under `col`: what an editor's error gutter shows.
 * @example excerpt('a:\n  b: 1', 2, 3) // '   2 |   b: 1\n     |   ^'
 */
export function excerpt(lines: readonly string[], line: number, col: number): string {
  const text = (lines[line - 1] ?? '').replace(/\t/g, ' ').replace(/\r$/, '');
  const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
  const gutter = String(line).padStart(4);
  return `${gutter} | ${shown}\n${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, Math.min(col - 1, 100)))}^`;
}

/** The nearest line at or before `from` where a `[` or `{` is left open, and the column of that bracket, for a flow list that never closes. */
function openFlow(lines: readonly string[], from: number): Position | undefined {
  for (let l = from; l >= 1; l--) {
    const t = (lines[l - 1] ?? '').replace(/#.*$/, '');
    const open: number[] = [];
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '[' || t[i] === '{') open.push(i);
      else if ((t[i] === ']' || t[i] === '}') && open.length > 0) open.pop();
    }
    if (open.length > 0) return { line: l, col: (open[0] as number) + 1 };
  }
  return undefined;
}

/** The next non-blank line after `line`. */
function nextContentLine(lines: readonly string[], line: number): number | undefined {
  for (let l = line + 1; l <= lines.length; l++) if (!isBlank(lines[l - 1])) return l;
  return undefined;
}

/**
 * The plain-words reading of one YAML error, at the line to fix.
 * @example plainYamlError(text, error) // { line: 5, col: 6, message: 'this line is indented deeper than …', excerpt: '…' }
 */
export function plainYamlError(text: string, e: YAMLError): YamlProblem {
  const starts = lineStarts(text);
  const lines = text.split('\n');
  const at = (line: number, col: number, message: string): YamlProblem => ({ line, col, message, excerpt: excerpt(lines, line, col) });
  const offset = Math.min(e.pos[0], Math.max(0, text.length - 1));
  let line = lineAt(starts, offset);
  const col = offset - (starts[line - 1] as number) + 1;
  const source = lines[line - 1] ?? '';
  // An error at a line break belongs to the line after it.
  if (text[offset] === '\n' && line < lines.length) line++;
  const here = lines[line - 1] ?? '';
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return at(line, 1, 'a tab is used to indent this line: YAML indents with spaces only');
    case 'BAD_INDENT': {
      if (/flow (sequence|collection|mapping)/i.test(e.message)) {
        const open = openFlow(lines, line - 1) ?? { line, col: indentOf(here) };
        return at(
          open.line,
          open.col,
          `the list or map opened here with "${(lines[open.line - 1] ?? '')[open.col - 1] ?? '['}" is not closed: add the missing "${(lines[open.line - 1] ?? '')[open.col - 1] === '{' ? '}' : ']'}" before line ${line}`,
        );
      }
      return at(line, indentOf(here), 'this line is not lined up with the keys around it: keys of one map start in the same column (check the spaces at the start of the line)');
    }
    case 'MISSING_CHAR': {
      if (/quote/i.test(e.message)) {
        let l = line;
        for (let k = line; k >= 1; k--) {
          if (/(^|[\s:[{,])["']/.test(lines[k - 1] ?? '')) {
            l = k;
            break;
          }
        }
        return at(l, Math.max(1, (lines[l - 1] ?? '').search(/["']/) + 1), 'a quoted text starts on this line and is never closed: add the closing quote');
      }
      if (/sequence item/i.test(e.message)) {
        return at(line, indentOf(here), 'this line is indented like a list item but does not start with "- ": line it up with the keys of the item above, or start a new item with "- "');
      }
      return at(line, col, `a character is missing here: ${e.message.split('\n')[0]?.toLowerCase()}`);
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // `title: Midterm: RNNs`: a value with ": " in it must be quoted.
      const rest = source.slice(col - 1);
      if (/:\s/.test(rest) || /:$/.test(rest.trimEnd())) {
        return at(lineAt(starts, offset), col, `this value contains ": ", which YAML reads as a new key: put the value in quotes, e.g. "${rest.trim().replace(/"/g, '\\"').slice(0, 40)}"`);
      }
      // The parser stops at the value above a line indented too deep: point at that line.
      const next = nextContentLine(lines, lineAt(starts, offset)) ?? line;
      const keyLine = lineAt(starts, offset);
      return at(
        next,
        indentOf(lines[next - 1] ?? ''),
        `this line is indented deeper than the key above it (line ${keyLine}), which already has its value: line it up with that key (check the spaces at the start of the line)`,
      );
    }
    case 'DUPLICATE_KEY': {
      const key = /^\s*(?:-\s+)?([^:#]+?)\s*:/.exec(here)?.[1] ?? 'this key';
      return at(line, indentOf(here.replace(/^(\s*)-\s/, '$1  ')), `the key ${JSON.stringify(key)} appears twice in the same map: keep one`);
    }
    case 'MULTIPLE_DOCS':
      return at(line, col, 'a bank is one YAML document: remove the "---" line and what follows, or merge the documents');
    case 'BAD_DQ_ESCAPE':
      return at(line, col, 'a backslash in a "double-quoted" text starts an escape YAML does not know: use single quotes, or write \\\\ for a backslash');
    default:
      return at(line, col, `YAML cannot read this: ${e.message.split('\n')[0]?.replace(/\.$/, '')}`);
  }
}

/**
 * Every YAML error of a text in plain words; errors that land on the same line
 * (the parser often reports one slip twice) are kept once.
 */
export function plainYamlErrors(text: string, errors: readonly YAMLError[]): YamlProblem[] {
  const out: YamlProblem[] = [];
  for (const e of errors) {
    const p = plainYamlError(text, e);
    if (!out.some((o) => o.line === p.line)) out.push(p);
  }
  return out;
}
