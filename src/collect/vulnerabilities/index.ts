import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { VulnerabilityFacts } from '../../facts.js';
import { VulnReportError } from '../../shared/errors.js';
import { parseVulnerabilityReport, ReportFormatProblem, REPORT_FORMATS } from './parse.js';

/** A report larger than this is refused: the largest real ones (thousands of matches with descriptions) are a few MiB. */
export const MAX_VULN_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a scanner's report (`--vuln-report`, `images[].vulnReport`) into facts. A missing, unreadable, oversized,
 * non-JSON or unknown-format file is a VulnReportError naming it and the formats read (exit 2).
 */
export async function readVulnerabilityReport(path: string): Promise<VulnerabilityFacts> {
  const bytes = await readBounded(path);
  return vulnerabilityFactsFrom(bytes.toString('utf8'), path);
}

/** The facts of a report's text; `path` names it in errors, its base name goes into the facts. */
export function vulnerabilityFactsFrom(content: string, path: string): VulnerabilityFacts {
  let document: unknown;
  try {
    document = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    throw new VulnReportError(`the vulnerability report ${path} is not valid JSON (expected ${REPORT_FORMATS})`);
  }
  try {
    return parseVulnerabilityReport(document, basename(path));
  } catch (error) {
    if (error instanceof ReportFormatProblem)
      throw new VulnReportError(`the vulnerability report ${path} is ${error.message} (expected ${REPORT_FORMATS})`);
    throw new VulnReportError(`the vulnerability report ${path} cannot be read (expected ${REPORT_FORMATS})`);
  }
}

async function readBounded(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = errorCode(error);
    throw new VulnReportError(
      code === 'ENOENT'
        ? `the vulnerability report ${path} does not exist`
        : `the vulnerability report ${path} cannot be read (${code})`,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new VulnReportError(`the vulnerability report ${path} is not a file`);
    if (info.size > MAX_VULN_REPORT_BYTES)
      throw new VulnReportError(
        `the vulnerability report ${path} is ${info.size} bytes: larger than imgaudit reads (64 MiB)`,
      );
    // Read at most one byte past the limit: a file that grows while it is read is still bounded.
    const buffer = Buffer.alloc(Math.min(info.size, MAX_VULN_REPORT_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_VULN_REPORT_BYTES)
      throw new VulnReportError(`the vulnerability report ${path} is larger than imgaudit reads (64 MiB)`);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof VulnReportError) throw error;
    throw new VulnReportError(`the vulnerability report ${path} cannot be read (${errorCode(error)})`);
  } finally {
    await handle.close();
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
