import { describe, expect, it } from 'vitest';
import { sanitizeForTerminal, stringifySafeJson } from '../../../src/shared/escape.js';

describe('sanitizeForTerminal', () => {
  it('makes escape sequences, C1 controls and bidi overrides visible instead of active', () => {
    const hostile = '\u001b[31mred\u001b[0m \u009b2J \u202eevil\u2066 bell\u0007';
    const shown = sanitizeForTerminal(hostile);
    expect(shown).toBe('\\x1b[31mred\\x1b[0m \\x9b2J \\u{202e}evil\\u{2066} bell\\x07');
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('shows line breaks and tabs as escapes, leaves ordinary text alone', () => {
    expect(sanitizeForTerminal('a\nb\tc\r')).toBe('a\\nb\\tc\\r');
    expect(sanitizeForTerminal('héllo · 日本 ✓')).toBe('héllo · 日本 ✓');
  });
});

describe('stringifySafeJson', () => {
  it('escapes C1 and bidi characters yet round-trips to the same value', () => {
    const value = { label: '\u009b31m \u202eevil \u001b[0m', n: 1 };
    const text = stringifySafeJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
