import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  parseIntegerIn,
  parseList,
  parseSeverityThreshold,
  parseSize,
  parseVulnerabilityThreshold,
} from '../../../src/cli/parse.js';

describe('parseSize', () => {
  it.each([
    ['100MB', 100_000_000],
    ['1.5GB', 1_500_000_000],
    ['512MiB', 536_870_912],
    ['950kb', 950_000],
    ['4096', 4096],
    [' 2 mb ', 2_000_000],
  ])('%s is %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'big', '10TB', '-5MB', '1e9'])('rejects %j', (text) => {
    expect(() => parseSize(text)).toThrow(InvalidArgumentError);
  });

  // Seen while fuzzing the config loader, and held by its time-bounded property: 60,000 spaces took seconds to reject.
  it('answers at once for a long run of spaces', () => {
    const started = performance.now();
    expect(() => parseSize(`1${' '.repeat(60_000)}!`)).toThrow(InvalidArgumentError);
    expect(parseSize(`${' '.repeat(60_000)}2 mb${' '.repeat(60_000)}`)).toBe(2_000_000);
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('parseIntegerIn', () => {
  const score = parseIntegerIn(0, 100);
  it('accepts whole numbers in range', () => expect(score('80')).toBe(80));
  it.each(['101', '-1', '8.5', 'eighty', ''])('rejects %j', (text) =>
    expect(() => score(text)).toThrow(InvalidArgumentError),
  );
});

describe('parseSeverityThreshold', () => {
  it('accepts severities and none, case-insensitively', () => {
    expect(parseSeverityThreshold('CRITICAL')).toBe('critical');
    expect(parseSeverityThreshold('none')).toBe('none');
  });
  it('rejects anything else', () => expect(() => parseSeverityThreshold('severe')).toThrow(InvalidArgumentError));
});

describe('parseVulnerabilityThreshold', () => {
  it('accepts critical, high, medium and low, case-insensitively', () => {
    expect(['Critical', 'HIGH', 'medium', 'low'].map(parseVulnerabilityThreshold)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
    ]);
  });
  it.each(['info', 'none', 'severe', ''])('rejects %j: a scanner has no such gate', (text) =>
    expect(() => parseVulnerabilityThreshold(text)).toThrow(InvalidArgumentError),
  );
});

describe('parseList', () => {
  it('splits on commas and drops blanks', () => expect(parseList(' a, b,,c ')).toEqual(['a', 'b', 'c']));
});
