/**
 * imgaudit as a library: audit images on a Docker engine, judge facts, compare and render reports.
 *
 * ```ts
 * import { audit, renderReport } from 'imgaudit';
 * const report = await audit(['myorg/api:1.4.2'], { gate: { failUnder: 80 } });
 * process.stdout.write(await renderReport('table', report, { color: false, width: 120, dockerfileFor: () => undefined }));
 * ```
 *
 * Rendering only (no Docker client loaded): `import { renderReport, parseReport } from 'imgaudit/report'`.
 *
 * @packageDocumentation
 */

// Auditing
export { audit, DEFAULT_CONCURRENCY, type AuditOptions, type AuditStage, type ProgressEvent } from './audit.js';
export { DEFAULT_RUNTIME_OPTIONS, type RuntimeOptions } from './collect/runtime/options.js';
export type { SweepResult } from './collect/runtime/labels.js';
export type { LayerStoreStats } from './collect/layers/types.js';
export { DEFAULT_TIMEOUT_MS } from './docker/limits.js';
export { DEFAULT_SCAN_TIMEOUT_MS } from './collect/layers/types.js';
export { parseReference, type ImageReference } from './docker/reference.js';

// Configuration
export { findConfigFile, loadConfig, parseConfig, CONFIG_FILES } from './config/load.js';
export {
  DEFAULT_GATE,
  type AllowEntry,
  type Allowlists,
  type FindingPolicy,
  type Gate,
  type ImageOverride,
  type ImageSettings,
  type ImgauditConfig,
  type ResolvedSettings,
  type RuleOverride,
  BASE_FINDINGS,
  type BaseFindings,
} from './config/types.js';

// Facts, rules and judging
export type * from './facts.js';
export { RULES, ruleById, isRuleId, type RuleId } from './rules/index.js';
export {
  DEFAULT_RULE_OPTIONS,
  SEVERITIES,
  STATUSES,
  NEEDS,
  type Category,
  type Need,
  type Rule,
  type RuleMeta,
  type RuleOptions,
  type Severity,
  type Status,
  type Verdict,
} from './rules/support/types.js';
export { evaluate, judgeRule, EVIDENCE_CAP, type Judgement } from './evaluate/evaluate.js';
export { CHECKLIST, checklistRows, type ChecklistItem } from './evaluate/checklist.js';
export { gradeFor, scoreFindings, SEVERITY_WEIGHT } from './evaluate/score.js';
export {
  isProblem,
  PROBLEM_STATUSES,
  type AllowlistedItem,
  type AuditReport,
  type BaselineInfo,
  type BaseSplit,
  type ChecklistRow,
  type Finding,
  type Grade,
  type ImageResult,
  type Origin,
  type ProblemStatus,
  type RowStatus,
} from './evaluate/result.js';

// Comparing reports
export {
  DEFAULT_REGRESSION_POLICY,
  diffImages,
  diffReports,
  type AddedImage,
  type DiffReport,
  type FindingChange,
  type FindingStatus,
  type ImageDiff,
  type ImageSide,
  type RegressionPolicy,
} from './compare/diff.js';

// Rendering (also alone, without the Docker client: imgaudit/report)
export {
  FORMATS,
  renderReport,
  parseReport,
  readReportFile,
  renderDiff,
  renderDiffMarkdown,
  renderDiffTable,
  DIFF_FORMATS,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderSarif,
  renderTable,
  renderCycloneDx,
  renderSpdx,
  type DiffFormat,
  type DiffRenderOptions,
  type Format,
  type RenderContext,
  type TableOptions,
} from './report/index.js';

// Errors (each maps to an exit code in the CLI)
export * from './shared/errors.js';
export { TOOL_VERSION } from './shared/version.js';
