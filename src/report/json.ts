import type { AuditReport } from '../evaluate/result.js';
import { stringifySafeJson } from '../shared/escape.js';

/** The machine contract, described by docs/report.schema.json. */
export function renderJson(report: AuditReport): string {
  return `${stringifySafeJson(report)}\n`;
}
