import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../rules/support/types.js';

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `100MB`, `1.5GB`, `512MiB` or a plain number of bytes. Decimal units, as `docker images` prints them. */
export function parseSize(text: string): number {
  // Trimmed first: `\s*([a-z]*)\s*$` backtracks quadratically on a long run of spaces.
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match ? UNITS[(match[2] || 'b').toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new InvalidArgumentError(`"${text}" is not a size (examples: 100MB, 1.5GB, 512MiB)`);
  }
  return Math.round(Number(match[1]) * factor);
}

export function parseIntegerIn(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || value < min || value > max) {
      throw new InvalidArgumentError(`"${text}" is not a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

export function parseSeverityThreshold(text: string): Severity | 'none' {
  const value = text.toLowerCase();
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new InvalidArgumentError(`"${text}" is not one of ${[...SEVERITIES, 'none'].join(', ')}`);
}

export function parseList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter(Boolean);
}
