import pc from 'picocolors';
import type { AddedImage, DiffReport, FindingChange, ImageDiff, ImageSide } from '../compare/diff.js';
import { formatBytes, shortImageId } from '../shared/text.js';
import { sanitizeForTerminal as clean, stringifySafeJson } from '../shared/escape.js';
import { codeSpan, escapeMarkdown, tableRow } from './markdown-text.js';
import { grid } from './grid.js';
import { shortened, STATUS_LABEL, wrapWords, type Colors } from './view.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffRenderOptions {
  readonly color: boolean;
  /** Terminal width to fit the tables into (table format only). */
  readonly width: number;
}

export function renderDiff(diff: DiffReport, format: DiffFormat, options: DiffRenderOptions): string {
  switch (format) {
    case 'json':
      return `${stringifySafeJson(diff)}\n`;
    case 'table':
      return renderDiffTable(diff, options);
    case 'markdown':
      return renderDiffMarkdown(diff);
  }
}

type ChangeKind = 'appeared' | 'disappeared' | 'worsened' | 'improved';
type Trend = 'worse' | 'better' | 'same';

const KINDS: readonly ChangeKind[] = ['appeared', 'worsened', 'disappeared', 'improved'];

interface Metric {
  readonly label: string;
  readonly old: string;
  readonly new: string;
  readonly change: string;
  readonly trend: Trend;
}

/** Size, layers and score of a pair, as text both renderers share. */
function metrics(diff: ImageDiff): Metric[] {
  const percent =
    diff.sizeDeltaPercent === null ? '' : ` (${signed(Number(diff.sizeDeltaPercent.toFixed(1)), '%', 1)})`;
  return [
    {
      label: 'Size',
      old: formatBytes(diff.old.sizeBytes),
      new: formatBytes(diff.new.sizeBytes),
      change:
        diff.sizeDeltaBytes === 0
          ? 'same'
          : `${diff.sizeDeltaBytes > 0 ? '+' : '-'}${formatBytes(Math.abs(diff.sizeDeltaBytes))}${percent}`,
      trend: trendOf(diff.sizeDeltaBytes, 'lower'),
    },
    {
      label: 'Layers',
      old: String(diff.old.layerCount),
      new: String(diff.new.layerCount),
      change: diff.layerDelta === 0 ? 'same' : signed(diff.layerDelta),
      trend: trendOf(diff.layerDelta, 'lower'),
    },
    {
      label: 'Score',
      old: `${diff.old.score} (${diff.old.grade})`,
      new: `${diff.new.score} (${diff.new.grade})`,
      change: diff.scoreDelta === 0 ? 'same' : signed(diff.scoreDelta),
      trend: trendOf(diff.scoreDelta, 'higher'),
    },
  ];
}

function signed(value: number, unit = '', digits = 0): string {
  return `${value > 0 ? '+' : ''}${value.toFixed(digits)}${unit}`;
}

function trendOf(delta: number, better: 'lower' | 'higher'): Trend {
  if (delta === 0) return 'same';
  return delta < 0 === (better === 'lower') ? 'better' : 'worse';
}

function statusText(change: FindingChange, kind: ChangeKind): string {
  const now = STATUS_LABEL[change.status];
  return (kind === 'worsened' || kind === 'improved') && change.previousStatus
    ? `${STATUS_LABEL[change.previousStatus]} → ${now}`
    : now;
}

/** What the other side said about the rule, when a reader needs it to trust the change. */
function changeNotes(change: FindingChange, kind: ChangeKind): string[] {
  const notes: string[] = [];
  if (kind === 'appeared' && change.previousStatus === 'skip') notes.push('not checked in the old audit (skipped)');
  else if (kind === 'appeared' && change.previousStatus)
    notes.push(`the old audit had this rule at ${STATUS_LABEL[change.previousStatus]} with other evidence`);
  if (kind === 'disappeared' && change.currentStatus === 'skip')
    notes.push('not checked in the new audit (skipped), so not shown fixed');
  else if (kind === 'disappeared' && change.currentStatus)
    notes.push(`the new audit has this rule at ${STATUS_LABEL[change.currentStatus]} with other evidence`);
  if (change.baselined) notes.push('in the baseline: not a regression');
  return notes;
}

