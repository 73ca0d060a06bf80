import { describe, expect, it } from 'vitest';
import { createRedactor, redactText, secretValuesOf } from '../../../src/secrets/redactor.js';
import { redactStrings } from '../../../src/secrets/scrub.js';
import { HOSTILE_SECRETS as H, HOSTILE_SECRET_VALUES, leakedSecrets } from '../../helpers/hostile.js';

const SAMPLES = [
  `export STRIPE_KEY=${H.stripe}; exec "$@"`,
  `wget --header "Authorization: Bearer ${H.github}" http://127.0.0.1/`,
  `https://deploy:${H.urlPassword}@git.example.com/x`,
  `aws_access_key_id = ${H.awsKeyId}\naws_secret_access_key = ${H.awsSecret}`,
  `token=${H.gitlab} stripe=${H.stripe}`,
  `Authorization: Basic ${H.basic}`,
  `[pypi]\npassword = ${H.pypi}`,
  `-----BEGIN RSA PRIVATE KEY-----\n${H.privateKeyBody}\n-----END RSA PRIVATE KEY-----`,
  `session=${H.jwt} slack=${H.slack}`,
  `DB_PASSWORD="two words here" API_KEY=${H.labelApiKey}`,
];

describe('createRedactor', () => {
  it('leaves no hostile secret in full in any sample', () => {
    for (const sample of SAMPLES)
      expect({ sample, leaked: leakedSecrets(redactText(sample)) }).toEqual({ sample, leaked: [] });
  });

  it('is idempotent: redacting a redacted text changes nothing', () => {
    for (const sample of SAMPLES) {
      const once = redactText(sample);
      expect(redactText(once)).toBe(once);
    }
  });

  it('keeps what is not a secret, and shows kind-free previews in place of values', () => {
    expect(redactText(`curl -fsS https://deploy:${H.urlPassword}@git.example.com/x -o /app`)).toBe(
      'curl -fsS https://deploy:Host…(22 chars)@git.example.com/x -o /app',
    );
    expect(redactText('listening on :8080, PATH=/usr/bin, TOKEN_TTL=3600')).toBe(
      'listening on :8080, PATH=/usr/bin, TOKEN_TTL=3600',
    );
  });

  it('replaces known values wherever they stand alone, not inside longer words', () => {
    const redactor = createRedactor(['plainwords', 'abc']);
    expect(redactor('signing with plainwords; xplainwordsx')).toBe('signing with pl…(10 chars); xplainwordsx');
    // Values under 4 characters are not searched for everywhere.
    expect(redactor('abc def')).toBe('abc def');
  });

  it('redacts values of any length: one pattern of them all did not compile past ~100 KB and threw', () => {
    const long = 'token=' + 'x'.repeat(200_000);
    const known = 'k3y-' + 'y'.repeat(200_000);
    const redacted = createRedactor([known])(`ENV ${long}\necho ${known} ${known}`);
    expect(redacted).toBe(`ENV token=xxxx…(200000 chars)\necho k3y-…(200004 chars) k3y-…(200004 chars)`);
  });

  it('redacts every one of 20,000 distinct secret pairs in one text (not each searched for in all of it)', () => {
    const pairs = Array.from({ length: 20_000 }, (_, i) => `PASSWORD=Zq${i}-hunter-${i}`).join(' ');
    const redacted = redactText(pairs);
    expect(redacted.split('…(').length - 1).toBe(20_000);
    expect(redacted).not.toContain('hunter');
  });

  it('prefers the exact known value over the first word a finder sees (PASSWORD=two words)', () => {
    const redactor = createRedactor(['correct horse battery']);
    expect(redactor('ENV X=1 DB_PASSWORD=correct horse battery')).toBe('ENV X=1 DB_PASSWORD=corr…(21 chars)');
  });
});

describe('secretValuesOf', () => {
  it('takes the values of secret pairs, only the password of a URL', () => {
    expect(
      secretValuesOf([
        'DB_PASSWORD=hunter22',
        'PATH=/usr/bin',
        `DATABASE_URL=postgres://u:${H.urlPassword}@db/x`,
        'broken',
        `X=${H.github}`,
      ]),
    ).toEqual(['hunter22', H.urlPassword, H.github]);
  });
});

describe('redactStrings', () => {
  it('redacts every string of a nested value, keys included, and keeps the rest', () => {
    const model = { labels: { [`key-${H.github}`]: H.slack, plain: 'x' }, list: [SAMPLES[0], 3, null, true], n: 1.5 };
    const redacted = redactStrings(model, redactText);
    expect(leakedSecrets(JSON.stringify(redacted), HOSTILE_SECRET_VALUES)).toEqual([]);
    expect(redacted.list.slice(1)).toEqual([3, null, true]);
    expect(redacted.n).toBe(1.5);
    expect(redacted.labels.plain).toBe('x');
    // The input is not changed.
    expect(model.labels.plain).toBe('x');
    expect(Object.values(model.labels)[0]).toBe(H.slack);
  });
});
