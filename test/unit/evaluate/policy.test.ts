import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import type { FindingPolicy } from '../../../src/config/types.js';
import { NO_ALLOWLISTS } from '../../../src/config/types.js';
import type { Finding } from '../../../src/evaluate/result.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';

const byRule = (findings: readonly Finding[], rule: string) => findings.find((finding) => finding.rule === rule)!;

const RISKY = factsWithFilesystem({
  setuid: ['/usr/bin/passwd', '/bin/su'],
  setgid: ['/usr/bin/wall'],
  secrets: [
    {
      kind: 'private-key',
      path: '/app/test/fixtures/key.pem',
      layerIndex: 2,
      deleted: false,
      preview: 'private-key -----BEGIN…',
    },
    { kind: 'npmrc-auth', path: '/app/.npmrc', layerIndex: 3, deleted: true, preview: 'npmrc-auth npm_…(40 chars)' },
  ],
  sensitiveFiles: [{ kind: 'dotenv', path: '/app/test/fixtures/.env', layerIndex: 2, deleted: false }],
});

const policy = (overrides: Partial<FindingPolicy>): FindingPolicy => ({
  source: '.imgaudit.yml',
  ruleOverrides: {},
  allow: NO_ALLOWLISTS,
  ...overrides,
});

describe('allowlists', () => {
  it('take allowlisted setuid paths out of the verdict and list them with their reason', () => {
    const result = evaluate(RISKY, {
      policy: policy({ allow: { setuid: [{ path: '/usr/bin/*', reason: 'base image tools' }], secrets: [] } }),
    });
    const finding = byRule(result.findings, 'no-setuid-binaries');
    expect(finding.status).toBe('fail');
    expect(finding.evidence).toEqual(['setuid /bin/su']);
    expect(finding.allowlisted).toEqual([
      { item: 'setuid /usr/bin/passwd', reason: 'base image tools' },
      { item: 'setgid /usr/bin/wall', reason: 'base image tools' },
    ]);
    // The report still shows what the scan saw.
    expect(result.facts.filesystem?.setuid).toEqual(['/usr/bin/passwd', '/bin/su']);
  });

  it('pass a rule whose every item is allowlisted', () => {
    const result = evaluate(RISKY, {
      policy: policy({ allow: { setuid: [{ path: '/**', reason: 'accepted' }], secrets: [] } }),
    });
    expect(byRule(result.findings, 'no-setuid-binaries').status).toBe('pass');
  });

  it('accept secrets and sensitive files by path glob', () => {
    const result = evaluate(RISKY, {
      policy: policy({ allow: { setuid: [], secrets: [{ path: '/app/test/**', reason: 'test fixtures' }] } }),
    });
    const secrets = byRule(result.findings, 'no-secrets-in-layers');
    expect(secrets.status).toBe('fail');
    expect(secrets.evidence).toHaveLength(1);
    expect(secrets.evidence[0]).toContain('/app/.npmrc');
    expect(secrets.allowlisted).toEqual([
      { item: 'private-key at /app/test/fixtures/key.pem (layer 2)', reason: 'test fixtures' },
    ]);
    expect(byRule(result.findings, 'no-sensitive-files').status).toBe('pass');
  });

  it('accept a secret finding by its fingerprint, and only that exact finding', () => {
    const plain = evaluate(RISKY);
    const fingerprint = byRule(plain.findings, 'no-secrets-in-layers').fingerprint;
    const accepted = evaluate(RISKY, {
      policy: policy({ allow: { setuid: [], secrets: [{ fingerprint, reason: 'rotated on 2026-11-01' }] } }),
    });
    const finding = byRule(accepted.findings, 'no-secrets-in-layers');
    expect(finding).toMatchObject({
      status: 'pass',
      message: 'accepted in .imgaudit.yml: rotated on 2026-11-01',
      evidence: [],
      fingerprint,
    });
    expect(finding.allowlisted).toHaveLength(2);
    expect(finding.fix).toBeUndefined();
    expect(accepted.score).toBeGreaterThan(plain.score);
    // A new secret changes the fingerprint: the acceptance no longer applies.
    const more = factsWithFilesystem({
      ...RISKY.filesystem!,
      secrets: [
        ...RISKY.filesystem!.secrets,
        { kind: 'aws-access-key-id', path: '/app/aws.txt', layerIndex: 3, deleted: false, preview: 'AKIA…(20 chars)' },
      ],
    });
    expect(
      byRule(
        evaluate(more, { policy: policy({ allow: { setuid: [], secrets: [{ fingerprint, reason: 'r' }] } }) }).findings,
        'no-secrets-in-layers',
      ).status,
    ).toBe('fail');
  });

  it('do not let a secret fingerprint accept another rule', () => {
    const plain = evaluate(RISKY);
    const fingerprint = byRule(plain.findings, 'no-setuid-binaries').fingerprint;
    const result = evaluate(RISKY, {
      policy: policy({ allow: { setuid: [], secrets: [{ fingerprint, reason: 'r' }] } }),
    });
    expect(byRule(result.findings, 'no-setuid-binaries').status).toBe('fail');
  });
});

describe('rule overrides', () => {
  it('turn a rule off: skip, with where it was turned off, and no score cost', () => {
    const facts = makeFacts({ config: { labels: {} } });
    const plain = evaluate(facts);
    expect(byRule(plain.findings, 'oci-labels').status).toBe('fail');
    const off = evaluate(facts, { policy: policy({ ruleOverrides: { 'oci-labels': 'off' } }) });
    expect(byRule(off.findings, 'oci-labels')).toMatchObject({
      status: 'skip',
      message: 'turned off in .imgaudit.yml',
      evidence: [],
    });
    expect(off.score).toBe(plain.score + 4);
    expect(off.checklist.find((row) => row.item === 'OCI labels added')?.status).toBe('skip');
  });

  it('change a severity, and with it the score and the gate', () => {
    const facts = makeFacts({ config: { user: '' } });
    expect(evaluate(facts).passed).toBe(false);
    const softened = evaluate(facts, { policy: policy({ ruleOverrides: { 'non-root-user': 'low' } }) });
    expect(byRule(softened.findings, 'non-root-user')).toMatchObject({ status: 'fail', severity: 'low' });
    expect(softened.passed).toBe(true);
    expect(softened.score).toBe(evaluate(facts).score + 25 - 4);
  });
});
