import type { SecretFinding } from '../facts.js';
import { classifySecret } from './classify.js';
import type { Detected } from './detected.js';
import { redact } from './redact.js';

/** Scan a container config Env list (`["NAME=value", …]`). */
export function scanEnv(env: readonly string[]): SecretFinding[] {
  return detectInEnv(env).map(({ finding }) => finding);
}

export function detectInEnv(env: readonly string[]): Detected[] {
  const detected: Detected[] = [];
  for (const entry of env) {
    const equals = entry.indexOf('=');
    if (equals <= 0) continue;
    const name = entry.slice(0, equals);
    const value = entry.slice(equals + 1);
    const kind = classifySecret(name, value);
    if (kind !== null)
      detected.push({ finding: { kind, source: 'env', name, location: `ENV ${name}`, preview: redact(value) }, value });
  }
  return detected;
}
