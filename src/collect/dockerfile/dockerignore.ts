import { posix } from 'node:path';

/** One `.dockerignore` pattern as Docker compiles it. */
export interface IgnorePattern {
  /** The cleaned pattern, without its `!`. */
  readonly pattern: string;
  /** A `!` exception: a path it matches is included again. */
  readonly exclusion: boolean;
  readonly matches: (path: string) => boolean;
}

export interface ParsedDockerignore {
  /** The patterns as Docker keeps them (`!` exceptions with their `!`). */
  readonly patterns: readonly string[];
  readonly compiled: readonly IgnorePattern[];
  readonly invalid: readonly { readonly line: number; readonly pattern: string; readonly message: string }[];
}

/**
 * Reads `.dockerignore` as Docker does (moby's dockerignore.ReadAll and patternmatcher): `#` comments, blank lines
 * dropped, each line trimmed, `!` exceptions, the path cleaned and a leading `/` dropped; a pattern Go's
 * filepath.Match would refuse (an unclosed `[`, a trailing `\`) is reported with its line instead of compiled.
 */
export function parseDockerignore(text: string): ParsedDockerignore {
  const patterns: string[] = [];
  const compiled: IgnorePattern[] = [];
  const invalid: { line: number; pattern: string; message: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    if (raw.startsWith('#')) return;
    let pattern = raw.trim();
    if (pattern === '') return;
    const exclusion = pattern.startsWith('!');
    if (exclusion) pattern = pattern.slice(1).trim();
    if (pattern !== '') {
      pattern = posix.normalize(pattern).replace(/\/+$/, '') || '/';
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    const line = index + 1;
    const shown = exclusion ? `!${pattern}` : pattern;
    if (exclusion && pattern === '') {
      invalid.push({ line, pattern: shown, message: 'an exception "!" needs a pattern' });
      return;
    }
    const problem = badPattern(pattern);
    if (problem) {
      invalid.push({ line, pattern: shown, message: problem });
      return;
    }
    patterns.push(shown);
    compiled.push({ pattern, exclusion, matches: compile(pattern) });
  });
  return { patterns, compiled, invalid };
}

/** Whether Docker leaves `path` (relative, forward slashes) out of the context: the last matching pattern wins. */
export function isIgnored(compiled: readonly IgnorePattern[], path: string): boolean {
  const file = path.replace(/\/+$/, '');
  const parent = posix.dirname(file);
  const parents = parent === '.' ? [] : parent.split('/');
  let matched = false;
  for (const pattern of compiled) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.matches(file);
    for (let i = 0; !match && i < parents.length; i++) match = pattern.matches(parents.slice(0, i + 1).join('/'));
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

/** What Go's filepath.Match says of a malformed pattern (ErrBadPattern), in words; null when it is well formed. */
function badPattern(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (i + 1 >= pattern.length) return 'it ends in an escape "\\"';
      i++;
    } else if (ch === '[') {
      const end = classEnd(pattern, i + 1);
      if (end === -1) return `the character class at position ${i + 1} is not closed or is malformed`;
      i = end;
    }
  }
  return null;
}

/** The index of the `]` closing a class that starts after `[` at `start`, or -1 when Go would refuse it. */
function classEnd(pattern: string, start: number): number {
  let i = start;
  if (pattern[i] === '^') i++;
  let ranges = 0;
  for (;;) {
    if (pattern[i] === ']' && ranges > 0) return i;
    const lo = escapedChar(pattern, i);
    if (lo === -1) return -1;
    i = lo;
    if (pattern[i] === '-') {
      const hi = escapedChar(pattern, i + 1);
      if (hi === -1) return -1;
      i = hi;
    }
    ranges++;
  }
}

/** The index after one (possibly escaped) class character at `i`, or -1 (Go's getEsc). */
function escapedChar(pattern: string, i: number): number {
  const ch = pattern[i];
  if (ch === undefined || ch === '-' || ch === ']') return -1;
  let next = i + 1;
  if (ch === '\\') {
    if (next >= pattern.length) return -1;
    next++;
  }
  return next >= pattern.length ? -1 : next;
}

type Token =
  | { readonly kind: 'char'; readonly test: (ch: string) => boolean }
  /** `*`: any run of characters but `/` (also none). */
  | { readonly kind: 'star' }
  /** `**` at the end: anything. */
  | { readonly kind: 'all' }
  /** `**` before more: optionally any text ending in `/`, i.e. any number of directories; `to` is after it. */
  | { readonly kind: 'dirs'; readonly to: number };

/**
 * A pattern compiled to tokens matched by simulating all positions at once (like Go's RE2 that Docker uses), in
 * time linear in the path: a backtracking regular expression would take exponential time on `*a*a*a…b`.
 * `**` any number of directories (also none), `*` and `?` within one, `[…]` a class, `\` an escape.
 */
function compile(pattern: string): (path: string) => boolean {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        if (i + 1 >= pattern.length) tokens.push({ kind: 'all' });
        else {
          // `(.*/)?`: skip it, or any characters then a `/`.
          const at = tokens.length;
          tokens.push({ kind: 'dirs', to: at + 3 }, { kind: 'all' }, { kind: 'char', test: (c) => c === '/' });
        }
      } else tokens.push({ kind: 'star' });
    } else if (ch === '?') tokens.push({ kind: 'char', test: (c) => c !== '/' });
    else if (ch === '\\') {
      const literal = pattern[++i] ?? '';
      tokens.push({ kind: 'char', test: (c) => c === literal });
    } else if (ch === '[') {
      const end = classEnd(pattern, i + 1);
      tokens.push({ kind: 'char', test: classTest(pattern.slice(i + 1, end)) });
      i = end;
    } else tokens.push({ kind: 'char', test: (c) => c === ch });
  }
  const accept = tokens.length;
  const close = (states: Set<number>): Set<number> => {
    const stack = [...states];
    while (stack.length > 0) {
      const at = stack.pop()!;
      const token = tokens[at];
      const next =
        token?.kind === 'dirs' ? [at + 1, token.to] : token?.kind === 'star' || token?.kind === 'all' ? [at + 1] : [];
      for (const state of next)
        if (!states.has(state)) {
          states.add(state);
          stack.push(state);
        }
    }
    return states;
  };
  return (path) => {
    let states = close(new Set([0]));
    for (const c of path) {
      const next = new Set<number>();
      for (const at of states) {
        const token = tokens[at];
        if (!token) continue;
        if (token.kind === 'char' && token.test(c)) next.add(at + 1);
        else if ((token.kind === 'star' && c !== '/') || token.kind === 'all') next.add(at);
      }
      if (next.size === 0) return false;
      states = close(next);
    }
    return states.has(accept);
  };
}

/** A class body (`a-z`, `^0-9`, `\]`) as a test of one character; a class never matches `/`, as in Go's Match. */
function classTest(body: string): (ch: string) => boolean {
  const negated = body.startsWith('^');
  const ranges: [string, string][] = [];
  for (let i = negated ? 1 : 0; i < body.length; i++) {
    let lo = body[i]!;
    if (lo === '\\') lo = body[++i] ?? '';
    let hi = lo;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      i += 2;
      hi = body[i] === '\\' ? (body[++i] ?? '') : body[i]!;
    }
    ranges.push([lo, hi]);
  }
  return (ch) => ch !== '/' && ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== negated;
}
