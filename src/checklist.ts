import type { ChecklistRow, Finding, RowStatus } from './result.js';
import type { RuleId } from './rules/index.js';

/** One item of the production checklist (seed 001), the rules that decide it, and what is not checked yet. */
export interface ChecklistItem {
  readonly item: string;
  readonly rules: readonly RuleId[];
  /** What the rules do not cover (yet): shown as the SKIP reason, or beside a partial PASS. */
  readonly unchecked?: string;
}

export const CHECKLIST: readonly ChecklistItem[] = [
  { item: 'Base image pinned with SHA256', rules: [], unchecked: 'a built image does not record how its base was referenced: check the Dockerfile' },
  { item: 'Multi-stage build used', rules: [], unchecked: 'needs filesystem checks (build tools left in the image)' },
  { item: 'Non-root user configured', rules: ['non-root-user'], unchecked: 'the UID of running processes needs runtime checks' },
  { item: 'Minimal image (distroless/alpine/slim)', rules: [], unchecked: 'needs filesystem checks (base OS, shells, package managers)' },
  { item: 'No secrets in layers', rules: ['no-secrets-in-env'], unchecked: 'file contents need filesystem checks' },
  { item: 'Dependencies pinned with lock files', rules: [], unchecked: 'needs the build context: not visible in a built image' },
  { item: 'HEALTHCHECK defined', rules: ['healthcheck-defined'], unchecked: 'whether it turns healthy needs runtime checks' },
  { item: 'OCI labels added', rules: ['oci-labels'] },
  { item: '.dockerignore optimised', rules: [], unchecked: 'needs filesystem checks (.git, .env and other build-context leaks)' },
  { item: 'Vulnerability scan passed', rules: [], unchecked: 'out of scope: run a CVE scanner (trivy, grype) in the same pipeline' },
  { item: 'exec form for ENTRYPOINT/CMD', rules: ['exec-form'] },
  { item: 'No sudo/setuid binaries', rules: [], unchecked: 'needs filesystem checks' },
  { item: 'Read-only root filesystem compatible', rules: [], unchecked: 'needs runtime checks' },
  { item: 'Signals handled correctly', rules: [], unchecked: 'needs runtime checks' },
  { item: 'Logs to stdout only', rules: [], unchecked: 'needs runtime checks' },
  { item: 'Build reproducible (pinned deps)', rules: ['no-apt-upgrade', 'prefer-copy', 'no-latest-tag'] },
  { item: 'Image size < 500MB (ideally < 100MB)', rules: ['image-size'] },
  { item: 'Layer count < 20', rules: ['layer-count'] },
  { item: 'BuildKit features leveraged', rules: [], unchecked: 'not checked yet' },
];

/** One row per checklist item: the worst status of its rules, with the failing rules' messages. */
export function checklistRows(findings: readonly Finding[], checklist: readonly ChecklistItem[] = CHECKLIST): ChecklistRow[] {
  const byRule = new Map(findings.map((finding) => [finding.rule, finding]));
  return checklist.map(({ item, rules, unchecked }) => {
    const ran = rules.map((id) => byRule.get(id)).filter((f): f is Finding => f !== undefined);
    const status = rowStatus(ran);
    const decisive = ran.filter((finding) => statusOf(finding) === status);
    let detail = decisive.map((finding) => finding.message).join('; ');
    if (status === 'skip') detail = [detail, unchecked].filter(Boolean).join('; ') || 'not checked';
    else if (status === 'pass' && unchecked) detail = `${detail} (${unchecked})`;
    return { item, status, rules, detail };
  });
}

const ORDER: readonly RowStatus[] = ['fail', 'warn', 'pass', 'skip'];

function statusOf(finding: Finding): RowStatus {
  return finding.status === 'error' ? 'fail' : finding.status;
}

function rowStatus(findings: readonly Finding[]): RowStatus {
  for (const status of ORDER) if (findings.some((finding) => statusOf(finding) === status)) return status;
  return 'skip';
}
