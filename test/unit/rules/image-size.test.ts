import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/shared/text.js';
import { imageSize } from '../../../src/rules/image-size.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts, factsWithFilesystem } from '../helpers/facts.js';
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

  it('judges the files of all layers when the layers were read, the same on every engine', () => {
    const layers = [10_000_000, 130_000_000].map((fileBytes, index) => ({
      index,
      source: `blobs/sha256/${index}`,
      compression: 'gzip' as const,
      readable: true,
      fileBytes,
      entryCount: 10,
      createdBy: null,
    }));
    // The containerd store reports the compressed blobs (60 MB); the files unpacked are 140 MB.
    const facts = factsWithFilesystem({ layers }, { sizeBytes: 60_000_000 });
    const verdict = judgeRule(imageSize, facts, DEFAULT_RULE_OPTIONS);
    expect([verdict.status, verdict.evidence]).toEqual(['warn', ['140000000 bytes of files in its layers']]);
    const unreadable = factsWithFilesystem(
      { layers: [layers[0]!, { ...layers[1]!, readable: false }] },
      { sizeBytes: 60_000_000 },
    );
    const fallback = judgeRule(imageSize, unreadable, DEFAULT_RULE_OPTIONS);
    expect([fallback.status, fallback.evidence]).toEqual(['pass', ["60000000 bytes (the engine's image size)"]]);
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
