/** One `NAME=value` (or a bare `NAME`, value null) from a recorded ENV, ARG or build-arg list. */
export interface Pair {
  readonly name: string;
  /** Exactly as it appears in the recorded text (inside quotes when quoted), so it can be found and replaced. */
  readonly value: string | null;
}

const PAIR_START = /([A-Za-z_][\w.-]*)=/y;
const WORD = /\S+/y;
const SPACE = /\s*/y;
/** Where the command of a `|N a=1 b=2 <command>` entry starts: a shell (`/bin/sh -c`, `/bin/bash -o …`, `cmd /S /C`). */
const SHELL_START = /\s(?:\/\S*sh\s+-|cmd\s+\/S\s+\/C\s)/g;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function skipSpace(text: string, at: number): number {
  return at + (matchAt(SPACE, text, at)?.[0].length ?? 0);
}

function wordEnd(text: string, at: number): number {
  return at + (matchAt(WORD, text, at)?.[0].length ?? 0);
}

/** A quoted value's inner span, or null when `at` does not open a closed quote. */
function quotedSpan(text: string, at: number): { start: number; end: number } | null {
  const quote = text[at];
  if (quote !== '"' && quote !== "'") return null;
  for (let i = at + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return { start: at + 1, end: i };
  }
  return null;
}

/**
 * Reads `NAME=value` pairs as the builders record them. Both builders drop the Dockerfile's quotes (`ENV X="a b"` is
 * recorded as `ENV X=a b`), so a word that does not start a new pair continues the previous value. With `limit`,
 * reading stops after that many pairs and the last value ends where a shell command starts (or after one word);
 * `end` is where the unread rest begins.
 */
export function readPairs(text: string, limit = Number.POSITIVE_INFINITY): { pairs: Pair[]; end: number } {
  const pairs: Pair[] = [];
  let at = skipSpace(text, 0);
  while (at < text.length && pairs.length < limit) {
    const start = matchAt(PAIR_START, text, at);
    if (!start) {
      const end = wordEnd(text, at);
      pairs.push({ name: text.slice(at, end), value: null });
      at = skipSpace(text, end);
      continue;
    }
    const name = start[1] ?? '';
    const valueStart = at + start[0].length;
    const quoted = quotedSpan(text, valueStart);
    let valueEnd: number;
    if (quoted) {
      valueEnd = quoted.end;
      at = quoted.end + 1;
    } else if (pairs.length + 1 === limit) {
      valueEnd = lastValueEnd(text, valueStart);
      at = valueEnd;
    } else {
      valueEnd = wordEnd(text, valueStart);
      for (let next = skipSpace(text, valueEnd); next < text.length && !matchAt(PAIR_START, text, next);) {
        valueEnd = wordEnd(text, next);
        next = skipSpace(text, valueEnd);
      }
      at = valueEnd;
    }
    pairs.push({ name, value: text.slice(quoted ? quoted.start : valueStart, valueEnd) });
    at = skipSpace(text, at);
  }
  return { pairs, end: at };
}

function lastValueEnd(text: string, valueStart: number): number {
  const firstWordEnd = wordEnd(text, valueStart);
  SHELL_START.lastIndex = firstWordEnd;
  const shell = SHELL_START.exec(text);
  return shell ? shell.index : firstWordEnd;
}
