import type { SecretFinding } from '../facts.js';

/** A finding with its value, which never leaves this module. */
export interface Detected {
  readonly finding: SecretFinding;
  readonly value: string;
}
