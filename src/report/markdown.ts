import {
  PROBLEM_STATUSES,
  type AuditReport,
  type ChecklistRow,
  type Finding,
  type ImageResult,
} from '../evaluate/result.js';
import { formatBytes, shortImageId } from '../shared/text.js';
import type { Status } from '../rules/support/types.js';
import { sanitizeForTerminal } from '../shared/escape.js';
import {
  countsText,
  failedRules,
  baseSentence,
  evidenceOriginAt,
  findingsToShow,
  ownGateSentence,
  splitFix,
  totalsLine,
  withCodeSpans,
  worstFirst,
} from './view.js';
import { escapeMarkdown, fencedBlock, tableRow } from './markdown-text.js';

const STATUS_MARK: Readonly<Record<Status, string>> = {
  pass: '✅ PASS',
  warn: '⚠️ WARN',
  fail: '❌ FAIL',
  skip: '➖ SKIP',
  error: '⛔ ERROR',
};

/**
 * GitHub-flavoured Markdown for PR comments and `$GITHUB_STEP_SUMMARY`: a worst-first summary table, then per image a
 * short header with the checklist and findings folded into `<details>`, so a comment stays short.
 */
export function renderMarkdown(report: AuditReport): string {
  const blocks = [
    `## imgaudit report`,
    renderSummary(report),
    ...report.images.map((image) => renderImage(image, report)),
    `<sub>imgaudit ${escapeMarkdown(report.tool.version)}</sub>`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

function renderSummary(report: AuditReport): string {
  const rows = worstFirst(report.images).map((image) =>
    tableRow([
      escapeMarkdown(image.ref),
      String(image.score),
      `**${escapeMarkdown(image.grade)}**`,
      formatBytes(image.facts.sizeBytes),
      String(image.facts.layerCount),
      image.passed ? '✅ pass' : '❌ FAIL',
      failedRules(image)
        .map(({ rule, baselined }) => `${ruleCode(rule)}${baselined ? ' (in baseline)' : ''}`)
        .join(', ') || '–',
    ]),
  );
  const table = [
    '| Image | Score | Grade | Size | Layers | Gate | Failed rules |',
    '| --- | --: | :-: | --: | --: | :-: | --- |',
    ...rows,
  ].join('\n');
  return `${table}\n\n${escapeMarkdown(totalsLine(report))}`;
}

function renderImage(image: ImageResult, report: AuditReport): string {
  const { facts } = image;
  const header = [
    escapeMarkdown(shortImageId(image.id)),
    formatBytes(facts.sizeBytes),
    `${facts.layerCount} layers`,
    `user ${escapeMarkdown(facts.user || 'root (no USER)')}`,
  ].join(' · ');
  const own = ownGateSentence(image, report);
  const verdict =
    (image.passed ? '✅ Passes the gate.' : `❌ Fails the gate: ${escapeMarkdown(image.gateReasons.join('; '))}`) +
    (own ? ` ${escapeMarkdown(own)} (its own, from the configuration)` : '');
  return [
    `### ${image.passed ? '✅' : '❌'} ${escapeMarkdown(image.ref)}: ${image.score}/100, grade ` +
      `${escapeMarkdown(image.grade)}`,
    header,
    verdict,
    escapeMarkdown(baseSentence(image) ?? ''),
    renderChecklist(image.checklist),
    renderFindings(image.findings),
    renderAllowlisted(image.findings),
  ]
    .filter(Boolean)
    .join('\n\n');
}

function renderChecklist(rows: readonly ChecklistRow[]): string {
  const counts = countsText(
    rows.map((row) => row.status),
    ['fail', 'warn', 'pass', 'skip'],
  );
  const table = [
    '| Item | Status | Detail |',
    '| --- | --- | --- |',
    ...rows.map((row) => tableRow([escapeMarkdown(row.item), STATUS_MARK[row.status], escapeMarkdown(row.detail)])),
  ].join('\n');
  return details(`Production checklist: ${counts}`, table);
}

function renderFindings(findings: readonly Finding[]): string {
  const shown = findingsToShow(findings);
  if (shown.length === 0) return '✅ No findings: every rule that ran passed.';
  const body = shown.map(renderFinding).join('\n\n');
  return details(
    `Findings: ${countsText(
      shown.map((finding) => finding.status),
      PROBLEM_STATUSES,
    )}`,
    body,
  );
}

function renderFinding(finding: Finding): string {
  const head =
    `**${STATUS_MARK[finding.status]} · ${escapeMarkdown(finding.severity)} · ${ruleCode(finding.rule)}**` +
    ` ${escapeMarkdown(finding.message)}${finding.baselined ? ' _(in baseline)_' : ''}` +
    (finding.origin ? ` _(${finding.origin})_` : '');
  const evidence = finding.evidence.map((item, index) => {
    const origin = evidenceOriginAt(finding, index);
    return `- ${escapeMarkdown(item)}${origin === null ? '' : ` _[${escapeMarkdown(origin)}]_`}`;
  });
  if (finding.evidenceOmitted > 0) evidence.push(`- … and ${finding.evidenceOmitted} more`);
  const parts = [head];
  if (evidence.length > 0) parts.push(evidence.join('\n'));
  if (finding.fix) {
    const { lead, code } = splitFix(finding.fix);
    parts.push(`Fix: ${withCodeSpans(lead, escapeMarkdown, (span) => `\`${sanitizeForTerminal(span)}\``)}`);
    if (code) parts.push(fencedBlock(code, 'dockerfile'));
  }
  return parts.join('\n\n');
}

function renderAllowlisted(findings: readonly Finding[]): string {
  const lines = findings.flatMap((finding) =>
    (finding.allowlisted ?? []).map(
      ({ item, reason }) => `- ${ruleCode(finding.rule)}: ${escapeMarkdown(item)}: ${escapeMarkdown(reason)}`,
    ),
  );
  if (lines.length === 0) return '';
  return details(
    `Allowlisted by the configuration: ${lines.length} ${lines.length === 1 ? 'item' : 'items'}`,
    lines.join('\n'),
  );
}

/** GitHub renders Markdown inside `<details>` only after a blank line; the summary is our own text. */
function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Rule ids are kebab-case from our registry; anything else is escaped like image text. */
function ruleCode(rule: string): string {
  return /^[a-z0-9-]+$/.test(rule) ? `\`${rule}\`` : escapeMarkdown(rule);
}
