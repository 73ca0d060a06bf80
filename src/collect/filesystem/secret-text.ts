import { findTokens, findUrlPasswords, isAwsSecretAccessKeyShape } from '../../secrets/patterns.js';
import { isNonSecretValue } from '../../secrets/values.js';

/** A secret found in a file's text; the value never leaves the filesystem collector. */
export interface TextSecret {
  readonly kind: string;
  readonly value: string;
  /** 1-based. */
  readonly line: number;
}

interface Candidate {
  readonly kind: string;
  readonly value: string;
  /** Offset of the value in the text. */
  readonly start: number;
}

interface Ranked extends Candidate {
  readonly priority: number;
}

/** Which file a finder reads: its base name, lower-cased. */
type Applies = (base: string) => boolean;

interface Finder {
  /** Lower wins where two finders match overlapping text: the most specific name for one secret. */
  readonly priority: number;
  readonly applies?: Applies;
  find(text: string): Candidate[];
}

const SERVICE_ACCOUNT = /"type"\s*:\s*"service_account"/;
const SERVICE_ACCOUNT_KEY = /"private_key"\s*:\s*"((?:[^"\\]|\\.)+)"/dg;
const AWS_SECRET_MENTION = /aws[\s_.-]?secret|secret[\s_.-]?access[\s_.-]?key/gi;
/** Not inside a longer base64 run; `=` may come before it (`KEY=value`) but not after it (padding). */
const AWS_SECRET_VALUE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const DOCKER_AUTH = /"auth"\s*:\s*"([^"]+)"/dg;
const NPMRC_AUTH = /(?:^|[:\s])(?:_authToken|_auth|_password)[ \t]*=[ \t]*(\S+)/dgm;
const PYPIRC_PASSWORD = /^[ \t]*password[ \t]*[=:][ \t]*(\S+)/dgim;
const NETRC_PASSWORD = /(?:^|\s)password[ \t]+(\S+)/dg;

const named =
  (...names: string[]): Applies =>
  (base) =>
    names.includes(base);

/** Values of a `key = value` style pattern whose group 1 is the value; quotes around it are not part of it. */
function assignments(kind: string, pattern: RegExp): (text: string) => Candidate[] {
  return (text) =>
    [...text.matchAll(pattern)].flatMap((match) => {
      const [start, end] = match.indices?.[1] ?? [0, 0];
      const quoted = end - start >= 2 && /^(["']).*\1$/.test(text.slice(start, end));
      const value = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
      return isNonSecretValue(value) ? [] : [{ kind, value, start: quoted ? start + 1 : start }];
    });
}

const FINDERS: readonly Finder[] = [
  {
    // A Google service account key file: the embedded private key is the secret.
    priority: 0,
    find: (text) =>
      text.includes('"service_account"') && SERVICE_ACCOUNT.test(text)
        ? assignments('gcp-service-account', SERVICE_ACCOUNT_KEY)(text)
        : [],
  },
  { priority: 1, find: (text) => findTokens(text).map(({ kind, value, index }) => ({ kind, value, start: index })) },
  { priority: 1, find: awsSecretAccessKeys },
  { priority: 2, find: (text) => (text.includes('"auths"') ? assignments('docker-config-auth', DOCKER_AUTH)(text) : []) },
  { priority: 2, applies: named('.npmrc', 'npmrc'), find: assignments('npmrc-auth', NPMRC_AUTH) },
  { priority: 2, applies: named('.pypirc'), find: assignments('pypirc-password', PYPIRC_PASSWORD) },
  { priority: 2, applies: named('.netrc', '_netrc'), find: assignments('netrc-password', NETRC_PASSWORD) },
  { priority: 3, find: urlCredentials },
];

/** A 40-character key on a line that says it is an AWS secret (`aws_secret_access_key = …`). */
function awsSecretAccessKeys(text: string): Candidate[] {
  const found: Candidate[] = [];
  let lastLineStart = -1;
  for (const mention of text.matchAll(AWS_SECRET_MENTION)) {
    const lineStart = text.lastIndexOf('\n', mention.index) + 1;
    if (lineStart === lastLineStart) continue;
    lastLineStart = lineStart;
    const newline = text.indexOf('\n', mention.index);
    const line = text.slice(lineStart, newline === -1 ? text.length : newline);
    for (const match of line.matchAll(AWS_SECRET_VALUE)) {
      if (isAwsSecretAccessKeyShape(match[0]) && !isNonSecretValue(match[0])) {
        found.push({ kind: 'aws-secret-access-key', value: match[0], start: lineStart + match.index });
      }
    }
  }
  return found;
}

function urlCredentials(text: string): Candidate[] {
  return [...new Set(findUrlPasswords(text))].flatMap((value) => {
    const at = text.indexOf(`:${value}@`);
    return at === -1 ? [] : [{ kind: 'url-credentials', value, start: at + 1 }];
  });
}

/**
 * Secrets in one file's text, each (kind, value) once at its first line. Where finders overlap, the most specific
 * wins: a service account key over its PEM block, a token format over the `.npmrc` line that holds it.
 */
export function findSecretsInText(text: string, baseName: string): TextSecret[] {
  const base = baseName.toLowerCase();
  const candidates: Ranked[] = FINDERS.flatMap(({ priority, applies, find }) =>
    applies === undefined || applies(base) ? find(text).map((candidate) => ({ ...candidate, priority })) : [],
  );
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a.priority - b.priority || a.start - b.start);
  const kept = keepNonOverlapping(candidates);
  const lines = lineStarts(text);
  const seen = new Set<string>();
  const secrets: TextSecret[] = [];
  for (const { kind, value, start } of kept) {
    const key = `${kind}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    secrets.push({ kind, value, line: lineOf(lines, start) });
  }
  return secrets;
}

/** Candidates in priority order; each is kept unless it overlaps one kept before. Result in text order. */
function keepNonOverlapping(candidates: readonly Ranked[]): Ranked[] {
  const kept: Ranked[] = [];
  for (const candidate of candidates) {
    const end = candidate.start + candidate.value.length;
    const at = firstStartingAtOrAfter(kept, candidate.start);
    const next = kept[at];
    const previous = kept[at - 1];
    if (next !== undefined && next.start < end) continue;
    if (previous !== undefined && previous.start + previous.value.length > candidate.start) continue;
    kept.splice(at, 0, candidate);
  }
  return kept;
}

function firstStartingAtOrAfter(sorted: readonly Candidate[], start: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
