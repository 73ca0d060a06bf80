export { audit, type AuditOptions } from './audit.js';
export { evaluate, EVIDENCE_CAP, type Judgement } from './evaluate/evaluate.js';
export { pairImages, repositoryOf, type Pairing } from './compare/pairing.js';
export { CHECKLIST, checklistRows, type ChecklistItem } from './evaluate/checklist.js';
export { findConfigFile, loadConfig, parseConfig } from './config/load.js';
export type {
  AllowEntry,
  Allowlists,
  ImgauditConfig,
  ImageOverride,
  ImageSettings,
  RuleOverride,
} from './config/types.js';
export { collectConfig, configFactsFrom } from './collect/config/image-config.js';
export { createDockerClient, DEFAULT_TIMEOUT_MS, type DockerClient } from './docker/client.js';
export * from './shared/errors.js';
export { parseReference, type ImageReference } from './docker/reference.js';
export type * from './facts.js';
export {
  DEFAULT_REGRESSION_POLICY,
  diffImages,
  diffReports,
  type DiffReport,
  type ImageDiff,
  type RegressionPolicy,
} from './compare/diff.js';
export { parseReport, readReportFile } from './compare/report-file.js';
export { renderDiff, type DiffFormat } from './report/diff-report.js';
export { renderHtml } from './report/html.js';
export { FORMATS, renderReport, type Format, type RenderContext } from './report/index.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderMarkdown } from './report/markdown.js';
export { renderSarif } from './report/sarif.js';
export { renderTable, type TableOptions } from './report/table.js';
export * from './evaluate/result.js';
export { RULES, ruleById, type RuleId } from './rules/index.js';
export {
  DEFAULT_RULE_OPTIONS,
  SEVERITIES,
  STATUSES,
  type Rule,
  type RuleOptions,
  type Severity,
  type Status,
  type Verdict,
} from './rules/support/types.js';
export { gradeFor, scoreFindings, SEVERITY_WEIGHT } from './evaluate/score.js';
export { TOOL_VERSION } from './shared/version.js';
