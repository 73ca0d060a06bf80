import type { VulnerabilityEntry, VulnerabilityFacts, VulnerabilitySeverity } from '../../../src/facts.js';

const ZERO: Record<VulnerabilitySeverity, number> = {
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  negligible: 0,
  unknown: 0,
};

/** A vulnerability as the facts keep it. */
export function vulnerability(
  id: string,
  severity: VulnerabilitySeverity,
  fixedVersion: string | null = null,
  pkg = 'openssl',
  installed = '3.0.11-1~deb12u2',
): VulnerabilityEntry {
  return { id, package: pkg, installed, fixedVersion, severity };
}

/**
 * The facts of a grype report of the example image (test/unit/helpers/facts.ts), scanned 2026-11-28, with these
 * vulnerabilities: counts are computed from them as the parser would.
 */
export function vulnerabilityReport(
  entries: readonly VulnerabilityEntry[] = [],
  overrides: Partial<VulnerabilityFacts> = {},
): VulnerabilityFacts {
  const bySeverity = { ...ZERO };
  const fixable = { ...ZERO };
  for (const entry of entries) {
    bySeverity[entry.severity]++;
    if (entry.fixedVersion !== null) fixable[entry.severity]++;
  }
  return {
    file: 'vulns.json',
    format: 'grype-json',
    tool: { name: 'grype', version: '0.87.0' },
    scannedAt: '2026-11-28T09:14:03Z',
    target: {
      kind: 'image',
      name: 'example/api:1.4.2',
      imageId: 'sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d',
      digests: [],
      diffIds: [],
    },
    total: entries.length,
    bySeverity,
    fixable,
    worst: entries,
    ...overrides,
  };
}
