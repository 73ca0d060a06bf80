import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/secrets/index.js';
import { fake } from './fakes.js';

describe('redact', () => {
  it.each([
    ['', '(empty)'],
    ['x', '…(1 chars)'],
    ['abc', '…(3 chars)'],
    ['abcd', 'a…(4 chars)'],
    ['abcdefg', 'a…(7 chars)'],
    ['abcdefgh', 'ab…(8 chars)'],
    ['abcdefghijklmnop', 'abcd…(16 chars)'],
    [fake.awsAccessKeyId, 'AKIA…(20 chars)'],
    [fake.awsSecretAccessKey, 'imga…(40 chars)'],
  ])('redacts %j as %j', (value, preview) => {
    expect(redact(value)).toBe(preview);
  });

  it('shows min(4, floor(L/4)) characters and the length, never the value', () => {
    for (let length = 1; length <= 80; length++) {
      const value = 'K9'.repeat(length).slice(0, length);
      const preview = redact(value);
      const shown = Math.min(4, Math.floor(length / 4));
      expect(preview).toBe(`${value.slice(0, shown)}…(${length} chars)`);
      expect(preview).not.toContain(value);
    }
  });

  it('counts and cuts by code point, not UTF-16 unit', () => {
    expect(redact('🔑'.repeat(8))).toBe('🔑🔑…(8 chars)');
  });
});
