import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PackageFact } from '../../src/facts.js';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, runJson, statusesOf } from './helpers.js';

/** Built by docker-compose.test.yml from this Dockerfile, with test/fixtures as its context (see dockerfile.test.ts). */
const SERVICE = 'imgaudit-fixture/dockerfile-service:1.0.0';
const DOCKERFILE = 'test/fixtures/dockerfiles/service/Dockerfile';
const CONTEXT = 'test/fixtures';
const QUICK = ['--window', '2', '--stop-timeout', '2'];
const TODAY = new Date().toISOString();

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-vuln-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A grype JSON report (`grype -o json`) of the image `imageId`, as grype writes it, with these matches. */
function grypeReport(
  name: string,
  imageId: string,
  matches: readonly { id: string; severity: string; pkg: PackageFact; fix?: string }[],
  scannedAt = TODAY,
): string {
  const report = {
    matches: matches.map(({ id, severity, pkg, fix }) => ({
      vulnerability: {
        id,
        namespace: 'debian:distro:debian:12',
        severity,
        fix: fix ? { versions: [fix], state: 'fixed' } : { versions: [], state: 'not-fixed' },
      },
      artifact: { name: pkg.name, version: pkg.version, type: pkg.type, purl: pkg.purl },
    })),
    source: { type: 'image', target: { userInput: 'under-test', imageID: imageId, tags: [], layers: [] } },
    descriptor: { name: 'grype', version: '0.84.0', timestamp: scannedAt },
  };
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(report));
  return file;
}

