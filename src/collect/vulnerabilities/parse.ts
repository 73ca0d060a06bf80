import type { VulnerabilityEntry, VulnerabilityFacts, VulnerabilitySeverity } from '../../facts.js';

/**
 * Reads a vulnerability scanner's JSON report: trivy (`trivy image|sbom -f json`), grype (`grype -o json`) or
 * CycloneDX with a `vulnerabilities` array (`trivy … -f cyclonedx`, `grype -o cyclonedx-json`). The format is told
 * by the document's shape, never by the file name. The document is untrusted: every field is checked for its type,
 * every text bounded, and nothing recurses into it. Throws ReportFormatProblem (a one-line reason) when it is none of
 * these.
 */
export function parseVulnerabilityReport(document: unknown, file: string): VulnerabilityFacts {
  if (!isRecord(document)) throw new ReportFormatProblem(`not a JSON object (${kindOf(document)})`);
  if (Array.isArray(document.matches) || (isRecord(document.descriptor) && text(document.descriptor.name) === 'grype'))
    return grype(document, file);
  if (typeof document.SchemaVersion === 'number' && ('Results' in document || 'ArtifactName' in document))
    return trivy(document, file);
  if (document.bomFormat === 'CycloneDX') return cyclonedx(document, file);
  throw new ReportFormatProblem('not a format imgaudit reads');
}

/** Why a document is not a report imgaudit reads; the caller names the file and the formats. */
export class ReportFormatProblem extends Error {}

export const REPORT_FORMATS =
  'trivy JSON (trivy image|sbom -f json), grype JSON (grype -o json) or CycloneDX JSON with vulnerabilities';

/** How many of the worst vulnerabilities the facts keep. */
export const WORST_KEPT = 50;

/** Longest text kept from the report (an id, a package name, a version). */
const MAX_TEXT = 200;

const SEVERITY_ORDER: readonly VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'];

function trivy(report: Record<string, unknown>, file: string): VulnerabilityFacts {
  const metadata = isRecord(report.Metadata) ? report.Metadata : {};
  const artifactType = text(report.ArtifactType);
  const entries: VulnerabilityEntry[] = [];
  for (const result of list(report.Results)) {
    if (!isRecord(result)) continue;
    for (const vulnerability of list(result.Vulnerabilities)) {
      if (!isRecord(vulnerability)) continue;
      const id = text(vulnerability.VulnerabilityID);
      if (!id) continue;
      entries.push({
        id,
        package: text(vulnerability.PkgName) ?? text(vulnerability.PkgID) ?? '(unknown package)',
        installed: text(vulnerability.InstalledVersion) ?? '',
        fixedVersion: text(vulnerability.FixedVersion),
        severity: severityOf(vulnerability.Severity),
      });
    }
  }
  const trivyInfo = isRecord(report.Trivy) ? report.Trivy : {};
  const isImage = artifactType === 'container_image';
  return summarize(file, 'trivy-json', entries, {
    tool: { name: 'trivy', version: text(trivyInfo.Version) },
    scannedAt: text(report.CreatedAt),
    target: {
      kind: isImage ? 'image' : artifactType === 'cyclonedx' || artifactType === 'spdx' ? 'sbom' : 'other',
      name: text(report.ArtifactName),
      imageId: digest(metadata.ImageID),
      digests: digests(list(metadata.RepoDigests)),
      diffIds: digests(list(metadata.DiffIDs)),
    },
  });
}

function grype(report: Record<string, unknown>, file: string): VulnerabilityFacts {
  const entries: VulnerabilityEntry[] = [];
  for (const match of list(report.matches)) {
    if (!isRecord(match) || !isRecord(match.vulnerability)) continue;
    const vulnerability = match.vulnerability;
    const artifact = isRecord(match.artifact) ? match.artifact : {};
    const id = text(vulnerability.id);
    if (!id) continue;
    const fix = isRecord(vulnerability.fix) ? vulnerability.fix : {};
    const versions = list(fix.versions).flatMap((version) => text(version) ?? []);
    entries.push({
      id,
      package: text(artifact.name) ?? '(unknown package)',
      installed: text(artifact.version) ?? '',
      fixedVersion: versions.length > 0 ? bounded(versions.slice(0, 5).join(', ')) : null,
      severity: severityOf(vulnerability.severity),
    });
  }
  const source = isRecord(report.source) ? report.source : {};
  const target = isRecord(source.target) ? source.target : {};
  const descriptor = isRecord(report.descriptor) ? report.descriptor : {};
  const sourceType = text(source.type);
  return summarize(file, 'grype-json', entries, {
    tool: { name: text(descriptor.name) ?? 'grype', version: text(descriptor.version) },
    scannedAt: text(descriptor.timestamp),
    target: {
      kind: sourceType === 'image' ? 'image' : sourceType === 'sbom-file' || sourceType === 'sbom' ? 'sbom' : 'other',
      name: typeof source.target === 'string' ? text(source.target) : text(target.userInput),
      imageId: digest(target.imageID),
      digests: digests([target.manifestDigest, ...list(target.repoDigests)]),
      diffIds: digests(list(target.layers).map((layer) => (isRecord(layer) ? layer.digest : undefined))),
    },
  });
}

