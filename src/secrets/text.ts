import { classifySecret } from './classify.js';
import { findTokens, findUrlPasswords, isAwsSecretAccessKeyShape } from './patterns.js';
import { keepIfApart, type Span } from './spans.js';
import { isNonSecretValue } from './values.js';

/** A secret found in a text; the value never leaves the secrets module and the collectors. */
export interface TextSecret {
  readonly kind: string;
  readonly value: string;
  /** Offset of the value in the text. */
  readonly start: number;
}

/**
 * Where a text comes from. A file's base name (lower-cased) picks the finders of its format (`.npmrc`, `.netrc`);
 * free text (commands, labels, history steps, logs) also has its `NAME=value` pairs judged by their names, which
 * in files (configuration with `password: changeme` templates) would be too noisy.
 */
export type TextOrigin = { readonly file: string } | { readonly freeText: true };

export const FREE_TEXT: TextOrigin = { freeText: true };

interface Ranked extends TextSecret {
  readonly priority: number;
}

interface Finder {
  /** Lower wins where two finders match overlapping text: the most specific name for one secret. */
  readonly priority: number;
  readonly applies?: (origin: TextOrigin) => boolean;
  readonly find: (text: string) => TextSecret[];
}

const SERVICE_ACCOUNT = /"type"\s*:\s*"service_account"/;
const SERVICE_ACCOUNT_KEY = /"private_key"\s*:\s*"((?:[^"\\]|\\.)+)"/dg;
const AWS_SECRET_MENTION = /aws[\s_.-]?secret|secret[\s_.-]?access[\s_.-]?key/gi;
/** Not inside a longer base64 run; `=` may come before it (`KEY=value`) but not after it (padding). */
const AWS_SECRET_VALUE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
/** `Authorization: Bearer …`, also as a JSON or YAML key, and curl's `-H 'Authorization: Basic …'`. */
const AUTHORIZATION = /authorization["']?\s*[:=]\s*["']?(?:bearer|basic|token|bot)\s+([A-Za-z0-9._~+/=-]{8,})/dgi;
const DOCKER_AUTH = /"auth"\s*:\s*"([^"]+)"/dg;
const NPMRC_AUTH = /(?:^|[:\s])(?:_authToken|_auth|_password)[ \t]*=[ \t]*(\S+)/dgm;
const PYPIRC_PASSWORD = /^[ \t]*password[ \t]*[=:][ \t]*(\S+)/dgim;
const NETRC_PASSWORD = /(?:^|\s)password[ \t]+(\S+)/dg;
/**
 * `NAME=value` in free text (env dumps, logfmt, command lines, `--password=…`); a quoted value may hold spaces. A name
 * may start after `-` or `.`, so every such start of a long run would scan the whole run: the name is bounded (a
 * longer dotted name is still read by its last 64 characters), which keeps a hostile `-a-a-a…` line linear.
 */
