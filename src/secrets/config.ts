import type { SecretFinding } from '../facts.js';
import type { Detected } from './detected.js';
import { detectInEnv } from './env.js';
import { detectInHistory, redactAll } from './history.js';

/**
 * Secrets of an image's configuration: its Env and its build history. One secret seen in several places (an ENV
 * that is also in the history, an ARG default reused by a RUN) is one finding; the other places are in `alsoAt`.
 */
export function scanImageConfig(env: readonly string[], createdBy: readonly string[]): { findings: SecretFinding[]; redacted: string[] } {
  const detected = [...detectInEnv(env), ...detectInHistory(createdBy)];
  return { findings: mergeSameSecret(detected), redacted: redactAll(createdBy, detected.map(({ value }) => value)) };
}

function mergeSameSecret(detected: readonly Detected[]): SecretFinding[] {
  const merged = new Map<string, { finding: SecretFinding; alsoAt: string[] }>();
  for (const { finding, value } of detected) {
    const key = `${finding.name}\u0000${value}`;
    const seen = merged.get(key);
    if (seen) seen.alsoAt.push(finding.location);
    else merged.set(key, { finding, alsoAt: [] });
  }
  return [...merged.values()].map(({ finding, alsoAt }) => (alsoAt.length > 0 ? { ...finding, alsoAt } : finding));
}
