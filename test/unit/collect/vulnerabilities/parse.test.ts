import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_VULN_REPORT_BYTES,
  readVulnerabilityReport,
  vulnerabilityFactsFrom,
} from '../../../../src/collect/vulnerabilities/index.js';
import { VulnReportError } from '../../../../src/shared/errors.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/vuln-reports/', import.meta.url));
const IMAGE_ID = 'sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d';
const MANIFEST = 'sha256:4b1f0c8e2a7d9e3f6c5b8a1d0e9f2c3b4a5d6e7f8091a2b3c4d5e6f708192a3b';
const DIFF_IDS = [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`];
const read = (name: string) => readVulnerabilityReport(join(FIXTURES, name));

describe('vulnerability reports', () => {
  it('reads trivy image JSON: tool, date, the image ids, counts by severity and fix, each vulnerability once', async () => {
    const facts = await read('trivy-image.json');
    expect(facts).toMatchObject({
      file: 'trivy-image.json',
      format: 'trivy-json',
      tool: { name: 'trivy', version: '0.57.1' },
      scannedAt: '2026-11-28T09:14:03.512345678Z',
      target: { kind: 'image', name: 'example/api:1.4.2', imageId: IMAGE_ID, digests: [MANIFEST], diffIds: DIFF_IDS },
      // express's CVE is listed at two paths: one vulnerability.
      total: 5,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 1, negligible: 0, unknown: 0 },
      fixable: { critical: 1, high: 1, medium: 1, low: 0, negligible: 0, unknown: 0 },
    });
    expect(facts.worst.map((entry) => [entry.id, entry.severity, entry.fixedVersion])).toEqual([
      ['CVE-2024-5535', 'critical', '3.0.14-1~deb12u1'],
      ['CVE-2024-6119', 'high', '3.0.14-1~deb12u2'],
      ['CVE-2023-50387', 'high', null],
      ['CVE-2024-29041', 'medium', '4.19.2, 5.0.0-beta.3'],
      ['CVE-2011-3374', 'low', null],
    ]);
    expect(facts.worst[0]).toEqual({
      id: 'CVE-2024-5535',
      package: 'libssl3',
      installed: '3.0.11-1~deb12u2',
      fixedVersion: '3.0.14-1~deb12u1',
      severity: 'critical',
    });
  });

  it('reads trivy sbom JSON as a scan of an SBOM that names no image', async () => {
    const facts = await read('trivy-sbom.json');
    expect(facts).toMatchObject({
      format: 'trivy-json',
      target: { kind: 'sbom', name: 'sbom.json', imageId: null, digests: [], diffIds: [] },
      total: 2,
      bySeverity: { critical: 0, high: 0, medium: 1, low: 1 },
      fixable: { medium: 1, low: 0 },
    });
  });

  it('reads grype image JSON: descriptor, source target ids and layers, Negligible, fix versions', async () => {
    const facts = await read('grype-image.json');
    expect(facts).toMatchObject({
      format: 'grype-json',
      tool: { name: 'grype', version: '0.84.0' },
      scannedAt: '2026-11-28T10:02:55.118422Z',
      target: { kind: 'image', name: 'example/api:1.4.2', imageId: IMAGE_ID, digests: [MANIFEST], diffIds: DIFF_IDS },
      total: 4,
      bySeverity: { critical: 1, high: 1, medium: 1, low: 0, negligible: 1, unknown: 0 },
      fixable: { critical: 1, high: 0, medium: 1, negligible: 0 },
    });
    expect(facts.worst.map((entry) => `${entry.id} ${entry.package} ${entry.installed} ${entry.fixedVersion}`)).toEqual(
      [
        'CVE-2024-5535 libssl3 3.0.11-1~deb12u2 3.0.14-1~deb12u1',
        'CVE-2023-50387 libsystemd0 252.30-1~deb12u2 null',
        'GHSA-rv95-896h-c2vc express 4.18.2 4.19.2',
        'CVE-2011-3374 apt 2.6.1 null',
      ],
    );
  });

  it('reads grype sbom JSON (source type sbom-file) as a scan of an SBOM', async () => {
    const facts = await read('grype-sbom.json');
    expect(facts).toMatchObject({
      target: { kind: 'sbom', name: 'sbom.json', imageId: null, digests: [], diffIds: [] },
      total: 2,
      bySeverity: { medium: 1, low: 1 },
    });
  });

  it('reads CycloneDX with vulnerabilities: the worst rating, the package from affects[].ref, the fix from the recommendation', async () => {
    const facts = await read('cyclonedx-vulns.json');
    expect(facts).toMatchObject({
      format: 'cyclonedx',
      tool: { name: 'trivy', version: '0.57.1' },
      scannedAt: '2026-11-28T09:30:00+00:00',
      target: { kind: 'image', name: 'example/api:1.4.2', imageId: IMAGE_ID, digests: [MANIFEST], diffIds: DIFF_IDS },
      total: 3,
      bySeverity: { high: 2, negligible: 1 },
      fixable: { high: 1 },
    });
    expect(facts.worst).toEqual([
      {
        id: 'CVE-2024-6119',
        package: 'libssl3',
        installed: '3.0.11-1~deb12u2',
        fixedVersion: '3.0.14-1~deb12u2',
        severity: 'high',
      },
      {
        id: 'CVE-2023-50387',
        package: 'libsystemd0',
        installed: '252.30-1~deb12u2',
        fixedVersion: null,
        severity: 'high',
      },
      // No component with that bom-ref: the name comes from the purl.
      { id: 'CVE-2011-3374', package: 'apt', installed: '', fixedVersion: null, severity: 'negligible' },
    ]);
  });

  it('reads an empty but valid report as no vulnerabilities', async () => {
    const facts = await read('grype-empty.json');
    expect(facts.total).toBe(0);
    expect(facts.worst).toEqual([]);
    expect(Object.values(facts.bySeverity).every((n) => n === 0)).toBe(true);
    expect(vulnerabilityFactsFrom('{"SchemaVersion":2,"ArtifactName":"x","Results":null}', 'a.json').total).toBe(0);
  });

  it('tells the format from the content, never the name', () => {
    const grype = vulnerabilityFactsFrom('{"matches":[]}', 'trivy-report.json');
    expect(grype.format).toBe('grype-json');
    expect(vulnerabilityFactsFrom('{"SchemaVersion":2,"Results":[]}', 'grype.json').format).toBe('trivy-json');
  });

  it('refuses what is not a report, naming the file and the formats read', async () => {
    const cases: [string, RegExp][] = [
      ['not json', /x\.json is not valid JSON \(expected trivy JSON/],
      ['[1,2]', /x\.json is not a JSON object \(an array\)/],
      ['{"runs":[]}', /x\.json is not a format imgaudit reads \(expected trivy JSON.*grype JSON.*CycloneDX/],
      [
        '{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"tools":{"components":[{"name":"imgaudit"}]}},"components":[]}',
        /a CycloneDX SBOM without vulnerabilities .*scan it with grype or trivy first/,
      ],
    ];
    for (const [text, message] of cases) {
      let thrown: unknown;
      try {
        vulnerabilityFactsFrom(text, 'x.json');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(VulnReportError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('\n');
    }
    // grype's CycloneDX of a clean image has no vulnerabilities array: a valid empty report.
    const clean = vulnerabilityFactsFrom(
      '{"bomFormat":"CycloneDX","metadata":{"tools":{"components":[{"name":"grype","version":"0.84.0"}]}}}',
      'x.json',
    );
    expect(clean).toMatchObject({ total: 0, tool: { name: 'grype', version: '0.84.0' } });
  });

  describe('files', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'imgaudit-vuln-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('a missing file, a directory and a file over 64 MiB are input errors naming the path', async () => {
      await expect(readVulnerabilityReport(join(dir, 'nope.json'))).rejects.toThrow(
        new VulnReportError(`the vulnerability report ${join(dir, 'nope.json')} does not exist`),
      );
      await expect(readVulnerabilityReport(dir)).rejects.toThrow(/is not a file|cannot be read/);
      const big = join(dir, 'big.json');
      await writeFile(big, '');
      await truncate(big, MAX_VULN_REPORT_BYTES + 1);
      await expect(readVulnerabilityReport(big)).rejects.toThrow(/larger than imgaudit reads \(64 MiB\)/);
    });

    it('reads a UTF-8 byte order mark', async () => {
      const file = join(dir, 'bom.json');
      await writeFile(file, '\uFEFF{"matches":[]}');
      expect((await readVulnerabilityReport(file)).format).toBe('grype-json');
    });
  });
});
