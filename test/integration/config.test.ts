import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, runJson, statusesOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-config-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `
rules:
  oci-labels: off
allow:
  setuid:
    - path: /usr/local/bin/*-helper
      reason: the fixture's own helpers
  secrets:
    - path: /app/.env
      reason: fake values for the tests
images:
  - match: imgaudit-fixture/fs-risky
    rules: { no-world-writable: low }
    gate: { failOn: critical }
`;

const findingOf = (report: import('../../src/evaluate/result.js').AuditReport, rule: string) =>
  report.images[0]!.findings.find((f) => f.rule === rule)!;

describeWithEngine('.imgaudit.yml on the real engine', () => {
  writeFileSync(join(dir, '.imgaudit.yml'), CONFIG);

  it('is found in the working directory: rules off, severities changed, paths allowlisted, per-image gate', async () => {
    const { code, report } = await runJson(['--no-run', FIXTURES.fsRisky], {}, dir);
    const statuses = statusesOf(report);
    expect(statuses['oci-labels']).toBe('skip');
    expect(findingOf(report, 'oci-labels').message).toBe('turned off in .imgaudit.yml');
    expect(findingOf(report, 'no-setuid-binaries')).toMatchObject({
      status: 'pass',
      allowlisted: [
        { item: 'setuid /usr/local/bin/suid-helper', reason: "the fixture's own helpers" },
        { item: 'setgid /usr/local/bin/sgid-helper', reason: "the fixture's own helpers" },
      ],
    });
    expect(findingOf(report, 'no-world-writable')).toMatchObject({ status: 'fail', severity: 'low' });
    // /app/.env is accepted; the deleted .npmrc token is not.
    expect(findingOf(report, 'no-secrets-in-layers').evidence).toEqual([
      'npm-token: npm_…(40 chars) at /app/.npmrc (layer 7, deleted in a later layer but still extractable)',
    ]);
    expect(findingOf(report, 'no-sensitive-files').evidence).toEqual([
      'npmrc /app/.npmrc (layer 7, deleted in a later layer but still extractable)',
    ]);
    // The facts still show everything the scan saw.
    expect(report.images[0]!.facts.filesystem!.setuid).toEqual(['/usr/local/bin/suid-helper']);
    expect(report.images[0]!.gateReasons).toEqual(['critical finding no-secrets-in-layers']);
    // The report says which gate judged the image: its own, not the run's.
    expect(report.gate).toEqual({ failOn: 'high', failUnder: 0 });
    expect(report.images[0]!.gate).toEqual({ failOn: 'critical', failUnder: 0 });
    expect(code).toBe(1);
    assertValidReport(report);
    const table = await runCli(['--no-run', FIXTURES.fsRisky, FIXTURES.good], {}, dir);
    expect(table.stdout).toContain(
      'Gate: an image fails on a failed finding of severity critical or worse. (its own, from the configuration)',
    );
    expect(table.stdout).toMatch(/Some\s+images\s+have\s+their\s+own\s+gate/);
  });

  it('accepts a secret finding by fingerprint, and the flags still win over the file', async () => {
    const first = await runJson(['--no-run', FIXTURES.fsRisky], {}, dir);
    const fingerprint = findingOf(first.report, 'no-secrets-in-layers').fingerprint;
    const file = join(dir, 'accepted.yml');
    writeFileSync(
      file,
      `${CONFIG}\n  - match: '*'\n    allow:\n      secrets:\n        - fingerprint: ${fingerprint}\n          reason: rotated\n`,
    );
    const accepted = await runJson(['--no-run', '--config', file, FIXTURES.fsRisky], {}, dir);
    expect(findingOf(accepted.report, 'no-secrets-in-layers')).toMatchObject({
      status: 'pass',
      message: `accepted in ${file}: rotated`,
    });
    expect(accepted.code).toBe(0);
    // --fail-on high overrides the file's per-image `failOn: critical`: the .npmrc sensitive file fails it again.
    const flagged = await runJson(['--no-run', '--config', file, '--fail-on', 'high', FIXTURES.fsRisky], {}, dir);
    expect(flagged.report.images[0]!.gateReasons).toEqual(['high finding no-sensitive-files']);
    expect(flagged.code).toBe(1);
  });

  it('is ignored with --no-config', async () => {
    const { report } = await runJson(['--no-run', '--no-config', FIXTURES.fsRisky], {}, dir);
    expect(statusesOf(report)['oci-labels']).toBe('fail');
    expect(statusesOf(report)['no-setuid-binaries']).toBe('fail');
  });

  it('exits 2 with one line naming the file, line and key of a mistake, before any audit', async () => {
    const file = join(dir, 'broken.yml');
    writeFileSync(file, 'gate:\n  failOn: high\nrules:\n  no-such-rule: off\n');
    const run = await runCli(['--config', file, FIXTURES.good]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `imgaudit: ${file}:4: rules.no-such-rule: unknown rule (rules: see docs/rules/; e.g. non-root-user, healthcheck-defined, oci-labels)\n`,
    );
    const missing = await runCli(['--config', join(dir, 'nope.yml'), FIXTURES.good]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`imgaudit: ${join(dir, 'nope.yml')}: cannot read it (ENOENT)\n`);
  });
});

describeWithEngine('--baseline on the real engine', () => {
  it('gates only on findings the baseline does not hold', async () => {
    const baseline = join(dir, 'baseline.json');
    const first = await runCli(['--no-run', '--no-config', '-o', `json=${baseline}`, FIXTURES.bad], {}, dir);
    expect(first.code).toBe(1);
    const again = await runJson(['--no-run', '--no-config', '--baseline', baseline, FIXTURES.bad], {}, dir);
    const problems = again.report.images[0]!.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
    expect(problems.length).toBeGreaterThan(3);
    expect(problems.every((f) => f.baselined === true)).toBe(true);
    expect(again.report.baseline).toEqual({ file: baseline, findings: problems.length });
    expect(again.report.passed).toBe(true);
    expect(again.code).toBe(0);
    assertValidReport(again.report);
  });

  it('fails on what is new: the bad image against the good image as baseline', async () => {
    const baseline = join(dir, 'good.json');
    await runCli(['--no-run', '--no-config', '-o', `json=${baseline}`, FIXTURES.good], {}, dir);
    const run = await runJson(['--no-run', '--no-config', '--baseline', baseline, FIXTURES.bad], {}, dir);
    expect(run.code).toBe(1);
    expect(run.report.images[0]!.gateReasons).toEqual(['high finding non-root-user']);
  });

  it('exits 2 with one line for a baseline that is not a report', async () => {
    const file = join(dir, 'not-a-report.json');
    writeFileSync(file, '{"hello": 1}');
    const run = await runCli(['--baseline', file, FIXTURES.good]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `imgaudit: --baseline ${file} is not an imgaudit report (write one with imgaudit --format json)\n`,
    );
  });
});
