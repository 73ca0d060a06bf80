import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/shared/text.js';
import { imageSize } from '../../../src/rules/image-size.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const statusFor = (sizeBytes: number, options = DEFAULT_RULE_OPTIONS) =>
  judgeRule(imageSize, makeFacts({ config: { sizeBytes } }), options).status;

describe('image-size', () => {
  it('passes the good image', () => {
    expect(statusFor(12_000_000)).toBe('pass');
  });

  it('passes at exactly the warning threshold and warns one byte above', () => {
    expect(statusFor(DEFAULT_RULE_OPTIONS.sizeWarnBytes)).toBe('pass');
    expect(statusFor(DEFAULT_RULE_OPTIONS.sizeWarnBytes + 1)).toBe('warn');
  });

  it('warns at exactly the fail threshold and fails one byte above', () => {
    expect(statusFor(DEFAULT_RULE_OPTIONS.sizeFailBytes)).toBe('warn');
    expect(statusFor(DEFAULT_RULE_OPTIONS.sizeFailBytes + 1)).toBe('fail');
    expect(statusFor(1_200_000_000)).toBe('fail');
  });

  it('reads the thresholds from the options', () => {
    const options = { ...DEFAULT_RULE_OPTIONS, sizeWarnBytes: 5_000_000, sizeFailBytes: 10_000_000 };
    expect(statusFor(4_000_000, options)).toBe('pass');
    expect(statusFor(8_000_000, options)).toBe('warn');
    expect(statusFor(12_000_000, options)).toBe('fail');
  });

  it('shows sizes in decimal units', () => {
    const verdict = judgeRule(imageSize, makeFacts({ config: { sizeBytes: 512_300_000 } }), DEFAULT_RULE_OPTIONS);
    expect(verdict.message).toContain('512.3 MB');
    expect(verdict.message).toContain('500.0 MB');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [950_000, '950 kB'],
    [999_600, '1.0 MB'],
    [12_000_000, '12.0 MB'],
    [512_300_000, '512.3 MB'],
    [999_960_000, '1.00 GB'],
    [1_200_000_000, '1.20 GB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
