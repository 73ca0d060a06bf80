/**
 * Rendering saved reports: every format, the diff, and reading a JSON report back. This entry point (`imgaudit/report`)
 * loads no Docker client, so a dashboard or a CI step that only renders never pays for one.
 *
 * @packageDocumentation
 */
import type { AuditReport } from '../evaluate/result.js';

/** Everything a reporter may need beyond the report. */
export interface RenderContext {
  /** Colors for the table (only ever on a terminal). */
  readonly color: boolean;
  /** Width to fit the table into. */
  readonly width: number;
  /** The Dockerfile an image was built from, as a repository-relative path, when known (SARIF locations). */
  readonly dockerfileFor: (ref: string) => string | undefined;
}

/** A report format. Written out (not derived from FORMATS) so that signatures name it instead of spelling its union. */
export type Format = 'table' | 'json' | 'sarif' | 'junit' | 'markdown' | 'html' | 'cyclonedx' | 'spdx';
export const FORMATS = [
  'table',
  'json',
  'sarif',
  'junit',
  'markdown',
  'html',
  'cyclonedx',
  'spdx',
] as const satisfies readonly Format[];
/** FORMATS lists every Format: with one left out this type is `never` and the line below does not compile. */
type EveryFormatListed = [Exclude<Format, (typeof FORMATS)[number]>] extends [never] ? true : never;
const everyFormatListed: EveryFormatListed = true;
void everyFormatListed;

/** Renders one format. Reporters are loaded on demand: each run pays only for the formats it writes. */
export async function renderReport(format: Format, report: AuditReport, context: RenderContext): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).renderJson(report);
    case 'table':
      return (await import('./table.js')).renderTable(report, { color: context.color, width: context.width });
    case 'sarif':
      return (await import('./sarif.js')).renderSarif(report, context);
    case 'junit':
      return (await import('./junit.js')).renderJunit(report);
    case 'markdown':
      return (await import('./markdown.js')).renderMarkdown(report);
    case 'html':
      return (await import('./html.js')).renderHtml(report);
    case 'cyclonedx':
      return (await import('./cyclonedx.js')).renderCycloneDx(report);
    case 'spdx':
      return (await import('./spdx.js')).renderSpdx(report);
  }
}

export { parseReport, readReportFile } from '../compare/report-file.js';
export {
  renderDiff,
  renderDiffMarkdown,
  renderDiffTable,
  DIFF_FORMATS,
  type DiffFormat,
  type DiffRenderOptions,
} from './diff-report.js';
export { renderCycloneDx } from './cyclonedx.js';
export { renderHtml } from './html.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif } from './sarif.js';
export { renderSpdx } from './spdx.js';
export { renderTable, type TableOptions } from './table.js';
export type * from '../evaluate/result.js';
export type * from '../compare/diff.js';
export type * from '../facts.js';
export type { RuleId } from '../rules/index.js';
export type { Category, Need, Severity, Status } from '../rules/support/types.js';
