import { posix } from 'node:path';

/** One `.dockerignore` pattern as Docker compiles it. */
export interface IgnorePattern {
  /** The cleaned pattern, without its `!`. */
  readonly pattern: string;
  /** A `!` exception: a path it matches is included again. */
  readonly exclusion: boolean;
  readonly regex: RegExp;
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
    compiled.push({ pattern, exclusion, regex: toRegExp(pattern) });
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
    let match = pattern.regex.test(file);
    for (let i = 0; !match && i < parents.length; i++) match = pattern.regex.test(parents.slice(0, i + 1).join('/'));
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

/** `**` any number of directories (also none), `*` and `?` within one, `[…]` a class, `\` an escape. */
function toRegExp(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        source += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '\\') source += escapeChar(pattern[++i] ?? '');
    else if (ch === '[') {
      const end = classEnd(pattern, i + 1);
      source += classSource(pattern.slice(i + 1, end));
      i = end;
    } else source += escapeChar(ch);
  }
  return new RegExp(`${source}$`, 's');
}

function classSource(body: string): string {
  const negated = body.startsWith('^');
  let out = negated ? '[^' : '[';
  for (let i = negated ? 1 : 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') out += escapeChar(body[++i] ?? '');
    else if (ch === '-') out += '-';
    else out += escapeChar(ch);
  }
  return `${out}]`;
}

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}
