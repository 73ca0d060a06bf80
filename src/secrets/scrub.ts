import type { Redactor } from './redactor.js';

/**
 * The one redaction pass: a copy of a report, facts or error model in which every string (object keys included)
 * went through `redact`. Numbers, booleans and null are kept; the shape is unchanged.
 */
export function redactStrings<T>(value: T, redact: Redactor): T {
  return walk(value, redact) as T;
}

function walk(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, redact));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[redact(key)] = walk(item, redact);
    return copy;
  }
  return value;
}