function changesOf(diff: ImageDiff): [ChangeKind, FindingChange][] {
  return KINDS.flatMap((kind) => diff[kind].map((change): [ChangeKind, FindingChange] => [kind, change]));
}

function shortId(id: string): string {
  return shortImageId(id);
}

function summaryLine(diff: DiffReport): string {
  const regressed = [...diff.images, ...diff.added].filter((entry) => entry.regressions.length > 0).length;
  const counts = [
    `${diff.images.length} compared`,
    `${diff.added.length} added`,
    `${diff.removed.length} removed`,
  ].join(', ');
  return `${counts}: ${regressed > 0 ? `REGRESSION in ${regressed}` : 'no regression'}`;
}

export function renderDiffTable(diff: DiffReport, options: DiffRenderOptions): string {
  const c = pc.createColors(options.color);
  const width = Math.max(80, Math.min(options.width, 160));
  const blocks = [
    ...diff.images.map((pair) => pairBlock(pair, c, width)),
    ...diff.added.map((added) => addedBlock(added, c, width)),
    ...diff.removed.map(
      (removed) =>
        `${c.bold(`- removed: ${clean(removed.ref)}`)}${c.dim(`  ${clean(shortId(removed.id))}`)}\n  ${sideLine(removed)}`,
    ),
  ];
  if (blocks.length === 0) blocks.push('Both reports are empty: nothing to compare.');
  if (blocks.length > 1) blocks.push(diff.regressed ? c.red(c.bold(summaryLine(diff))) : c.green(summaryLine(diff)));
  return `${blocks.join('\n\n')}\n`;
}

function pairBlock(pair: ImageDiff, c: Colors, width: number): string {
  const ids = c.dim(`  ${clean(shortId(pair.old.id))} → ${clean(shortId(pair.new.id))}`);
  const header = `${c.bold(clean(pair.old.ref))} → ${c.bold(clean(pair.new.ref))}\n${ids}`;
  const table = grid({
    head: ['', 'Old', 'New', 'Change'],
    compact: true,
    colAligns: ['left', 'right', 'right', 'right'],
    colors: c,
  });
  const paint = { worse: c.red, better: c.green, same: c.dim };
  for (const metric of metrics(pair))
    table.push([metric.label, metric.old, metric.new, paint[metric.trend](metric.change)]);
  const changes = changesOf(pair);
  const findings =
    changes.length === 0
      ? c.dim('No finding appeared, disappeared or changed status.')
      : findingsTable(changes, c, width);
  const notes = pair.notes.map((note) => c.yellow(wrapWords(`Note: ${clean(note)}`, width, '  ')));
  return [header, table.toString(), findings, ...notes, verdict(pair.regressions, c, width)].join('\n');
}

function addedBlock(added: AddedImage, c: Colors, width: number): string {
  const title = c.bold(`+ new image: ${clean(added.image.ref)}`);
  const header = `${title}${c.dim(`  ${clean(shortId(added.image.id))}`)}\n  ${sideLine(added.image)}`;
  const findings =
    added.findings.length === 0
      ? c.dim('No findings.')
      : findingsTable(
          added.findings.map((change) => ['appeared', change]),
          c,
          width,
        );
  return [header, findings, verdict(added.regressions, c, width)].join('\n');
}

function sideLine(side: ImageSide): string {
  return `${formatBytes(side.sizeBytes)} · ${side.layerCount} layers · score ${side.score} (${side.grade})`;
}