function cyclonedx(bom: Record<string, unknown>, file: string): VulnerabilityFacts {
  const metadata = isRecord(bom.metadata) ? bom.metadata : {};
  const tool = cyclonedxTool(metadata.tools);
  if (!Array.isArray(bom.vulnerabilities) && !['grype', 'trivy'].includes(tool.name))
    throw new ReportFormatProblem(
      'a CycloneDX SBOM without vulnerabilities (an inventory, not a scan result): scan it with grype or trivy first',
    );
  // affects[].ref names a component by its bom-ref: the package's name and version come from there.
  const components = new Map<string, Record<string, unknown>>();
  for (const component of list(bom.components)) {
    if (!isRecord(component)) continue;
    const ref = text(component['bom-ref']);
    if (ref && components.size < 1_000_000) components.set(ref, component);
  }
  const entries: VulnerabilityEntry[] = [];
  for (const vulnerability of list(bom.vulnerabilities)) {
    if (!isRecord(vulnerability)) continue;
    const id = text(vulnerability.id);
    if (!id) continue;
    const severity = worstSeverity(
      list(vulnerability.ratings).map((rating) => (isRecord(rating) ? severityOf(rating.severity) : 'unknown')),
    );
    const fixedVersion = fixFromRecommendation(vulnerability.recommendation);
    const affects = list(vulnerability.affects).filter(isRecord);
    for (const affected of affects.length > 0 ? affects : [{}]) {
      const ref = text(affected.ref);
      const component = ref ? components.get(ref) : undefined;
      const affectedVersion = list(affected.versions).find(
        (version) => isRecord(version) && version.status === 'affected',
      );
      entries.push({
        id,
        package: text(component?.name) ?? (ref ? packageFromRef(ref) : '(unknown package)'),
        installed: text(component?.version) ?? (isRecord(affectedVersion) ? (text(affectedVersion.version) ?? '') : ''),
        fixedVersion,
        severity,
      });
    }
  }
  const subject = isRecord(metadata.component) ? metadata.component : {};
  const properties = list(subject.properties).filter(isRecord);
  const property = (...names: string[]) =>
    properties.filter((entry) => names.includes(text(entry.name) ?? '')).map((entry) => entry.value);
  const version = digest(subject.version);
  const imageIds = digests([...property('aquasecurity:trivy:ImageID'), version]);
  return summarize(file, 'cyclonedx', entries, {
    tool,
    scannedAt: text(metadata.timestamp),
    target: {
      kind: subject.type === 'container' ? 'image' : 'other',
      name: text(subject.name),
      imageId: imageIds[0] ?? null,
      digests: digests([...property('aquasecurity:trivy:RepoDigest', 'imgaudit:repoDigest'), ...imageIds.slice(1)]),
      diffIds: digests(property('aquasecurity:trivy:DiffID')),
    },
  });
}

/** CycloneDX 1.4 lists tools as an array of {vendor, name, version}; 1.5 as {components: [{name, version}]}. */
function cyclonedxTool(tools: unknown): VulnerabilityFacts['tool'] {
  const all: readonly unknown[] = Array.isArray(tools) ? tools : isRecord(tools) ? list(tools.components) : [];
  const named = all.filter(isRecord).map((tool) => ({ name: text(tool.name), version: text(tool.version) }));
  const scanner = named.find((tool) => tool.name === 'grype' || tool.name === 'trivy') ?? named[0];
  return { name: scanner?.name ?? 'unknown', version: scanner?.version ?? null };
}

