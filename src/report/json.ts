import type { AuditReport } from '../result.js';
import { stringifySafeJson } from './escape.js';

/** The machine contract, described by docs/report.schema.json. */
export function renderJson(report: AuditReport): string {
  return `${stringifySafeJson(report)}\n`;
}
