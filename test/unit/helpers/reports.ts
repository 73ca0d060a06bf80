import { readFileSync } from 'node:fs';
import type { AuditReport, Finding, ImageResult } from '../../../src/evaluate/result.js';

/** The recorded report of three real fixture images (bad, fs-risky, good; all three phases), fresh each call. */
export function recordedBatch(): AuditReport {
  return JSON.parse(readFileSync(new URL('../recorded/batch-report.json', import.meta.url), 'utf8')) as AuditReport;
}

/** The report with image `index` changed. */
export function withImage(
  report: AuditReport,
  index: number,
  change: (image: ImageResult) => ImageResult,
): AuditReport {
  return { ...report, images: report.images.map((image, i) => (i === index ? change(image) : image)) };
}

/** The image with the finding of `rule` changed. */
export function withFinding(image: ImageResult, rule: string, change: (finding: Finding) => Finding): ImageResult {
  return { ...image, findings: image.findings.map((finding) => (finding.rule === rule ? change(finding) : finding)) };
}
