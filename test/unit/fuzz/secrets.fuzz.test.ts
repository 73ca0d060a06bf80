import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifySecret } from '../../../src/secrets/classify.js';
import { scanHistory } from '../../../src/secrets/history.js';
import { createRedactor, redactText } from '../../../src/secrets/redactor.js';
import { redactStrings } from '../../../src/secrets/scrub.js';
import { findSecretsInText, FREE_TEXT, type TextOrigin } from '../../../src/secrets/text.js';
import { HOSTILE_SECRETS as H, leakedSecrets } from '../../helpers/hostile.js';
import { SEED } from './fuzz.js';

/**
 * The pieces the finders look for (token prefixes, pair syntax, quotes, URL parts, key armour, the names they judge)
 * and what breaks them up: text made of these reaches every branch of every pattern, unlike random characters.
 */
// prettier-ignore
const FRAGMENTS = [
  'xoxb-', '-', 'a', 'A', '0', '=', ' ', '.', '"', "'", ':', '//', '://', '@', '\n', '\t', '\r', '\u0000', '\u001b[2J',
  '\u202e', 'é', '…(', '*', '<', '>', '$', '{', '(', ')', '|', ';', ',', '&', '\\', '+', '/', '_', '#',
  'AKIA', 'ASIA', 'eyJ', 'ghp_', 'github_pat_', 'glpat-', 'npm_', 'sk_live_', 'pypi-AgE', 'dckr_pat_', 'AIza', 'SG.',
  '-----BEGIN ', 'PRIVATE KEY-----', '-----END ', 'authorization', 'Bearer ', 'Basic ', 'aws_secret', 'access_key',
  'password', 'secret', 'token', 'key', 'PASSWORD=', 'X=', '"a":', '"auths"', '"auth":"', '"service_account"',
  '"private_key":"', '_authToken=', '/bin/sh -c ', '|2 ', 'ENV ', 'ARG ', 'RUN ', '# buildkit',
] as const;

const fragmentText = (maxLength: number) =>
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength }).map((parts) => parts.join(''));
const anyText = fc.oneof(fragmentText(40), fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 }));

const ORIGINS: readonly TextOrigin[] = [
  FREE_TEXT,
  { file: '.npmrc' },
  { file: '.pypirc' },
  { file: '.netrc' },
  { file: 'config.json' },
];