/** trivy writes `Upgrade openssl-libs to version 1:1.0.2k-19.el7`; grype names the fix likewise. */
function fixFromRecommendation(value: unknown): string | null {
  const recommendation = typeof value === 'string' ? value.slice(0, 1000) : '';
  const match = /\bto (?:version )?([^\s,;]+)/i.exec(recommendation);
  return match ? bounded(match[1]!) : null;
}

/** `pkg:deb/debian/openssl@3.0.11-1?arch=amd64` (or a trivy urn ending in `#pkg:…`) → `openssl`. */
function packageFromRef(ref: string): string {
  const purl = /pkg:[^/]+\/(?:[^@?#]*\/)?([^@?#/]+)/.exec(ref);
  return purl ? bounded(decodeSafely(purl[1]!)) : bounded(ref);
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

interface ReportHeader {
  readonly tool: VulnerabilityFacts['tool'];
  readonly scannedAt: string | null;
  readonly target: VulnerabilityFacts['target'];
}

/** Counts by severity and fix, each (id, package, installed) once, and the worst few. */
function summarize(
  file: string,
  format: VulnerabilityFacts['format'],
  entries: readonly VulnerabilityEntry[],
  header: ReportHeader,
): VulnerabilityFacts {
  const bySeverity = zeroCounts();
  const fixable = zeroCounts();
  const seen = new Map<string, VulnerabilityEntry>();
  for (const entry of entries) {
    const key = `${entry.id}\0${entry.package}\0${entry.installed}`;
    const known = seen.get(key);
    // The same match found twice (two locations, two ratings): kept once, at its worst severity.
    if (known && rank(known.severity) <= rank(entry.severity)) continue;
    if (known) {
      bySeverity[known.severity]--;
      if (known.fixedVersion !== null) fixable[known.severity]--;
    }
    const kept =
      known && known.fixedVersion !== null && entry.fixedVersion === null
        ? { ...entry, fixedVersion: known.fixedVersion }
        : entry;
    seen.set(key, kept);
    bySeverity[kept.severity]++;
    if (kept.fixedVersion !== null) fixable[kept.severity]++;
  }
  const worst = [...seen.values()].sort(worseFirst).slice(0, WORST_KEPT);
  return { file, format, ...header, total: seen.size, bySeverity, fixable, worst };
}

function worseFirst(a: VulnerabilityEntry, b: VulnerabilityEntry): number {
  return (
    rank(a.severity) - rank(b.severity) ||
    Number(a.fixedVersion === null) - Number(b.fixedVersion === null) ||
    compare(a.id, b.id) ||
    compare(a.package, b.package)
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rank(severity: VulnerabilitySeverity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

function zeroCounts(): Record<VulnerabilitySeverity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
}

/** trivy's `CRITICAL`, grype's `Critical`/`Negligible`, CycloneDX's `critical`/`info`/`none`. */
function severityOf(value: unknown): VulnerabilitySeverity {
  const name = typeof value === 'string' ? value.toLowerCase() : '';
  if (name === 'critical' || name === 'high' || name === 'medium' || name === 'low') return name;
  if (name === 'negligible' || name === 'info' || name === 'none') return 'negligible';
  return 'unknown';
}

/** A CycloneDX vulnerability rated by several sources: the worst known rating (unknown only when all are). */
function worstSeverity(severities: readonly VulnerabilitySeverity[]): VulnerabilitySeverity {
  return [...severities].sort((a, b) => rank(a) - rank(b))[0] ?? 'unknown';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, one line and bounded; anything else null. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const line = value.slice(0, MAX_TEXT * 4).trim();
  return line === '' ? null : bounded(line);
}

function bounded(value: string): string {
  return value.length <= MAX_TEXT ? value : `${value.slice(0, MAX_TEXT - 1)}…`;
}

const DIGEST = /(sha256:[0-9a-f]{64})$/;

/** `sha256:…`, or the digest at the end of `repo@sha256:…`; null for anything else. */
function digest(value: unknown): string | null {
  return typeof value === 'string' && value.length < 1000 ? (DIGEST.exec(value)?.[1] ?? null) : null;
}

/** The distinct digests among the values, at most 1000. */
function digests(values: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const value of values) {
    const hash = digest(value);
    if (hash) found.add(hash);
    if (found.size >= 1000) break;
  }
  return [...found];
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
