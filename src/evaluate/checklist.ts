import type { ChecklistRow, Finding, RowStatus } from './result.js';
import type { RuleId } from '../rules/index.js';

/** One item of the production checklist (seed 001), the rules that decide it, and what is not checked yet. */
export interface ChecklistItem {
  readonly item: string;
  readonly rules: readonly RuleId[];
  /** What the rules do not cover (yet): shown as the SKIP reason, or beside a partial PASS. */
  readonly unchecked?: string;
}

export const CHECKLIST: readonly ChecklistItem[] = [
  { item: 'Base image pinned with SHA256', rules: ['base-image-pinned'] },
  { item: 'Multi-stage build used', rules: ['no-build-tools', 'no-dev-tools', 'multi-stage-build'] },
  { item: 'Non-root user configured', rules: ['non-root-user', 'user-exists', 'runtime-non-root', 'unique-ids'] },
  {
    item: 'Minimal image (distroless/alpine/slim)',
    rules: ['minimal-base', 'no-package-manager', 'no-package-cache', 'wasted-space'],
  },
  { item: 'No secrets in layers', rules: ['no-secrets-in-env', 'no-secrets-in-layers', 'layers-readable'] },
  { item: 'Dependencies pinned with lock files', rules: ['dependencies-locked'] },
  { item: 'HEALTHCHECK defined', rules: ['healthcheck-defined', 'healthcheck-passes'] },
  { item: 'OCI labels added', rules: ['oci-labels'] },
  { item: '.dockerignore optimised', rules: ['no-sensitive-files', 'no-dev-leftovers', 'dockerignore-optimised'] },
  { item: 'Vulnerability scan passed', rules: ['vulnerability-scan'] },
  { item: 'exec form for ENTRYPOINT/CMD', rules: ['exec-form'] },
  { item: 'No sudo/setuid binaries', rules: ['no-setuid-binaries', 'no-sudo', 'no-world-writable'] },
  { item: 'Read-only root filesystem compatible', rules: ['readonly-rootfs'] },
  { item: 'Signals handled correctly', rules: ['graceful-shutdown', 'starts-cleanly'] },
  { item: 'Logs to stdout only', rules: ['logs-to-stdout'] },
  { item: 'Build reproducible (pinned deps)', rules: ['no-apt-upgrade', 'prefer-copy', 'no-latest-tag'] },
  { item: 'Image size < 500MB (ideally < 100MB)', rules: ['image-size'] },
  { item: 'Layer count < 20', rules: ['layer-count'] },
  { item: 'BuildKit features leveraged', rules: ['buildkit-features'] },
];

/**
 * One row per checklist item: the worst status of its rules, with the deciding rules' messages. A pass that left
 * some of its rules skipped (or has `unchecked` parts) says so, so a half-checked item never reads as fully checked.
 */
export function checklistRows(
  findings: readonly Finding[],
  checklist: readonly ChecklistItem[] = CHECKLIST,
): ChecklistRow[] {
  const byRule = new Map(findings.map((finding) => [finding.rule, finding]));
  return checklist.map(({ item, rules, unchecked }) => {
    const ran = rules.map((id) => byRule.get(id)).filter((f): f is Finding => f !== undefined);
    const status = rowStatus(ran);
    const decisive = uniqueMessages(ran.filter((finding) => statusOf(finding) === status));
    let detail = decisive.join('; ');
    if (status === 'skip') detail = [detail, unchecked].filter(Boolean).join('; ') || 'not checked';
    else if (status === 'pass') {
      const gaps = [...skippedNotes(ran), ...(unchecked ? [unchecked] : [])];
      if (gaps.length > 0) detail = `${detail} (${gaps.join('; ')})`;
    }
    return { item, status, rules, detail };
  });
}

/** Messages in rule order, each once: rules skipped for the same reason say it once. */
function uniqueMessages(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((finding) => finding.message))];
}

/** `user-exists skipped: needs the filesystem scan`; rules skipped for the same reason share one note. */
function skippedNotes(findings: readonly Finding[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const finding of findings) {
    if (finding.status !== 'skip') continue;
    byReason.set(finding.message, [...(byReason.get(finding.message) ?? []), finding.rule]);
  }
  return [...byReason].map(([reason, ids]) => `${ids.join(', ')} skipped: ${reason}`);
}

const ORDER: readonly RowStatus[] = ['fail', 'warn', 'pass', 'skip'];

function statusOf(finding: Finding): RowStatus {
  return finding.status === 'error' ? 'fail' : finding.status;
}

function rowStatus(findings: readonly Finding[]): RowStatus {
  for (const status of ORDER) if (findings.some((finding) => statusOf(finding) === status)) return status;
  return 'skip';
}
