import { describe, expect, it } from 'vitest';
import {
  createRedactor,
  MAX_LINE_CHARS,
  redactedTail,
  trimLine,
} from '../../../../src/collect/runtime/redact-output.js';

const GITHUB = `ghp_${'A'.repeat(36)}`;
const AWS_ID = ['AKIA', 'IMGAUDITFIXTURE1'].join('');

describe('createRedactor', () => {
  const redactText = createRedactor();

  it('replaces token formats anywhere in a line with their preview', () => {
    expect(redactText(`token=${GITHUB}`)).toBe('token=ghp_…(40 chars)');
    expect(redactText(`using key ${AWS_ID} for s3`)).toBe('using key AKIA…(20 chars) for s3');
  });

  it('replaces passwords in URLs and values of secret-like NAME=value pairs', () => {
    expect(redactText('connecting to postgres://app:hunter2hunter2@db:5432/app')).toBe(
      'connecting to postgres://app:hun…(14 chars)@db:5432/app',
    );
    expect(redactText('level=info DB_PASSWORD=s3cr3t-value user=app')).toBe(
      'level=info DB_PASSWORD=s3c…(12 chars) user=app',
    );
    expect(redactText('api_key="two words"')).toBe('api_key="tw…(9 chars)"');
  });

  it('leaves ordinary lines alone', () => {
    for (const line of ['listening on :8080', 'PASSWORD_FILE=/run/secrets/db', 'TOKEN_TTL=3600', 'debug=true']) {
      expect(redactText(line)).toBe(line);
    }
  });

  it('replaces the secret values given with --env wherever they appear', () => {
    const withEnv = createRedactor(['SESSION_SECRET=plainwords', 'PORT=8080', 'broken']);
    expect(withEnv('signing with plainwords on 8080')).toBe('signing with pl…(10 chars) on 8080');
  });

  it('hides a private key block over several lines', () => {
    const key = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '-----END PRIVATE KEY-----'].join(
      '\n',
    );
    const out = redactText(`loaded\n${key}\ndone`);
    expect(out).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(out.split('\n')).toEqual(['loaded', expect.stringMatching(/^----…\(\d+ chars\)$/), 'done']);
  });
});

describe('redactedTail', () => {
  const redactText = createRedactor();

  it('keeps the last lines, redacted, each trimmed to the limit', () => {
    const lines = ['one', 'two', `token=${GITHUB}`, 'x'.repeat(400)];
    const tail = redactedTail(lines, 2, redactText);
    expect(tail).toEqual(['token=ghp_…(40 chars)', `${'x'.repeat(MAX_LINE_CHARS - 1)}…`]);
    expect(redactedTail(lines, 0, redactText)).toEqual([]);
    expect(redactedTail([], 5, redactText)).toEqual([]);
  });

  it('redacts before trimming, so a token cut by the limit never leaks a prefix longer than its preview', () => {
    const line = `${'.'.repeat(MAX_LINE_CHARS - 20)} ${GITHUB}`;
    const [tail] = redactedTail([line], 1, redactText);
    expect(tail).not.toContain('ghp_AAAA');
    expect(tail).toContain('ghp_…(40 chars)');
  });
});

describe('trimLine', () => {
  it('counts code points and never splits a surrogate pair', () => {
    expect(trimLine('abc', 3)).toBe('abc');
    expect(trimLine('abcd', 3)).toBe('ab…');
    expect(trimLine('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