function findingsTable(changes: readonly [ChangeKind, FindingChange][], c: Colors, width: number): string {
  const left = [13, 10, 14, 25];
  const table = grid({
    head: ['Change', 'Severity', 'Status', 'Rule', 'Finding'],
    colWidths: [...left, width - left.reduce((a, b) => a + b, 0) - 6],
    colors: c,
  });
  for (const [kind, change] of changes) {
    const lines = [clean(shortened(change.message))];
    for (const item of change.evidence) lines.push(c.dim(`• ${clean(shortened(item))}`));
    if (change.evidenceOmitted > 0) lines.push(c.dim(`• … and ${change.evidenceOmitted} more`));
    for (const note of changeNotes(change, kind)) lines.push(c.yellow(note));
    const paint = kind === 'disappeared' || kind === 'improved' ? c.green : change.status === 'warn' ? c.yellow : c.red;
    table.push([paint(kind), clean(change.severity), statusText(change, kind), clean(change.rule), lines.join('\n')]);
  }
  return table.toString();
}

function verdict(regressions: readonly string[], c: Colors, width: number): string {
  return regressions.length === 0
    ? c.green('no regression')
    : c.red(c.bold(wrapWords(`REGRESSION: ${clean(regressions.join('; '))}`, width, '  ')));
}

/** For a pull-request comment: image text goes into code spans, where markdown, HTML, links and mentions (`@name`) are inert. */
export function renderDiffMarkdown(diff: DiffReport): string {
  const title = diff.regressed ? '## imgaudit diff: ❌ regression' : '## imgaudit diff: ✅ no regression';
  const sections = [
    title,
    ...diff.images.map(pairSection),
    ...diff.added.map(addedSection),
    ...diff.removed.map(
      (removed) =>
        `### ➖ Removed image ${codeSpan(removed.ref, false)}\n\n${sideLine(removed)} (only in the old report)`,
    ),
  ];
  if (diff.images.length + diff.added.length + diff.removed.length > 1) sections.push(`_${summaryLine(diff)}_`);
  return `${sections.join('\n\n')}\n`;
}

function pairSection(pair: ImageDiff): string {
  const metricRows = metrics(pair).map((metric) => tableRow([metric.label, metric.old, metric.new, metric.change]));
  const changes = changesOf(pair);
  return [
    `### ${codeSpan(pair.old.ref, false)} → ${codeSpan(pair.new.ref, false)}`,
    [tableRow(['', 'Old', 'New', 'Change']), '|:--|--:|--:|--:|', ...metricRows].join('\n'),
    changes.length === 0 ? '_No finding appeared, disappeared or changed status._' : findingsMarkdown(changes),
    ...pair.notes.map((note) => `> **Note:** ${escapeMarkdown(note)}`),
    verdictMarkdown(pair.regressions),
  ].join('\n\n');
}

function addedSection(added: AddedImage): string {
  return [
    `### ➕ New image ${codeSpan(added.image.ref, false)}`,
    `${sideLine(added.image)} (only in the new report)`,
    added.findings.length === 0
      ? '_No findings._'
      : findingsMarkdown(added.findings.map((change) => ['appeared', change])),
    verdictMarkdown(added.regressions),
  ].join('\n\n');
}

function findingsMarkdown(changes: readonly [ChangeKind, FindingChange][]): string {
  const rows = changes.map(([kind, change]) => {
    const parts = [codeSpan(change.message), ...change.evidence.map((item) => `• ${codeSpan(item)}`)];
    if (change.evidenceOmitted > 0) parts.push(`• … and ${change.evidenceOmitted} more`);
    parts.push(...changeNotes(change, kind).map((note) => `_${escapeMarkdown(note)}_`));
    return tableRow([
      kind,
      escapeMarkdown(change.severity),
      statusText(change, kind),
      codeSpan(change.rule),
      parts.join('<br>'),
    ]);
  });
  return [tableRow(['Change', 'Severity', 'Status', 'Rule', 'Finding']), '|:--|:--|:--|:--|:--|', ...rows].join('\n');
}

function verdictMarkdown(regressions: readonly string[]): string {
  if (regressions.length === 0) return '**✅ No regression**';
  return ['**❌ Regression**', '', ...regressions.map((reason) => `- ${escapeMarkdown(reason)}`)].join('\n');
}
