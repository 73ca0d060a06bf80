import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vulnerabilityFactsFrom } from '../../../src/collect/vulnerabilities/index.js';
import type { VulnerabilityFacts } from '../../../src/facts.js';
import { VulnReportError } from '../../../src/shared/errors.js';
import { mutate, mutation, SEED } from './fuzz.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/vuln-reports/', import.meta.url));
const SAMPLES = [
  'trivy-image.json',
  'trivy-sbom.json',
  'grype-image.json',
  'grype-sbom.json',
  'cyclonedx-vulns.json',
  'grype-empty.json',
].map((name) => readFileSync(`${FIXTURES}${name}`));

/** Facts whose counts agree with themselves and whose texts are bounded; or a one-line VulnReportError. */
function expectFactsOrInputError(text: string): void {
  let facts: VulnerabilityFacts;
  try {
    facts = vulnerabilityFactsFrom(text, 'fuzz.json');
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(VulnReportError);
    expect((error as Error).message).toMatch(/^the vulnerability report fuzz\.json /);
    expect((error as Error).message).not.toContain('\n');
    return;
  }
  const counted = Object.values(facts.bySeverity).reduce((sum, n) => sum + n, 0);
  expect(counted).toBe(facts.total);
  for (const [severity, n] of Object.entries(facts.fixable))
    expect(n).toBeLessThanOrEqual(facts.bySeverity[severity as keyof typeof facts.bySeverity]);
  expect(Object.values(facts.bySeverity).every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
  expect(facts.worst.length).toBeLessThanOrEqual(Math.min(50, facts.total));
  const texts = [
    facts.tool.name,
    facts.tool.version,
    facts.scannedAt,
    facts.target.name,
    facts.target.imageId,
    ...facts.target.digests,
    ...facts.target.diffIds,
    ...facts.worst.flatMap((entry) => [entry.id, entry.package, entry.installed, entry.fixedVersion]),
  ];
  for (const value of texts) if (value !== null) expect(value.length).toBeLessThanOrEqual(200);
  for (const digest of [...facts.target.digests, ...facts.target.diffIds])
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
}

/** The field names the parsers look for, so generated documents reach deep into them. */
const KEYS = [
  'SchemaVersion',
  'ArtifactName',
  'ArtifactType',
  'CreatedAt',
  'Metadata',
  'ImageID',
  'RepoDigests',
  'DiffIDs',
  'Results',
  'Vulnerabilities',
  'VulnerabilityID',
  'PkgName',
  'PkgID',
  'InstalledVersion',
  'FixedVersion',
  'Severity',
  'Trivy',
  'Version',
  'matches',
  'vulnerability',
  'id',
  'severity',
  'fix',
  'versions',
  'state',
  'artifact',
  'name',
  'version',
  'source',
  'type',
  'target',
  'imageID',
  'manifestDigest',
  'layers',
  'digest',
  'descriptor',
  'timestamp',
  'bomFormat',
  'metadata',
  'tools',
  'components',
  'component',
  'properties',
  'value',
  'vulnerabilities',
  'ratings',
  'affects',
  'ref',
  'bom-ref',
  'recommendation',
  '__proto__',
  'constructor',
];

const CONTROL = fc.constantFrom('\u0000', '\u0007', '\u001b[2J', '\r', '\n', '\u202e', '\u2028', '\u009b');
const scalar = fc.oneof(
  fc.constantFrom(
    'CycloneDX',
    'container_image',
    'cyclonedx',
    'image',
    'sbom-file',
    'CRITICAL',
    'High',
    'negligible',
    'fixed',
    'grype',
    'trivy',
    `sha256:${'a'.repeat(64)}`,
    `repo@sha256:${'b'.repeat(64)}`,
    'Upgrade x to version 1.2.3',
    'pkg:deb/debian/openssl@3.0.11?arch=amd64',
    '2026-11-28T10:02:55Z',
  ),
  fc.string({ maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), CONTROL, fc.string({ maxLength: 10 })).map((parts) => parts.join('')),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
  ),
}));

describe('vulnerability reports, hostile', () => {
  it('generated documents in the report vocabulary: facts that agree with themselves, or an input error', () => {
    fc.assert(
      fc.property(value, (document) => expectFactsOrInputError(JSON.stringify(document) ?? 'undefined')),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('each real format with flipped, inserted, deleted bytes and cuts', () => {
    fc.assert(
      fc.property(fc.nat(SAMPLES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, changes) =>
        expectFactsOrInputError(mutate(SAMPLES[index]!, changes).toString('utf8')),
      ),
      { seed: SEED, numRuns: 800 },
    );
  });

  it('wrong types where every field is expected', () => {
    const wrong = fc.constantFrom<unknown>(null, 1, 'x', [], {}, [null], [1], true);
    fc.assert(
      fc.property(wrong, wrong, wrong, (a, b, c) => {
        for (const document of [
          { SchemaVersion: 2, Results: a, Metadata: b, CreatedAt: c },
          { SchemaVersion: 2, Results: [{ Vulnerabilities: a }, { Vulnerabilities: [b, c] }] },
          { matches: a, source: b, descriptor: c },
          { matches: [{ vulnerability: a, artifact: b }, { vulnerability: { id: 'x', fix: c } }] },
          { source: { type: 'image', target: { layers: a, imageID: b, repoDigests: c } }, matches: [] },
          { bomFormat: 'CycloneDX', vulnerabilities: a, components: b, metadata: c },
          { bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'x', ratings: a, affects: b, recommendation: c }] },
          { bomFormat: 'CycloneDX', metadata: { tools: a, component: { properties: b, version: c } } },
        ])
          expectFactsOrInputError(JSON.stringify(document));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('deep nesting, huge strings and many matches end quickly', () => {
    const started = performance.now();
    expectFactsOrInputError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expectFactsOrInputError(`{"matches":${'['.repeat(100_000)}`);
    expectFactsOrInputError(`{"matches":[{"vulnerability":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}]}`);
    const huge = 'A'.repeat(8_000_000);
    expectFactsOrInputError(
      JSON.stringify({
        matches: [{ vulnerability: { id: huge, severity: huge, fix: { versions: [huge] } }, artifact: { name: huge } }],
        descriptor: { name: huge, timestamp: huge },
        source: { type: 'image', target: { imageID: huge, layers: [{ digest: huge }] } },
      }),
    );
    const many = {
      matches: Array.from({ length: 100_000 }, (_, i) => ({
        vulnerability: { id: `CVE-2024-${i}`, severity: i % 2 ? 'High' : 'Low', fix: { versions: [`${i}.0`] } },
        artifact: { name: `pkg${i % 100}`, version: '1.0' },
      })),
    };
    const facts = vulnerabilityFactsFrom(JSON.stringify(many), 'many.json');
    expect(facts.total).toBe(100_000);
    expect(facts.worst).toHaveLength(50);
    expect(facts.worst.every((entry) => entry.severity === 'high')).toBe(true);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
