import { readFile } from 'node:fs/promises';
import { UsageError } from './docker/errors.js';
import type { AuditReport } from './result.js';

/**
 * A JSON report written earlier by `imgaudit --format json` (a baseline, or a side of a diff). `what` names the
 * role in messages: `--baseline report.json is not …`.
 */
export async function readReportFile(path: string, what: string): Promise<AuditReport> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${what} ${path}: ${error.code ?? error.message}`);
  });
  return parseReport(text, `${what} ${path}`);
}

/** Parses a JSON report and checks that it is one this version reads; the error names `source`. */
export function parseReport(text: string, source: string): AuditReport {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const report = document as Partial<AuditReport> | null;
  if (typeof report !== 'object' || report === null || report.tool?.name !== 'imgaudit' || !Array.isArray(report.images)) {
    throw new UsageError(`${source} is not an imgaudit JSON report (write one with --format json)`);
  }
  if (report.schemaVersion !== 1) throw new UsageError(`${source} has schemaVersion ${JSON.stringify(report.schemaVersion)}; this imgaudit reads 1`);
  const broken = report.images.findIndex((image) => typeof image?.ref !== 'string' || !Array.isArray(image.findings));
  if (broken !== -1) throw new UsageError(`${source}: images[${broken}] has no ref or findings`);
  return report as AuditReport;
}
