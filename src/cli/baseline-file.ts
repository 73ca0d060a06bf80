import type { AuditOptions } from '../audit.js';
import { readReportFile } from '../compare/report-file.js';

export async function readBaseline(path: string): Promise<NonNullable<AuditOptions['baseline']>> {
  return { file: path, report: await readReportFile(path, '--baseline') };
}
