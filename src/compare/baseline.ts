import { pairImages, type Pairable } from './pairing.js';
import { baselineKey } from '../evaluate/fingerprint.js';
import { isProblem, type AuditReport, type ImageResult } from '../evaluate/result.js';

/** Problems a baseline report holds, over all its images (what `report.baseline.findings` counts). */
export function countProblems(report: AuditReport): number {
  return report.images.reduce((sum, image) => sum + image.findings.filter(isProblem).length, 0);
}

/** The keys of a baseline image's problems. */
export function baselineKeys(image: ImageResult | null): ReadonlySet<string> {
  return new Set(image ? image.findings.filter(isProblem).map(baselineKey) : []);
}

/**
 * For each audited image, the keys of the problems its counterpart in the baseline holds (see pairImages); empty
 * for an image the baseline does not know, so that all its findings are new.
 */
export function baselinesFor(baseline: AuditReport, images: readonly Pairable[]): ReadonlySet<string>[] {
  const { pairs } = pairImages(baseline.images, images);
  return images.map((image) => baselineKeys(pairs.find(([, audited]) => audited === image)?.[0] ?? null));
}
