import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { OsFacts } from '../../../src/facts.js';
import { supportedBaseOs } from '../../../src/rules/supported-base-os.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem } from '../helpers/facts.js';

const os = (id: string, versionId: string | null): OsFacts => ({ id, versionId, prettyName: `${id} ${versionId}` });
const verdictFor = (facts: OsFacts, now = '2026-11-30') =>
  judgeRule(supportedBaseOs, factsWithFilesystem({ os: facts }), { ...DEFAULT_RULE_OPTIONS, now });

describe('supported-base-os', () => {
  it.each([
    [os('debian', '10'), '2024-07-01', 'fail'],
    [os('debian', '10'), '2024-06-30', 'warn'],
    [os('debian', '11'), '2026-06-01', 'pass'],
    [os('debian', '11'), '2026-06-03', 'warn'],
    [os('debian', '11'), '2026-09-01', 'fail'],
    [os('debian', '12'), '2026-11-30', 'pass'],
    [os('ubuntu', '20.04'), '2025-06-01', 'fail'],
    [os('ubuntu', '22.04'), '2027-01-15', 'warn'],
    [os('ubuntu', '24.04'), '2026-11-30', 'pass'],
    [os('alpine', '3.18.4'), '2026-11-30', 'fail'],
    [os('alpine', '3.21.2'), '2026-10-01', 'warn'],
    [os('alpine', '3.22.1'), '2026-11-30', 'pass'],
    [os('rhel', '7.9'), '2026-11-30', 'fail'],
    [os('rhel', '9.4'), '2026-11-30', 'pass'],
    [os('amzn', '2'), '2026-07-01', 'fail'],
    [os('amzn', '2023'), '2026-11-30', 'pass'],
  ])('%o on %s: %s', (facts, now, status) => {
    expect(verdictFor(facts, now).status).toBe(status);
  });

  it('says the release and the last day of its support, the same evidence from the warning to the failure', () => {
    const ending = verdictFor(os('debian', '11'), '2026-08-01');
    const ended = verdictFor(os('debian', '11'), '2026-11-30');
    expect(ending.status).toBe('warn');
    expect(ended.status).toBe('fail');
    expect(ended.evidence).toEqual([
      '/etc/os-release: ID=debian VERSION_ID=11',
      'Debian 11 (bullseye): Debian LTS until 2026-08-31',
    ]);
    expect(ending.evidence).toEqual(ended.evidence);
    expect(ending.message).toContain('in 30 days');
  });

  it('passes an image without a distribution', () => {
    expect(verdictFor({ id: 'scratch', versionId: null, prettyName: 'scratch (no /etc/os-release)' }).status).toBe(
      'pass',
    );
  });

  it('skips a release the tables do not know, and without an evaluation date', () => {
    expect(verdictFor(os('debian', null)).status).toBe('skip');
    expect(verdictFor(os('debian', '99')).status).toBe('skip');
    expect(verdictFor(os('gentoo', '2.15')).status).toBe('skip');
    expect(verdictFor(os('__proto__', '1')).status).toBe('skip');
    const undated = judgeRule(supportedBaseOs, factsWithFilesystem({ os: os('debian', '10') }), DEFAULT_RULE_OPTIONS);
    expect(undated.status).toBe('skip');
  });
});
