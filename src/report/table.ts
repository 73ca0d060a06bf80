import pc from 'picocolors';
import { isProblem, type AuditReport, type ChecklistRow, type Finding, type ImageResult } from '../evaluate/result.js';
import { formatBytes, shortImageId } from '../shared/text.js';
import { sanitizeForTerminal as clean } from '../shared/escape.js';
import {
  baseSentence,
  evidenceOriginAt,
  failedRules,
  findingsToShow,
  ownGateSentence,
  STATUS_LABEL,
  totalsLine,
  worstFirst,
  shortened,
  wrapWords,
  type Colors,
} from './view.js';
import type { Status } from '../rules/support/types.js';
import { grid } from './grid.js';

export interface TableOptions {
  readonly color: boolean;
  /** Terminal width to fit the tables into. */
  readonly width: number;
}

/** The human report: per image a header, the production checklist, and the findings with their fixes. */
export function renderTable(report: AuditReport, options: TableOptions): string {
  const colors = pc.createColors(options.color);
  const width = Math.max(80, Math.min(options.width, 160));
  const blocks = report.images.map((image) => renderImage(image, report, colors, width));
  if (report.images.length > 1) blocks.push(renderSummary(report, colors, width));
  return `${blocks.join('\n\n')}\n`;
}

function renderImage(image: ImageResult, report: AuditReport, c: Colors, width: number): string {
  const { facts } = image;
  const baselined = image.findings.filter((finding) => finding.baselined).length;
  const verdict =
    (image.passed ? c.green('PASSES the gate') : c.red(`FAILS the gate: ${clean(image.gateReasons.join('; '))}`)) +
    (baselined > 0 ? c.dim(` (${baselined} finding${baselined === 1 ? '' : 's'} in the baseline)`) : '');
  const header = [
    c.bold(clean(image.ref)) + c.dim(`  ${shortImageId(image.id)}`),
    `  ${formatBytes(facts.sizeBytes)} · ${facts.layerCount} layers · ${facts.historyCount} history steps · ` +
      `${clean(facts.os)}/${clean(facts.architecture)} · user ${clean(facts.user || 'root (no USER)')}`,
    `  Score ${c.bold(`${image.score}/100`)}  Grade ${gradeColor(image.grade, c)}  ${verdict}`,
    ...[ownGateSentence(image, report)].flatMap((own) => (own ? [`  ${own} (its own, from the configuration)`] : [])),
    ...[baseSentence(image)].flatMap((sentence) =>
      sentence ? [`  ${wrapWords(clean(sentence), width - 2, '  ')}`] : [],
    ),
  ].join('\n');
  return [
    header,
    checklistTable(image.checklist, c, width),
    findingsTable(image.findings, c, width),
    acceptedLines(image.findings, c),
  ]
    .filter(Boolean)
    .join('\n');
}

/** What the configuration accepted (allowlists, fingerprints) in findings that no longer show: never silently. */
function acceptedLines(findings: readonly Finding[], c: Colors): string {
  const accepted = findings.filter((finding) => !isProblem(finding) && (finding.allowlisted ?? []).length > 0);
  if (accepted.length === 0) return '';
  const lines = accepted.flatMap((finding) =>
    (finding.allowlisted ?? []).map(
      ({ item, reason }) => `  ${finding.rule}: ${clean(item)} ${c.dim(`(${clean(reason)})`)}`,
    ),
  );
  return `Accepted by the configuration\n${lines.join('\n')}`;
}

function checklistTable(rows: readonly ChecklistRow[], c: Colors, width: number): string {
  const itemWidth = 40;
  const statusWidth = 8;
  const table = grid({
    head: ['Production checklist', 'Status', 'Detail'],
    colWidths: [itemWidth, statusWidth, width - itemWidth - statusWidth - 4],
    compact: true,
    colors: c,
  });
  for (const row of rows) table.push([row.item, statusCell(row.status, c), clean(shortened(row.detail))]);
  return table.toString();
}

function findingsTable(findings: readonly Finding[], c: Colors, width: number): string {
  const shown = findingsToShow(findings);
  if (shown.length === 0) return c.green('No findings: every rule that ran passed.');
  // The rule column fits the longest rule id (package-install-cleanup) and the padding.
  const left = [10, 8, 25];
  const table = grid({
    head: ['Severity', 'Status', 'Rule', 'Finding, evidence and fix'],
    colWidths: [...left, width - left.reduce((a, b) => a + b, 0) - 5],
    colors: c,
  });
  for (const finding of shown) {
    const lines = [
      finding.baselined
        ? `${clean(shortened(finding.message))} ${c.dim('(in the baseline: does not gate)')}`
        : clean(shortened(finding.message)),
    ];
    finding.evidence.forEach((item, index) => {
      const origin = evidenceOriginAt(finding, index);
      lines.push(c.dim(`• ${clean(shortened(item))}${origin === null ? '' : ` [${clean(origin)}]`}`));
    });
    if (finding.evidenceOmitted > 0) lines.push(c.dim(`• … and ${finding.evidenceOmitted} more`));
    for (const { item, reason } of finding.allowlisted ?? [])
      lines.push(c.dim(`• accepted: ${clean(item)} (${clean(reason)})`));
    if (finding.fix) lines.push(`${c.cyan('Fix:')} ${finding.fix}`);
    const origin = finding.origin ?? null;
    const rule = origin === null ? finding.rule : `${finding.rule}\n${origin === 'base' ? c.dim('base') : 'own'}`;
    table.push([finding.severity, statusCell(finding.status, c), rule, lines.join('\n')]);
  }
  return `Findings\n${table.toString()}`;
}

const SUMMARY_FIXED = [7, 7, 10, 8, 7];

function renderSummary(report: AuditReport, c: Colors, width: number): string {
  const rest = width - SUMMARY_FIXED.reduce((a, b) => a + b, 0) - (SUMMARY_FIXED.length + 3);
  const imageWidth = Math.max(16, Math.floor(rest * 0.5));
  const table = grid({
    head: ['Image', 'Score', 'Grade', 'Size', 'Layers', 'Gate', 'Failed rules'],
    colWidths: [imageWidth, ...SUMMARY_FIXED, rest - imageWidth],
    colors: c,
  });
  for (const image of worstFirst(report.images)) {
    const failed = failedRules(image).map((f) => f.rule);
    table.push([
      clean(image.ref),
      String(image.score),
      gradeColor(image.grade, c),
      formatBytes(image.facts.sizeBytes),
      String(image.facts.layerCount),
      image.passed ? c.green('pass') : c.red('FAIL'),
      failed.join('\n') || '-',
    ]);
  }
  const line = wrapWords(clean(totalsLine(report)), width);
  return `Summary\n${table.toString()}\n${report.passed ? c.green(line) : c.red(line)}`;
}

function statusCell(status: Status, c: Colors): string {
  const label = STATUS_LABEL[status];
  if (status === 'pass') return c.green(label);
  if (status === 'warn') return c.yellow(label);
  if (status === 'skip') return c.dim(label);
  return c.red(c.bold(label));
}

function gradeColor(grade: ImageResult['grade'], c: Colors): string {
  if (grade === 'A' || grade === 'B') return c.green(c.bold(grade));
  if (grade === 'C') return c.yellow(c.bold(grade));
  return c.red(c.bold(grade));
}
