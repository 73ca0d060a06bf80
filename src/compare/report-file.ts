import { UsageError } from '../shared/errors.js';
import { sanitizeForTerminal } from '../shared/escape.js';
import type { AuditReport, Grade } from '../evaluate/result.js';
import { SEVERITIES, STATUSES } from '../rules/support/types.js';
import { redactText } from '../secrets/redactor.js';
import { redactStrings } from '../secrets/scrub.js';
import { readTextFile } from '../shared/files.js';

/**
 * A JSON report written earlier by `imgaudit --format json` (a baseline, or a side of a diff). `what` names the
 * role in messages: `--baseline report.json is not …`.
 */
export async function readReportFile(path: string, what: string): Promise<AuditReport> {
  const text = await readTextFile(
    path,
    (reason) => new UsageError(`cannot read ${what} ${sanitizeForTerminal(path)}: ${reason}`),
  );
  return parseReport(text, `${what} ${path}`);
}

const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'F'];
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isAmount: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const oneOf =
  (values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);

/** The fields a diff reads, so that a hand-edited or truncated report fails here, in one line, not later. */
const IMAGE_FIELDS: Readonly<Record<string, Check>> = {
  ref: isString,
  id: isString,
  score: isAmount,
  grade: oneOf(GRADES),
};
const FACT_FIELDS: Readonly<Record<string, Check>> = { sizeBytes: isAmount, layerCount: isAmount };
const FINDING_FIELDS: Readonly<Record<string, Check>> = {
  // Rule ids end up in regression reasons and markdown: only ids shaped like ours are accepted.
  rule: (value) => typeof value === 'string' && RULE_ID.test(value),
  title: isString,
  status: oneOf(STATUSES),
  severity: oneOf(SEVERITIES),
  message: isString,
  evidence: (value) => Array.isArray(value) && value.every(isString),
  evidenceOmitted: isAmount,
  fingerprint: isString,
};

/**
 * Parses a report written by `imgaudit --format json`, every string redacted again; throws UsageError naming
 * `source` when it is not one.
 */
export function parseReport(text: string, source: string): AuditReport {
  const name = sanitizeForTerminal(source);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${name} is not JSON: ${sanitizeForTerminal((error as Error).message.split('\n')[0] ?? '')}`);
  }
  if (!isObject(value) || !isObject(value.tool) || value.tool.name !== 'imgaudit') {
    throw new UsageError(`${name} is not an imgaudit report (write one with imgaudit --format json)`);
  }
  if (value.schemaVersion !== 1) {
    const version = typeof value.schemaVersion === 'number' ? `version ${value.schemaVersion}` : 'no schemaVersion';
    throw new UsageError(`${name} is an imgaudit report of ${version}; this imgaudit reads schemaVersion 1`);
  }
  const invalid = invalidPath(value);
  if (invalid) throw new UsageError(`${name} is not a valid imgaudit report: ${invalid} is missing or malformed`);
  // A report from an older imgaudit, or edited by hand, may hold what this one would have redacted.
  const report = redactStrings(value, redactText) as unknown as AuditReport;
  // A report written before images carried their gate: each was judged by the run's.
  return { ...report, images: report.images.map((image) => ({ ...image, gate: image.gate ?? report.gate })) };
}

function invalidPath(report: Record<string, unknown>): string | null {
  if (!Array.isArray(report.images)) return 'images';
  for (const [i, image] of report.images.entries()) {
    const at = `images[${i}]`;
    if (!isObject(image)) return at;
    const field = invalidField(image, IMAGE_FIELDS);
    if (field) return `${at}.${field}`;
    if (!isObject(image.facts)) return `${at}.facts`;
    const fact = invalidField(image.facts, FACT_FIELDS);
    if (fact) return `${at}.facts.${fact}`;
    if (!Array.isArray(image.findings)) return `${at}.findings`;
    for (const [j, finding] of image.findings.entries()) {
      if (!isObject(finding)) return `${at}.findings[${j}]`;
      const bad = invalidField(finding, FINDING_FIELDS);
      if (bad) return `${at}.findings[${j}].${bad}`;
    }
  }
  return null;
}

function invalidField(value: Record<string, unknown>, fields: Readonly<Record<string, Check>>): string | undefined {
  return Object.keys(fields).find((key) => !fields[key]!(value[key]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
