import { sanitizeForTerminal } from '../shared/escape.js';

/** Markdown that nothing from an image can break out of: shared by the Markdown report and the Markdown diff. */

const MARKDOWN_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Image text as inline GitHub Markdown: control characters made visible (so no line break can leave a table cell),
 * HTML kept out with entities, and every character that starts emphasis, code, links, tables, strikethrough or math
 * backslash-escaped (and `#`, `!`, `@`: no issue links, images or mentions), as well as a block marker at the start.
 */
export function escapeMarkdown(text: string): string {
  return sanitizeForTerminal(text)
    .replace(/[\\`*_[\]|~$#!@]/g, '\\$&')
    .replace(/[&<>]/g, (char) => MARKDOWN_ENTITIES[char] ?? char)
    .replace(/^(\s*)([#+\-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** One row of a GitHub table; cells are escaped by the caller. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A fenced code block whose fence is longer than any backtick run in the text, so nothing in it can close it. */
export function fencedBlock(text: string, language = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const lines = text.split('\n').map((line) => sanitizeForTerminal(line));
  return `${fence}${language}\n${lines.join('\n')}\n${fence}`;
}

/**
 * A code span that holds any text: control characters made visible, a fence longer than any backtick run inside,
 * and in a table `|` escaped (GFM splits cells before it parses code spans).
 */
export function codeSpan(text: string, inTable = true): string {
  const shown = sanitizeForTerminal(text);
  if (shown === '') return '';
  const content = inTable ? shown.replace(/\|/g, '\\|') : shown;
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}
