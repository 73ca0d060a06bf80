import { InvalidArgumentError } from 'commander';
import {
  SEVERITY_THRESHOLDS,
  severityThreshold,
  VULNERABILITY_THRESHOLDS,
  type Severity,
  type VulnerabilityThreshold,
} from '../rules/support/types.js';
import { parseSize as parseBytes, parseWholeNumber, SIZE_EXAMPLES } from '../shared/parse.js';

/** `100MB`, `1.5GB`, `512MiB` or a plain number of bytes, as a commander option parser. */
export function parseSize(text: string): number {
  const bytes = parseBytes(text);
  if (bytes === null) throw new InvalidArgumentError(`"${text}" is not a size (examples: ${SIZE_EXAMPLES})`);
  return bytes;
}

export function parseIntegerIn(min: number, max: number) {
  return (text: string): number => {
    const value = parseWholeNumber(text, min, max);
    if (value === null) throw new InvalidArgumentError(`"${text}" is not a whole number from ${min} to ${max}`);
    return value;
  };
}

export function parseSeverityThreshold(text: string): Severity | 'none' {
  const threshold = severityThreshold(text.toLowerCase());
  if (threshold === null) throw new InvalidArgumentError(`"${text}" is not one of ${SEVERITY_THRESHOLDS.join(', ')}`);
  return threshold;
}

/** `critical`, `high`, `medium` or `low`: the severities a vulnerability gate can be set to. */
export function parseVulnerabilityThreshold(text: string): VulnerabilityThreshold {
  const lower = text.toLowerCase();
  const threshold = VULNERABILITY_THRESHOLDS.find((candidate) => candidate === lower);
  if (threshold === undefined)
    throw new InvalidArgumentError(`"${text}" is not one of ${VULNERABILITY_THRESHOLDS.join(', ')}`);
  return threshold;
}

export function parseList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `linux/amd64`, `linux/arm64/v8`: an OCI platform as `os/architecture[/variant]`. */
export function parsePlatform(text: string): string {
  if (!/^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/.test(text))
    throw new InvalidArgumentError(`"${text}" is not a platform os/architecture[/variant] (e.g. linux/arm64)`);
  return text;
}
