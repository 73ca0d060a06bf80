import { isNonSecretValue } from './values.js';

/** A token format with a recognisable shape, found anywhere in a string (a URL, a command line, a value). */
export interface TokenMatch {
  readonly kind: string;
  /** The matched token exactly as it appears in the text. */
  readonly value: string;
  readonly index: number;
}

/** A token never starts inside a longer word: `xAKIA…` is something else. */
const NOT_AFTER_WORD = '(?<![A-Za-z0-9])';

export const TOKEN_PATTERNS: readonly { readonly kind: string; readonly source: string }[] = [
  { kind: 'aws-access-key-id', source: '(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])' },
  { kind: 'github-token', source: 'gh[pousr]_[A-Za-z0-9]{36,}' },
  { kind: 'github-token', source: 'github_pat_[A-Za-z0-9_]{22,}' },
  { kind: 'gitlab-token', source: 'glpat-[A-Za-z0-9_-]{20,}' },
  { kind: 'npm-token', source: 'npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])' },
  // At most 8 dash-separated parts (real tokens have 2 or 3): unbounded, `xoxb-` repeated took quadratic time.
  { kind: 'slack-token', source: 'xox[abprs]-(?:[A-Za-z0-9]+-){0,8}[A-Za-z0-9]{10,}' },
  { kind: 'stripe-key', source: '[sr]k_(?:live|test)_[A-Za-z0-9]{16,}' },
  // PyPI API tokens are macaroons whose base64 always starts `AgE…` ("pypi.org" or "test.pypi.org" follows).
  { kind: 'pypi-token', source: 'pypi-AgE[A-Za-z0-9_-]{50,}' },
  { kind: 'docker-hub-token', source: 'dckr_pat_[A-Za-z0-9_-]{27,}' },
  { kind: 'google-api-key', source: 'AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])' },
  // The whole block up to its END line (or the end of the text), so redaction hides the key body too.
  {
    kind: 'private-key',
    source:
      '-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|$)',
  },
  // Not after `_` or `-` either (its own alphabet): every `eyJ` of a long `eyJ_eyJ_…` run would scan the whole run.
  { kind: 'jwt', source: '(?<![_-])eyJ[A-Za-z0-9_-]{7,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}' },
  { kind: 'sendgrid-key', source: 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])' },
];

const COMPILED = TOKEN_PATTERNS.map(({ kind, source }) => ({
  kind,
  pattern: new RegExp(NOT_AFTER_WORD + source, 'g'),
}));

/**
 * The fixed part every token format starts with: one pass that most texts (paths, history steps, log lines) fail, so
 * they skip the pattern passes. A test keeps it in step with TOKEN_PATTERNS.
 */
export const TOKEN_START =
  /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|npm_|xox[abprs]-|[sr]k_(?:live|test)_|pypi-AgE|dckr_pat_|AIza|-----BEGIN|eyJ|SG\./;

/** Every token in `text`, in order of appearance; where two formats overlap the earlier (then longer) wins. */
export function findTokens(text: string): TokenMatch[] {
  if (!TOKEN_START.test(text)) return [];
  const all: TokenMatch[] = [];
  for (const { kind, pattern } of COMPILED) {
    for (const match of text.matchAll(pattern)) all.push({ kind, value: match[0], index: match.index });
  }
  all.sort((a, b) => a.index - b.index || b.value.length - a.value.length);
  const kept: TokenMatch[] = [];
  let end = 0;
  for (const match of all) {
    if (match.index < end) continue;
    kept.push(match);
    end = match.index + match.value.length;
  }
  return kept;
}

/** Recognise a known token format in a value. Returns the kind, or null. */
export function detectTokenKind(value: string): string | null {
  return findTokens(value)[0]?.kind ?? null;
}

/** An AWS secret access key has no prefix; only the variable name makes a 40-character string one. */
export function isAwsSecretAccessKeyShape(value: string): boolean {
  return /^[A-Za-z0-9/+]{40}$/.test(value);
}

/** `scheme://user:password@host`; the user may be empty (`redis://:password@host`). A bounded scheme keeps it linear. */
const URL_CREDENTIALS = /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:/@]*:([^\s/@]+)@[^\s/@]/g;

/** The literal password of every URL with embedded credentials; `${DB_PASSWORD}`-style references are not secrets. */
export function findUrlPasswords(text: string): string[] {
  if (!text.includes('://')) return [];
  return [...text.matchAll(URL_CREDENTIALS)]
    .map((match) => match[1] ?? '')
    .filter((password) => !password.startsWith('$') && !isNonSecretValue(password));
}
