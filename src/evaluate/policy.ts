import type { FilesystemFacts, ImageFacts } from '../facts.js';
import { pathMatches } from '../shared/glob.js';
import type { AllowEntry, Allowlists, FindingPolicy } from '../config/types.js';
import type { AllowlistedItem, Finding } from './result.js';
import type { RuleId } from '../rules/index.js';

/** The rules whose findings an `allow.secrets` fingerprint can accept. */
const SECRET_RULES: readonly RuleId[] = ['no-secrets-in-env', 'no-secrets-in-layers', 'no-sensitive-files'];

export type AllowlistedByRule = Partial<Record<RuleId, AllowlistedItem[]>>;

/**
 * Takes allowlisted paths out of the facts the rules read, and says what was taken out for which rule. The
 * report keeps the full facts: an allowlist changes verdicts, never what imgaudit saw.
 */
export function allowFacts(
  facts: ImageFacts,
  allow: Allowlists,
): { readonly facts: ImageFacts; readonly allowlisted: AllowlistedByRule } {
  const filesystem = facts.filesystem;
  const setuidPaths = allow.setuid.filter(hasPath);
  const secretPaths = allow.secrets.filter(hasPath);
  if (!filesystem || (setuidPaths.length === 0 && secretPaths.length === 0)) return { facts, allowlisted: {} };
  const allowlisted: AllowlistedByRule = {};
  const keep = <T>(
    rule: RuleId,
    items: readonly T[],
    entries: readonly AllowEntry[],
    pathOf: (item: T) => string,
    describe: (item: T) => string,
  ): T[] =>
    items.filter((item) => {
      const entry = entries.find((candidate) => pathMatches(candidate.path!, pathOf(item)));
      if (entry) (allowlisted[rule] ??= []).push({ item: describe(item), reason: entry.reason });
      return !entry;
    });
  const narrowed: FilesystemFacts = {
    ...filesystem,
    setuid: keep(
      'no-setuid-binaries',
      filesystem.setuid,
      setuidPaths,
      (path) => path,
      (path) => `setuid ${path}`,
    ),
    setgid: keep(
      'no-setuid-binaries',
      filesystem.setgid,
      setuidPaths,
      (path) => path,
      (path) => `setgid ${path}`,
    ),
    secrets: keep(
      'no-secrets-in-layers',
      filesystem.secrets,
      secretPaths,
      (secret) => secret.path,
      (secret) => `${secret.kind} at ${secret.path} (layer ${secret.layerIndex})`,
    ),
    sensitiveFiles: keep(
      'no-sensitive-files',
      filesystem.sensitiveFiles,
      secretPaths,
      (file) => file.path,
      (file) => `${file.kind} ${file.path} (layer ${file.layerIndex})`,
    ),
  };
  return { facts: { ...facts, filesystem: narrowed }, allowlisted };
}

/** Applies what the configuration says to one finding: allowlists, then `off` or a new severity. */
export function applyPolicy(
  finding: Finding,
  policy: FindingPolicy,
  allowlisted: readonly AllowlistedItem[] = [],
): Finding {
  let result: Finding = allowlisted.length > 0 ? { ...finding, allowlisted } : finding;
  const accepted =
    SECRET_RULES.includes(result.rule) && (result.status === 'fail' || result.status === 'warn')
      ? policy.allow.secrets.find((entry) => entry.fingerprint === result.fingerprint)
      : undefined;
  if (accepted) {
    const { fix: _fix, ...rest } = result;
    result = {
      ...rest,
      status: 'pass',
      message: `accepted in ${policy.source}: ${accepted.reason}`,
      evidence: [],
      evidenceOmitted: 0,
      allowlisted: [...allowlisted, ...result.evidence.map((item) => ({ item, reason: accepted.reason }))],
    };
  }
  const override = policy.ruleOverrides[result.rule];
  if (override === 'off') {
    const { fix: _fix, allowlisted: _allowlisted, ...rest } = result;
    return { ...rest, status: 'skip', message: `turned off in ${policy.source}`, evidence: [], evidenceOmitted: 0 };
  }
  return override ? { ...result, severity: override } : result;
}

function hasPath(entry: AllowEntry): entry is AllowEntry & { path: string } {
  return entry.path !== undefined;
}