const ASSIGNMENT = /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_.-]{0,63})=("[^"\n]*"|'[^'\n]*'|[^\s"',;&|)]+)/dg;
/** `"name": "value"` in JSON printed to a log. */
const JSON_PAIR = /"([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*"((?:[^"\\\n]|\\.)*)"/dg;

const inFile =
  (...names: string[]) =>
  (origin: TextOrigin) =>
    'file' in origin && names.includes(origin.file);
const inFreeText = (origin: TextOrigin) => 'freeText' in origin;

/** Values of a pattern whose group 1 is the value; quotes around it are not part of it. */
function valuesOf(kind: string, pattern: RegExp): (text: string) => TextSecret[] {
  return (text) =>
    [...text.matchAll(pattern)].flatMap((match) => {
      const [start, end] = match.indices?.[1] ?? [0, 0];
      const quoted = end - start >= 2 && /^(["']).*\1$/s.test(text.slice(start, end));
      const value = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
      return isNonSecretValue(value) ? [] : [{ kind, value, start: quoted ? start + 1 : start }];
    });
}

/** `NAME=value` and `"name": "value"` pairs whose name (or value) says secret, as classifySecret judges them. */
function namedPairs(pattern: RegExp): (text: string) => TextSecret[] {
  return (text) =>
    [...text.matchAll(pattern)].flatMap((match) => {
      const [start, end] = match.indices?.[2] ?? [0, 0];
      const quoted = pattern === ASSIGNMENT && end - start >= 2 && /^(["']).*\1$/s.test(text.slice(start, end));
      const value = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
      const kind = classifySecret(match[1] ?? '', value);
      return kind === null ? [] : [{ kind, value, start: quoted ? start + 1 : start }];
    });
}

const FINDERS: readonly Finder[] = [
  {
    // A Google service account key file: the embedded private key is the secret.
    priority: 0,
    find: (text) =>
      text.includes('"service_account"') && SERVICE_ACCOUNT.test(text)
        ? valuesOf('gcp-service-account', SERVICE_ACCOUNT_KEY)(text)
        : [],
  },
  { priority: 1, find: (text) => findTokens(text).map(({ kind, value, index }) => ({ kind, value, start: index })) },
  { priority: 1, find: awsSecretAccessKeys },
  { priority: 2, find: valuesOf('authorization-header', AUTHORIZATION) },
  { priority: 2, find: (text) => (text.includes('"auths"') ? valuesOf('docker-config-auth', DOCKER_AUTH)(text) : []) },
  { priority: 2, applies: inFile('.npmrc', 'npmrc'), find: valuesOf('npmrc-auth', NPMRC_AUTH) },
  { priority: 2, applies: inFile('.pypirc'), find: valuesOf('pypirc-password', PYPIRC_PASSWORD) },
  { priority: 2, applies: inFile('.netrc', '_netrc'), find: valuesOf('netrc-password', NETRC_PASSWORD) },
  { priority: 3, find: urlCredentials },
  { priority: 4, applies: inFreeText, find: (text) => (text.includes('=') ? namedPairs(ASSIGNMENT)(text) : []) },
  { priority: 4, applies: inFreeText, find: (text) => (text.includes('":') ? namedPairs(JSON_PAIR)(text) : []) },
];

/** A 40-character key on a line that says it is an AWS secret (`aws_secret_access_key = …`). */
function awsSecretAccessKeys(text: string): TextSecret[] {
  const found: TextSecret[] = [];
  // Each line is read once, however many mentions it holds: looking back for the line's start from every mention
  // took quadratic time on a long line of them.
  let lineEnd = -1;
  for (const mention of text.matchAll(AWS_SECRET_MENTION)) {
    if (mention.index < lineEnd) continue;
    const lineStart = text.lastIndexOf('\n', mention.index) + 1;
    const newline = text.indexOf('\n', mention.index);
    lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    for (const match of line.matchAll(AWS_SECRET_VALUE)) {
      if (isAwsSecretAccessKeyShape(match[0]) && !isNonSecretValue(match[0])) {
        found.push({ kind: 'aws-secret-access-key', value: match[0], start: lineStart + match.index });
      }
    }
  }
  return found;
}

function urlCredentials(text: string): TextSecret[] {
  return [...new Set(findUrlPasswords(text))].flatMap((value) => {
    const at = text.indexOf(`:${value}@`);
    return at === -1 ? [] : [{ kind: 'url-credentials', value, start: at + 1 }];
  });
}

/**
 * Every secret in a text, in text order. Where finders overlap, the most specific wins: a service account key over
 * its PEM block, a token format over the `.npmrc` line or the `NAME=value` pair that holds it.
 */
export function findSecretsInText(text: string, origin: TextOrigin = FREE_TEXT): TextSecret[] {
  const candidates: Ranked[] = [];
  for (const { priority, applies, find } of FINDERS) {
    if (applies !== undefined && !applies(origin)) continue;
    for (const candidate of find(text)) candidates.push({ ...candidate, priority });
  }
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a.priority - b.priority || a.start - b.start);
  return keepNonOverlapping(candidates).map(({ kind, value, start }) => ({ kind, value, start }));
}

/** Candidates in priority order; each is kept unless it overlaps one kept before. Result in text order. */
function keepNonOverlapping(candidates: readonly Ranked[]): Ranked[] {
  const kept: (Ranked & Span)[] = [];
  for (const candidate of candidates)
    keepIfApart(kept, { ...candidate, end: candidate.start + candidate.value.length });
  return kept;
}