describe('findSecretsInText on any text (fast-check)', () => {
  it('never throws; each secret is the text at its offset, non-empty, in text order and apart from the others', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...ORIGINS), (text, origin) => {
        const found = findSecretsInText(text, origin);
        let end = 0;
        for (const secret of found) {
          expect(secret.value.length).toBeGreaterThan(0);
          expect(text.slice(secret.start, secret.start + secret.value.length)).toBe(secret.value);
          expect(secret.start).toBeGreaterThanOrEqual(end);
          end = secret.start + secret.value.length;
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  // Not that a redacted text is a fixed point: a preview can join what stood around it into a new pair that a second
  // pass then hides too (`""private_key":"xoxb-"` once `"auth"` before it is a preview). More hidden, nothing shown.
  it('what it finds, the redactor hides (values too short to tell from a preview aside)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const redacted = redactText(text);
        for (const { value } of findSecretsInText(text)) if (value.length >= 12) expect(redacted).not.toContain(value);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

/** Each hostile secret where a build, a label or a log line would hold it. */
const PLANTED: readonly { readonly secret: string; readonly line: string }[] = [
  { secret: H.stripe, line: `export STRIPE_KEY=${H.stripe}; exec "$@"` },
  { secret: H.github, line: `wget --header "Authorization: Bearer ${H.github}" http://127.0.0.1/` },
  { secret: H.slack, line: `slack=${H.slack}` },
  { secret: H.urlPassword, line: `https://deploy:${H.urlPassword}@git.example.com/x` },
  { secret: H.labelApiKey, line: `API_KEY=${H.labelApiKey}` },
  { secret: H.jwt, line: `session: ${H.jwt}` },
  { secret: H.awsKeyId, line: `aws_access_key_id = ${H.awsKeyId}` },
  { secret: H.awsSecret, line: `aws_secret_access_key = ${H.awsSecret}` },
  { secret: H.dbPassword, line: `DB_PASSWORD=${H.dbPassword}` },
  { secret: H.gitlab, line: `starting, token=${H.gitlab}` },
  { secret: H.basic, line: `Authorization: Basic ${H.basic}` },
  { secret: H.pypi, line: `twine upload -p ${H.pypi}` },
  { secret: H.npm, line: `//registry.npmjs.org/:_authToken=${H.npm}` },
  {
    secret: H.privateKeyBody,
    line: `-----BEGIN RSA PRIVATE KEY-----\n${H.privateKeyBody}\n-----END RSA PRIVATE KEY-----`,
  },
];

describe('a planted secret among hostile text (fast-check)', () => {
  it('never appears in full once redacted, whatever stands on the lines around it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLANTED), anyText, anyText, ({ secret, line }, before, after) => {
        const text = `${before}\n${line}\n${after}`;
        expect(leakedSecrets(redactText(text), [secret])).toEqual([]);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('a known value (an ENV secret) is hidden wherever it stands alone', () => {
    const value = fc.string({ unit: fc.constantFrom(...'abcXYZ0189-_.+/!%'), minLength: 8, maxLength: 40 });
    const separated = fc.string({ unit: fc.constantFrom(...' \t\n"\'=:;,()[]{}<>|&$#@\u0000\u001b'), maxLength: 20 });
    fc.assert(
      fc.property(value, separated, separated, (secret, before, after) => {
        fc.pre(/[A-Za-z0-9]/.test(secret));
        const redacted = createRedactor([secret])(`${before} ${secret} ${after}`);
        expect(redacted).not.toContain(secret);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('no secret survives the central pass over a nested report, keys included', () => {
    const leaf = fc.oneof(
      anyText,
      fc.constantFrom(...PLANTED.map(({ line }) => line)),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PLANTED.map(({ line }) => line)));
    const model = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(model, (report) => {
        const redacted = JSON.stringify(redactStrings(report, redactText));
        expect(
          leakedSecrets(
            redacted,
            PLANTED.map(({ secret }) => secret),
          ),
        ).toEqual([]);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

/** Everything that reads an image's text for secrets, each on one text. */
const READERS: readonly (readonly [string, (text: string) => unknown])[] = [
  ['free text', (text) => findSecretsInText(text)],
  ['.npmrc', (text) => findSecretsInText(text, { file: '.npmrc' })],
  ['.pypirc', (text) => findSecretsInText(text, { file: '.pypirc' })],
  ['.netrc', (text) => findSecretsInText(text, { file: '.netrc' })],
  ['redactor', (text) => redactText(text)],
  ['history step', (text) => scanHistory([text])],
  ['name and value', (text) => classifySecret(text, text)],
];

function millisecondsOf(read: (text: string) => unknown, text: string): number {
  const started = performance.now();
  read(text);
  return performance.now() - started;
}

/**
 * A text made of `unit` repeated, four times as long as another, must not take much more than four times as long:
 * a pattern that rescans a run from each of its starts takes sixteen. The slack absorbs timer and GC noise on fast
 * readers; the quadratic cases this guards against took seconds at these sizes.
 */
function expectLinear(prefix: string, unit: string, suffix: string): void {
  const text = (length: number) => prefix + unit.repeat(Math.ceil(length / unit.length)) + suffix;
  const short = text(12_500);
  const long = text(50_000);
  for (const [name, read] of READERS) {
    read(short); // warm up: compile the patterns and the code paths
    const shortMs = millisecondsOf(read, short);
    const longMs = millisecondsOf(read, long);
    expect({ name, unit, longMs: longMs < 8 * shortMs + 50 ? 'linear' : longMs }).toEqual({
      name,
      unit,
      longMs: 'linear',
    });
  }
}

describe('the secret finders on long hostile runs', () => {
  // Each of these took quadratic time once (40 KB: 0.3–1.3 s, a megabyte: minutes), each through a different pattern.
  it.each([
    ['a name starting after every dash (`NAME=value`)', '= ', '-a', ''],
    ['a Slack prefix repeated', '', 'xoxb-', ''],
    ['a JWT start in its own alphabet', '', 'eyJ_', ''],
    ['a run of capitals as a variable name', '', 'A', '=x'],
  ])('stay linear: %s', (_, prefix, unit, suffix) => expectLinear(prefix, unit, suffix));

  it('stay linear on any repeated run of the pieces they look for', () => {
    fc.assert(
      fc.property(
        fragmentText(3),
        fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }),
        fragmentText(2),
        (prefix, unit, suffix) => expectLinear(prefix, unit.join(''), suffix),
      ),
      { seed: SEED, numRuns: 25 },
    );
  });
});
