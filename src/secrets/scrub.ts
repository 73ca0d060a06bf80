import type { Redactor } from './redactor.js';

/**
 * The one redaction pass: a copy of a report, facts or error model in which every string (object keys included)
 * went through `redact`. Numbers, booleans and null are kept; the shape is unchanged.
 */
export function redactStrings<T>(value: T, redact: Redactor): T {
  // Each distinct string is redacted once per pass: object keys (`name`, `version`, `purl` of every package) and
  // values (a base image's paths in the facts) repeat hundreds of times, and the finders are the pass's main cost.
  const seen = new Map<string, string>();
  const once: Redactor = (text) => {
    let redacted = seen.get(text);
    if (redacted === undefined) {
      redacted = redact(text);
      seen.set(text, redacted);
    }
    return redacted;
  };
  return walk(value, once) as T;
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
