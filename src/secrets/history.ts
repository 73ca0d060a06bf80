import type { SecretFinding, SecretSource } from '../facts.js';
import { classifySecret } from './classify.js';
import type { Detected } from './detected.js';
import { parseHistoryStep, type HistoryStep } from './history-step.js';
import { redact } from './redact.js';
import { createRedactor } from './redactor.js';
import { findSecretsInText } from './text.js';

const PAIR_SOURCES: Readonly<Record<string, { source: SecretSource; label: string }>> = {
  ENV: { source: 'history-env', label: 'ENV' },
  ARG: { source: 'history-arg', label: 'ARG' },
  RUN: { source: 'build-arg', label: 'RUN build arg' },
};

/**
 * Scan docker history `created_by` strings, oldest first (index i is history index i). Returns the findings and the
 * same strings with every detected secret value, wherever it occurs in any of them, replaced by its redacted preview.
 */
export function scanHistory(createdBy: readonly string[]): { findings: SecretFinding[]; redacted: string[] } {
  const detected = detectInHistory(createdBy);
  const redactStep = createRedactor(detected.map(({ value }) => value));
  return { findings: detected.map(({ finding }) => finding), redacted: createdBy.map(redactStep) };
}

export function detectInHistory(createdBy: readonly string[]): Detected[] {
  return createdBy.flatMap((text, i) => scanStep(parseHistoryStep(text), i));
}

function scanStep(step: HistoryStep, historyIndex: number): Detected[] {
  const detected: Detected[] = [];
  const add = (kind: string, source: SecretSource, name: string, location: string, value: string) => {
    const finding: SecretFinding = {
      kind,
      source,
      name,
      location: `history #${historyIndex} ${location}`,
      preview: redact(value),
      historyIndex,
    };
    detected.push({ finding, value });
  };
  const pairSource = PAIR_SOURCES[step.instruction];
  for (const { name, value } of step.pairs) {
    if (!pairSource || value === null) continue;
    const kind = classifySecret(name, value);
    if (kind !== null) add(kind, pairSource.source, name, `${pairSource.label} ${name}`, value);
  }
  const textLocation = step.instruction === 'RUN' ? 'RUN command' : step.instruction;
  for (const { kind, value } of textSecrets(step.text)) {
    // A build arg whose value is also spelled out in the command is one secret, already reported.
    if (!detected.some((seen) => seen.value === value)) add(kind, 'history-command', '', textLocation, value);
  }
  return detected;
}

/** Every secret the finders recognise in a command, each distinct value once. */
function textSecrets(text: string): { kind: string; value: string }[] {
  const found = findSecretsInText(text);
  return found.filter((item, i) => found.findIndex((other) => other.value === item.value) === i);
}
