import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/evaluate/result.js';
import type { Severity, Status } from '../../../src/rules/support/types.js';
import { atLeast, gateReasons, gradeFor, scoreFindings } from '../../../src/evaluate/score.js';

const finding = (rule: string, status: Status, severity: Severity): Finding =>
  ({
    rule,
    title: rule,
    status,
    severity,
    message: `${rule} ${status}`,
    evidence: [],
    evidenceOmitted: 0,
    fingerprint: '0000000000000000',
  }) as Finding;

describe('scoreFindings', () => {
  it('is 100 when everything passes or skips', () => {
    expect(scoreFindings([finding('a', 'pass', 'critical'), finding('b', 'skip', 'high')])).toBe(100);
  });
  it('takes severity weights for failures and half for warnings', () => {
    expect(scoreFindings([finding('a', 'fail', 'high')])).toBe(75);
    expect(scoreFindings([finding('a', 'warn', 'medium')])).toBe(95);
    expect(scoreFindings([finding('a', 'fail', 'critical'), finding('b', 'fail', 'low')])).toBe(56);
    expect(scoreFindings([finding('a', 'fail', 'info')])).toBe(100);
  });
  it('never goes below 0', () => {
    const many = Array.from({ length: 5 }, (_, i) => finding(`r${i}`, 'fail', 'critical'));
    expect(scoreFindings(many)).toBe(0);
  });
});

describe('gradeFor', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89, 'B'],
    [80, 'B'],
    [79, 'C'],
    [70, 'C'],
    [69, 'D'],
    [60, 'D'],
    [59, 'F'],
    [0, 'F'],
  ])('%d is %s', (score, grade) => expect(gradeFor(score)).toBe(grade));
});

describe('atLeast', () => {
  it('orders severities from critical down to info', () => {
    expect(atLeast('critical', 'high')).toBe(true);
    expect(atLeast('high', 'high')).toBe(true);
    expect(atLeast('medium', 'high')).toBe(false);
    expect(atLeast('info', 'low')).toBe(false);
  });
});

describe('gateReasons', () => {
  const findings = [
    finding('root', 'fail', 'high'),
    finding('size', 'warn', 'critical'),
    finding('labels', 'fail', 'low'),
  ];
  it('fails on failed findings at or above --fail-on, not on warnings', () => {
    expect(gateReasons(findings, 71, { failOn: 'high', failUnder: 0 })).toEqual(['high finding root']);
    expect(gateReasons(findings, 71, { failOn: 'low', failUnder: 0 })).toEqual([
      'high finding root',
      'low finding labels',
    ]);
    expect(gateReasons(findings, 71, { failOn: 'none', failUnder: 0 })).toEqual([]);
  });
  it('fails under --fail-under', () => {
    expect(gateReasons([], 79, { failOn: 'none', failUnder: 80 })).toEqual(['score 79 is below 80']);
    expect(gateReasons([], 80, { failOn: 'none', failUnder: 80 })).toEqual([]);
  });
  it('fails when a rule could not run', () => {
    expect(gateReasons([finding('broken', 'error', 'info')], 100, { failOn: 'none', failUnder: 0 })).toHaveLength(1);
  });
});
