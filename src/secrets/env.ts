import type { SecretFinding } from '../facts.js';
import { classifySecret } from './classify.js';
import { redact } from './redact.js';

/** Scan a container config Env list (`["NAME=value", …]`). */
export function scanEnv(env: readonly string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const entry of env) {
    const equals = entry.indexOf('=');
    if (equals <= 0) continue;
    const name = entry.slice(0, equals);
    const value = entry.slice(equals + 1);
    const kind = classifySecret(name, value);
    if (kind !== null) findings.push({ kind, source: 'env', name, location: `ENV ${name}`, preview: redact(value) });
  }
  return findings;
}
