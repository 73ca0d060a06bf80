import { classifySecret } from './classify.js';
import { findUrlPasswords } from './patterns.js';
import { redact } from './redact.js';
import { keepIfApart, type Span } from './spans.js';
import { findSecretsInText } from './text.js';

/** Replaces every secret in a text with its redacted preview (`ghp_…(40 chars)`); idempotent. */
export type Redactor = (text: string) => string;

/**
 * Values shorter than this are not searched for everywhere (a 3-character password would mangle every word that
 * holds it); where they stand in a recognisable place (`PASSWORD=abc`) the finders still redact them.
 */
const MIN_KNOWN_LENGTH = 4;

/**
 * How many of the values found in one text are also searched for elsewhere in it. Each search reads the whole text,
 * and a hostile text can hold a secret-looking pair every few characters; the ones found are replaced where they
 * stand regardless.
 */
const MAX_VALUES_SEARCHED = 256;

/**
 * A redactor for text from an image or its environment: every secret the finders recognise (token formats, private
 * keys, URL passwords, `Authorization` headers, AWS secret keys by their mention, `NAME=value` pairs whose name says
 * secret), and each of `known` (an image's ENV secrets, --env values) wherever it stands on its own.
 */
export function createRedactor(known: Iterable<string> = []): Redactor {
  const knownValues = longestFirst([...known].filter((value) => value.length >= MIN_KNOWN_LENGTH));
  return (text) => {
    if (text.length < MIN_KNOWN_LENGTH) return text;
    // Known values first: they are exact where a finder only sees the first word of `PASSWORD=two words`.
    const withoutKnown = replaceValues(text, [], knownValues, true);
    const found = findSecretsInText(withoutKnown);
    if (found.length === 0) return withoutKnown;
    // Where each was found, and wherever else its value stands (`echo $PASSWORD` printed it bare).
    const spans = found.map(({ start, value }) => ({ start, end: start + value.length }));
    const values = longestFirst(found.map(({ value }) => value)).slice(0, MAX_VALUES_SEARCHED);
    return replaceValues(withoutKnown, spans, values, false);
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

/** Distinct values, longest first, so a value that contains another is replaced whole. */
function longestFirst(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

const isWordCharacter = (character: string | undefined) => character !== undefined && /[A-Za-z0-9]/.test(character);

/**
 * The text with each span, and every other occurrence of each value (in the order given, unless it overlaps one
 * already taken; known values only where they stand alone), replaced by its preview. Plain string search, not one
 * pattern of all values: a hostile image's values can be long enough that such a pattern does not compile
 * ("regular expression too large").
 */
function replaceValues(
  text: string,
  spans: readonly Span[],
  values: readonly string[],
  standingAlone: boolean,
): string {
  const taken: Span[] = [];
  for (const span of spans) keepIfApart(taken, span);
  for (const value of values) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
      const end = at + value.length;
      if (standingAlone && (isWordCharacter(text[at - 1]) || isWordCharacter(text[end]))) continue;
      if (keepIfApart(taken, { start: at, end })) at = end - 1;
    }
  }
  let out = '';
  let from = 0;
  for (const { start, end } of taken) {
    out += text.slice(from, start) + redact(text.slice(start, end));
    from = end;
  }
  return out + text.slice(from);
}
