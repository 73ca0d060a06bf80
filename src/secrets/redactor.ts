import { classifySecret } from './classify.js';
import { findUrlPasswords } from './patterns.js';
import { redact } from './redact.js';
import { escapeRegExp } from '../shared/glob.js';
import { findSecretsInText } from './text.js';

/** Replaces every secret in a text with its redacted preview (`ghp_…(40 chars)`); idempotent. */
export type Redactor = (text: string) => string;

/**
 * Values shorter than this are not searched for everywhere (a 3-character password would mangle every word that
 * holds it); where they stand in a recognisable place (`PASSWORD=abc`) the finders still redact them.
 */
const MIN_KNOWN_LENGTH = 4;

/**
 * A redactor for text from an image or its environment: every secret the finders recognise (token formats, private
 * keys, URL passwords, `Authorization` headers, AWS secret keys by their mention, `NAME=value` pairs whose name says
 * secret), and each of `known` (an image's ENV secrets, --env values) wherever it stands on its own.
 */
export function createRedactor(known: Iterable<string> = []): Redactor {
  const knownPattern = patternOf(
    [...new Set(known)].filter((value) => value.length >= MIN_KNOWN_LENGTH),
    true,
  );
  return (text) => {
    if (text.length < MIN_KNOWN_LENGTH) return text;
    // Known values first: they are exact where a finder only sees the first word of `PASSWORD=two words`.
    const known = knownPattern ? text.replace(knownPattern, (value) => redact(value)) : text;
    const found = findSecretsInText(known).map(({ value }) => value);
    return found.length > 0 ? known.replace(patternOf(found, false)!, (value) => redact(value)) : known;
  };
}

/** The redactor for text with no image behind it (error messages, reports read from a file): the finders alone. */
export const redactText: Redactor = createRedactor();

/**
 * The secret values of `NAME=value` pairs (an image's Env, --env): what classifySecret calls a secret. For a URL
 * with credentials only its password, so the host and path stay readable.
 */
export function secretValuesOf(env: readonly string[]): string[] {
  return env.flatMap((entry) => {
    const equals = entry.indexOf('=');
    if (equals <= 0) return [];
    const value = entry.slice(equals + 1);
    const kind = classifySecret(entry.slice(0, equals), value);
    if (kind === null) return [];
    return kind === 'url-credentials' ? findUrlPasswords(value) : [value];
  });
}

/** Longest first, so a value that contains another is replaced whole; known values only where they stand alone. */
function patternOf(values: readonly string[], standingAlone: boolean): RegExp | null {
  if (values.length === 0) return null;
  const alternatives = [...new Set(values)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  return new RegExp(standingAlone ? `(?<![A-Za-z0-9])(?:${alternatives})(?![A-Za-z0-9])` : alternatives, 'g');
}
