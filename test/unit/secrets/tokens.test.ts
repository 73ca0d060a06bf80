import { describe, expect, it } from 'vitest';
import { detectTokenKind } from '../../../src/secrets/index.js';
import { fake } from './fakes.js';

describe('detectTokenKind', () => {
  it.each([
    ['aws-access-key-id', fake.awsAccessKeyId],
    ['aws-access-key-id', fake.awsSessionKeyId],
    ['github-token', fake.githubClassic],
    ['github-token', 'gho_' + 'a1'.repeat(18)],
    ['github-token', 'ghu_' + 'Z'.repeat(36)],
    ['github-token', 'ghs_' + '9'.repeat(40)],
    ['github-token', 'ghr_' + 'r'.repeat(36)],
    ['github-token', fake.githubFineGrained],
    ['gitlab-token', fake.gitlab],
    ['npm-token', fake.npm],
    ['slack-token', fake.slackBot],
    ['slack-token', 'xoxp-' + '3'.repeat(12) + '-' + 'f'.repeat(32)],
    ['stripe-key', fake.stripeLive],
    ['stripe-key', 'rk_live_' + 'R'.repeat(16)],
    ['stripe-key', 'sk_test_' + 'T'.repeat(24)],
    ['google-api-key', fake.googleApiKey],
    ['private-key', fake.privateKey],
    ['private-key', '-----BEGIN PRIVATE KEY-----\nMIIE'],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['private-key', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
    ['jwt', fake.jwt],
    ['sendgrid-key', fake.sendgrid],
  ])('recognises %s: %s', (kind, value) => {
    expect(detectTokenKind(value)).toBe(kind);
  });

  it.each([
    ['AKIA alone', 'AKIA'],
    ['AKIA with 15 characters', 'AKIA' + 'A'.repeat(15)],
    ['AKIA with 17 characters', 'AKIA' + 'A'.repeat(17)],
    ['AKIA inside a longer word', 'X' + fake.awsAccessKeyId],
    ['lower-case akia', fake.awsAccessKeyId.toLowerCase()],
    ['a bare 40-character string', fake.awsSecretAccessKey],
    ['ghp_ with 35 characters', 'ghp_' + 'A'.repeat(35)],
    ['an unknown gh prefix', 'ghx_' + 'A'.repeat(36)],
    ['github_pat_ with 21 characters', 'github_pat_' + 'B'.repeat(21)],
    ['glpat- with 19 characters', 'glpat-' + 'x'.repeat(19)],
    ['npm_ with 35 characters', 'npm_' + 'N'.repeat(35)],
    ['npm_ with 37 characters', 'npm_' + 'N'.repeat(37)],
    ['an npm config variable', 'npm_config_registry'],
    ['a short slack-like string', 'xoxb-short'],
    ['an unknown slack prefix', 'xoxz-' + 'a'.repeat(24)],
    ['a stripe publishable key', 'pk_live_' + 'P'.repeat(24)],
    ['sk_live_ with 15 characters', 'sk_live_' + 'S'.repeat(15)],
    ['AIza with 34 characters', 'AIza' + 'G'.repeat(34)],
    ['a public key', '-----BEGIN PUBLIC KEY-----\nMIIB'],
    ['a certificate', '-----BEGIN CERTIFICATE-----\nMIIC'],
    ['one JWT segment', fake.jwt.split('.')[0]!],
    ['two JWT segments', fake.jwt.split('.').slice(0, 2).join('.')],
    ['SG. with a 42-character tail', 'SG.' + 'a'.repeat(22) + '.' + 'b'.repeat(42)],
    ['an ordinary sentence', 'the AKIA prefix and ghp_ tokens are documented here'],
    ['a semantic version', '1.2.3'],
    ['a sha256 digest', 'sha256:' + 'a'.repeat(64)],
  ])('ignores %s', (_label, value) => {
    expect(detectTokenKind(value)).toBeNull();
  });

  it('finds tokens inside URLs, headers and command lines', () => {
    expect(detectTokenKind(`https://x-access-token:${fake.githubClassic}@github.com/org/repo.git`)).toBe(
      'github-token',
    );
    expect(detectTokenKind(`Authorization: token ${fake.githubClassic}`)).toBe('github-token');
    expect(detectTokenKind(`echo ${fake.awsAccessKeyId} > /root/.aws/key`)).toBe('aws-access-key-id');
    expect(detectTokenKind(`//registry.npmjs.org/:_authToken=${fake.npm}`)).toBe('npm-token');
    expect(detectTokenKind(`curl "https://maps.example.com/?key=${fake.googleApiKey}&q=x"`)).toBe('google-api-key');
    expect(detectTokenKind(`Bearer ${fake.jwt}`)).toBe('jwt');
  });

  it('reports the first token when a value holds several', () => {
    expect(detectTokenKind(`${fake.npm} ${fake.githubClassic}`)).toBe('npm-token');
    expect(detectTokenKind(`${fake.githubClassic} ${fake.npm}`)).toBe('github-token');
  });
});

describe('TOKEN_START', () => {
  it('is met by every token format, so the quick pass never hides one', async () => {
    const { TOKEN_PATTERNS, TOKEN_START } = await import('../../../src/secrets/patterns.js');
    const samples = [
      ...Object.values(fake),
      'gho_' + 'a1'.repeat(18),
      'rk_live_' + 'R'.repeat(16),
      'pypi-AgE' + 'p'.repeat(60),
      'dckr_pat_' + 'd'.repeat(27),
    ];
    const kinds = new Set<string>();
    for (const value of samples) {
      const kind = detectTokenKind(value);
      if (kind === null) continue;
      kinds.add(kind);
      expect({ value, start: TOKEN_START.test(value) }).toEqual({ value, start: true });
    }
    // A new token format needs a sample here, and so a check of the quick pass.
    expect([...kinds].sort()).toEqual([...new Set(TOKEN_PATTERNS.map((pattern) => pattern.kind))].sort());
  });
});
