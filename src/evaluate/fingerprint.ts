import { createHash } from 'node:crypto';

/**
 * What identifies a finding across rebuilds of an image: its rule and its evidence, with the parts a rebuild
 * changes anyway (layer and history positions, sizes, content hashes, lengths) taken out. A baseline matches
 * findings by rule + fingerprint, so a secret that moved to another layer is the same finding, and a new
 * setuid path is a new one.
 */
export function findingFingerprint(rule: string, evidence: readonly string[]): string {
  const subjects = [...new Set(evidence.map(normaliseEvidence))].sort();
  return createHash('sha256')
    .update([rule, ...subjects].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
}

const VOLATILE: readonly [RegExp, string][] = [
  [/\b(?:sha256:)?[0-9a-f]{32,}\b/g, '<hash>'],
  [/\blayers?(?:\(s\))? [\d, ]*\d/g, 'layer <n>'],
  [/\bhistory #\d+/g, 'history <n>'],
  [/\b\d+(?:\.\d+)? ?(?:B|kB|KB|KiB|MB|MiB|GB|GiB|TB)\b/g, '<size>'],
  [/\(\d+ (?:chars|files?|bytes)\)/g, '(<n>)'],
];

export function normaliseEvidence(item: string): string {
  return VOLATILE.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), item);
}

/** A finding as a baseline or a diff knows it: rule and fingerprint, never its wording. */
export function baselineKey(finding: { readonly rule: string; readonly fingerprint: string }): string {
  return `${finding.rule}\u0000${finding.fingerprint}`;
}
