import { classifySecret } from '../../secrets/index.js';
import { redactAll } from '../../secrets/history.js';
import { findTokens, findUrlPasswords } from '../../secrets/patterns.js';

/** Longest line kept in the facts, in code points (the ellipsis included). */
export const MAX_LINE_CHARS = 300;

/** `NAME=value` in free text (logfmt, env dumps, command lines); a quoted value may hold spaces. */
const ASSIGNMENT = /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]*)=("[^"\n]*"|'[^'\n]*'|[^\s"',;&]+)/g;

/**
 * A redactor for what a container prints or runs: token formats, URL passwords, `NAME=value` pairs whose name or
 * value the secrets module calls a secret, and the secret values the caller passed with --env. Each value is
 * replaced by its redacted preview (`ghp_…(40 chars)`).
 */
export function createRedactor(env: readonly string[] = []): (text: string) => string {
  const known = env.flatMap((entry) => {
    const equals = entry.indexOf('=');
    if (equals <= 0) return [];
    const value = entry.slice(equals + 1);
    return classifySecret(entry.slice(0, equals), value) === null ? [] : [value];
  });
  return (text) => redactAll([text], [...known, ...secretValuesIn(text)])[0] ?? text;
}

function secretValuesIn(text: string): string[] {
  const values = [...findTokens(text).map((token) => token.value), ...findUrlPasswords(text)];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const value = unquote(match[2] ?? '');
    if (classifySecret(match[1] ?? '', value) !== null) values.push(value);
  }
  return values;
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

/** Cuts a line to `max` code points, the last one an ellipsis when anything was cut. */
export function trimLine(line: string, max = MAX_LINE_CHARS): string {
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The last `count` lines, redacted then trimmed. Redaction runs over the lines joined, so a private key block
 * spanning lines is hidden whole, and before trimming, so a token cut at the limit is still recognised.
 */
export function redactedTail(lines: readonly string[], count: number, redactText: (text: string) => string): string[] {
  if (count <= 0 || lines.length === 0) return [];
  const redacted = redactText(lines.join('\n')).split('\n');
  return redacted.slice(-count).map((line) => trimLine(line));
}