describeWithEngine('--vuln-report: the scanner’s report judged by vulnerability-scan (real engine)', () => {
  let imageId: string;
  let pkg: PackageFact;

  beforeAll(async () => {
    const { report } = await runJson(['--no-run', '--no-config', FIXTURES.inventoryDebian]);
    const image = report.images[0]!;
    imageId = image.id;
    // One of the packages the image really has: jq's library, installed by dpkg.
    pkg = image.facts.filesystem!.inventory!.packages.find((candidate) => candidate.type === 'deb')!;
    expect(pkg).toBeDefined();
  });

  it('fails the rule and the gate on a critical vulnerability of a real package, naming it and its fix', async () => {
    const file = grypeReport('critical.json', imageId, [
      { id: 'CVE-2099-0001', severity: 'Critical', pkg, fix: '99.0' },
      { id: 'CVE-2099-0002', severity: 'Low', pkg },
    ]);
    const { code, report } = await runJson([
      '--no-run',
      '--no-config',
      '--vuln-report',
      file,
      FIXTURES.inventoryDebian,
    ]);
    assertValidReport(report);
    const image = report.images[0]!;
    const finding = image.findings.find((candidate) => candidate.rule === 'vulnerability-scan')!;
    expect(finding.status).toBe('fail');
    expect(finding.evidence).toContain(`CVE-2099-0001 ${pkg.name} ${pkg.version} (critical), fixed in 99.0`);
    expect(image.facts.vulnerabilities).toMatchObject({
      file: 'critical.json',
      format: 'grype-json',
      tool: { name: 'grype', version: '0.84.0' },
      target: { kind: 'image', imageId },
      total: 2,
      bySeverity: { critical: 1, low: 1 },
      fixable: { critical: 1, low: 0 },
    });
    expect(image.checklist.find((row) => row.item === 'Vulnerability scan passed')!.status).toBe('fail');
    expect(image.gateReasons).toContain('high finding vulnerability-scan');
    expect(code).toBe(1);
  });

  it('passes below the threshold, and fails there with vulnerabilities.failOn: low in .imgaudit.yml', async () => {
    const file = grypeReport('low.json', imageId, [{ id: 'CVE-2099-0003', severity: 'Low', pkg }]);
    const passing = await runJson(['--no-run', '--no-config', '--vuln-report', file, FIXTURES.inventoryDebian]);
    expect(statusesOf(passing.report)['vulnerability-scan']).toBe('pass');
    const config = join(dir, 'strict.yml');
    writeFileSync(config, 'vulnerabilities:\n  failOn: low\n');
    const strict = await runJson(['--no-run', '--config', config, '--vuln-report', file, FIXTURES.inventoryDebian]);
    expect(statusesOf(strict.report)['vulnerability-scan']).toBe('fail');
  });

  it('--vuln-fail-on, --vuln-ignore-unfixed and --vuln-max-age set the rule from the command line, over the file', async () => {
    const file = grypeReport('flags.json', imageId, [{ id: 'CVE-2099-0005', severity: 'High', pkg }]);
    const config = join(dir, 'lenient.yml');
    writeFileSync(config, 'vulnerabilities:\n  failOn: critical\n');
    const run = async (report: string, ...flags: string[]) =>
      statusesOf(
        (await runJson(['--no-run', '--config', config, ...flags, '--vuln-report', report, FIXTURES.inventoryDebian]))
          .report,
      )['vulnerability-scan'];
    expect(await run(file)).toBe('pass');
    expect(await run(file, '--vuln-fail-on', 'HIGH')).toBe('fail');
    // Its one high vulnerability has no fixed version.
    expect(await run(file, '--vuln-fail-on', 'high', '--vuln-ignore-unfixed')).toBe('pass');
    const monthOld = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const old = grypeReport('old.json', imageId, [], monthOld);
    expect(await run(old)).toBe('warn'); // 30 days old, above the default 7
    expect(await run(old, '--vuln-max-age', '60')).toBe('pass');
    const usage = await runCli(['--no-run', '--no-config', '--vuln-fail-on', 'severe', FIXTURES.inventoryDebian]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('"severe" is not one of critical, high, medium, low');
  });

  it('warns on a report of another image, and reads images[].vulnReport relative to the configuration file', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const file = grypeReport('other.json', other, []);
    const { report } = await runJson(['--no-run', '--no-config', '--vuln-report', file, FIXTURES.inventoryDebian]);
    const finding = report.images[0]!.findings.find((candidate) => candidate.rule === 'vulnerability-scan')!;
    expect(finding.status).toBe('warn');
    expect(finding.message).toContain('of another image');
    const config = join(dir, 'images.yml');
    writeFileSync(config, `images:\n  - match: '${FIXTURES.inventoryDebian}'\n    vulnReport: other.json\n`);
    const fromConfig = await runJson(['--no-run', '--config', config, FIXTURES.inventoryDebian]);
    expect(fromConfig.report.images[0]!.facts.vulnerabilities?.file).toBe('other.json');
    expect(statusesOf(fromConfig.report)['vulnerability-scan']).toBe('warn');
  });

  it('treats the report as untrusted: control characters reach no report raw, a token in it is redacted', async () => {
    const token = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
    const hostile = { ...pkg, name: 'evil\u001b[2J\u009bpkg', version: `1.0 ${token}` };
    const file = grypeReport('hostile.json', imageId, [{ id: 'CVE-2099-0004', severity: 'Critical', pkg: hostile }]);
    const table = await runCli(['--no-run', '--no-config', '--vuln-report', file, FIXTURES.inventoryDebian]);
    expect(table.stdout).toContain('CVE-2099-0004');
    expect(table.stdout).not.toMatch(/[\u001b\u009b]/);
    expect(table.stdout).not.toContain(token);
    const { stdout } = await runCli([
      '-f',
      'json',
      '--no-run',
      '--no-config',
      '--vuln-report',
      file,
      FIXTURES.inventoryDebian,
    ]);
    expect(stdout).toContain('CVE-2099-0004');
    expect(stdout).not.toContain(token);
  });

  it('refuses a missing, invalid or unknown report with exit 2 and one line naming it', async () => {
    const missing = join(dir, 'nope.json');
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{"matches": [');
    const sarif = join(dir, 'scan.sarif');
    writeFileSync(sarif, '{"version":"2.1.0","runs":[]}');
    for (const [file, says] of [
      [missing, 'does not exist'],
      [notJson, 'is not valid JSON'],
      [sarif, 'is not a format imgaudit reads'],
    ] as const) {
      const run = await runCli(['--no-run', '--no-config', '--vuln-report', file, FIXTURES.inventoryDebian]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `imgaudit: the vulnerability report ${file} ${says}${says === 'does not exist' ? '' : ' (expected trivy JSON (trivy image|sbom -f json), grype JSON (grype -o json) or CycloneDX JSON with vulnerabilities)'}\n`,
      );
    }
  });

  it('takes a plain FILE for one image only; IMAGE=FILE names the image of several', async () => {
    const file = grypeReport('one.json', imageId, []);
    const both = await runCli([
      '--no-run',
      '--no-fs',
      '--no-config',
      '--vuln-report',
      file,
      FIXTURES.inventoryDebian,
      SERVICE,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      `imgaudit: --vuln-report ${file} is one image's scan, and 2 images are audited: give IMAGE=FILE (or images[].vulnReport in .imgaudit.yml)\n`,
    );
    const named = await runJson([
      '--no-run',
      '--no-fs',
      '--no-config',
      '--vuln-report',
      `${FIXTURES.inventoryDebian}=${file}`,
      FIXTURES.inventoryDebian,
      SERVICE,
    ]);
    expect(named.report.images.map((image) => image.facts.vulnerabilities?.file ?? null)).toEqual(['one.json', null]);
  });

  it('with the Dockerfile, its context and a report, every one of the nineteen checklist items gets a verdict', async () => {
    const service = await runJson(['--no-run', '--no-fs', '--no-config', SERVICE]);
    const file = grypeReport('service.json', service.report.images[0]!.id, []);
    const { report } = await runJson([
      ...QUICK,
      '--no-config',
      '--dockerfile',
      DOCKERFILE,
      '--build-context',
      CONTEXT,
      '--vuln-report',
      file,
      SERVICE,
    ]);
    assertValidReport(report);
    const [image] = report.images;
    expect(image!.checklist).toHaveLength(19);
    for (const row of image!.checklist)
      expect({ item: row.item, status: row.status }).not.toEqual({ item: row.item, status: 'skip' });
    expect(image!.checklist.find((row) => row.item === 'Vulnerability scan passed')!.status).toBe('pass');
  });
});
