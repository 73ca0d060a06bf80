import { createRedactor as redactorOf, secretValuesOf, type Redactor } from '../../secrets/redactor.js';

/** Longest line kept in the facts, in code points (the ellipsis included). */
export const MAX_LINE_CHARS = 300;

/**
 * A redactor for what a container prints or runs: every secret the finders recognise, and the secret values of
 * `env` (the image's ENV, what the caller passed with --env) wherever they appear.
 */
export function createRedactor(env: readonly string[] = []): Redactor {
  return redactorOf(secretValuesOf(env));
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
