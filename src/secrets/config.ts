import type { SecretFinding } from '../facts.js';
import { classifySecret } from './classify.js';
import type { Detected } from './detected.js';
import { detectInEnv } from './env.js';
import { detectInHistory } from './history.js';
import { redact } from './redact.js';
import { createRedactor, secretValuesOf, type Redactor } from './redactor.js';
import { findSecretsInText } from './text.js';

/** The parts of an image configuration that may hold a secret, with their values. */
export interface ConfigText {
  readonly env: readonly string[];
  /** History `created_by` strings, oldest first. */
  readonly createdBy: readonly string[];
  readonly entrypoint?: readonly string[] | null;
  readonly cmd?: readonly string[] | null;
  /** HEALTHCHECK `Test` (`["CMD-SHELL", "…"]`). */
  readonly healthcheck?: readonly string[] | null;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Secrets of an image's configuration, and the redactor that hides each of them (and every other secret the finders
 * recognise) wherever it appears. One secret seen in several places (an ENV that is also in the history, an ARG
 * default reused by a RUN) is one finding; the other places are in `alsoAt`.
 */
export function scanImageConfig(config: ConfigText): { findings: SecretFinding[]; redact: Redactor } {
  // The configuration before the history: a finding is located where the image has it, the step that set it follows.
  const detected = [
    ...detectInEnv(config.env),
    ...detectInCommand('entrypoint', 'ENTRYPOINT', config.entrypoint ?? null),
    ...detectInCommand('cmd', 'CMD', config.cmd ?? null),
    ...detectInCommand('healthcheck', 'HEALTHCHECK', config.healthcheck ?? null),
    ...detectInLabels(config.labels ?? {}),
    ...detectInHistory(config.createdBy),
  ];
  const known = [...secretValuesOf(config.env), ...detected.map(({ value }) => value)];
  return { findings: mergeSameSecret(detected), redact: createRedactor(known) };
}

/** An exec-form command's arguments are one text: `["sh", "-c", "export TOKEN=…"]`. */
function detectInCommand(
  source: 'entrypoint' | 'cmd' | 'healthcheck',
  label: string,
  command: readonly string[] | null,
): Detected[] {
  if (!command || command.length === 0) return [];
  return distinct(findSecretsInText(command.join(' '))).map(({ kind, value }) => ({
    finding: { kind, source, name: '', location: label, preview: redact(value) },
    value,
  }));
}

/** A label is a NAME=value pair (`deploy.token: …`) whose value may also hold a token or a URL password. */
function detectInLabels(labels: Readonly<Record<string, string>>): Detected[] {
  return Object.entries(labels).flatMap(([name, value]) => {
    const inText = distinct(findSecretsInText(value));
    const byName = inText.length === 0 ? classifySecret(name, value) : null;
    const found = byName === null ? inText : [{ kind: byName, value }];
    return found.map(({ kind, value: secret }) => ({
      finding: { kind, source: 'label' as const, name, location: `LABEL ${name}`, preview: redact(secret) },
      value: secret,
    }));
  });
}

function distinct<T extends { readonly value: string }>(found: readonly T[]): T[] {
  return found.filter((item, i) => found.findIndex((other) => other.value === item.value) === i);
}

function mergeSameSecret(detected: readonly Detected[]): SecretFinding[] {
  const merged = new Map<string, { finding: SecretFinding; alsoAt: string[] }>();
  for (const { finding, value } of detected) {
    const seen = merged.get(value);
    if (seen) seen.alsoAt.push(finding.location);
    else merged.set(value, { finding, alsoAt: [] });
  }
  return [...merged.values()].map(({ finding, alsoAt }) => (alsoAt.length > 0 ? { ...finding, alsoAt } : finding));
}
