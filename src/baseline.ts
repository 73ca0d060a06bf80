import { parseReference } from './docker/reference.js';
import type { AuditReport, Finding, ImageResult } from './result.js';

/** A finding as a baseline knows it: rule and fingerprint, never its wording. */
export function baselineKey(finding: Pick<Finding, 'rule' | 'fingerprint'>): string {
  return `${finding.rule}\u0000${finding.fingerprint}`;
}

/** Findings that count against a gate or a diff: failures, warnings, and rules that could not run. */
export function isProblem(finding: Pick<Finding, 'status'>): boolean {
  return finding.status === 'fail' || finding.status === 'warn' || finding.status === 'error';
}

/** Problems a baseline report holds, over all its images (what `report.baseline.findings` counts). */
export function countProblems(report: AuditReport): number {
  return report.images.reduce((sum, image) => sum + image.findings.filter(isProblem).length, 0);
}

/**
 * The baseline image an audited image is compared with: the same reference, else the same image id, else the same
 * repository (any tag: `myorg/api:main` for `myorg/api:pr-12`), else the only image when both runs hold one.
 * Null when none fits: every finding of that image is then new.
 */
export function counterpart(baseline: readonly ImageResult[], image: Pick<ImageResult, 'ref' | 'id'>, runSize: number): ImageResult | null {
  const repository = repositoryOf(image.ref);
  return (
    baseline.find((candidate) => candidate.ref === image.ref) ??
    baseline.find((candidate) => candidate.id === image.id) ??
    (repository !== null ? baseline.find((candidate) => repositoryOf(candidate.ref) === repository) : undefined) ??
    (baseline.length === 1 && runSize === 1 ? baseline[0]! : null)
  );
}

/** The keys of a baseline image's problems. */
export function baselineKeys(image: ImageResult | null): ReadonlySet<string> {
  return new Set(image ? image.findings.filter(isProblem).map(baselineKey) : []);
}

/** `registry:5000/team/api` for `registry:5000/team/api:1.2`; null for image ids and unparsable text. */
export function repositoryOf(ref: string): string | null {
  try {
    const parsed = parseReference(ref);
    if (parsed.isId) return null;
    return parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path;
  } catch {
    return null;
  }
}
