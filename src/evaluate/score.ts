import type { Finding, Gate, Grade } from './result.js';
import { SEVERITIES, type Severity } from '../rules/support/types.js';

/** Points a failed rule costs; a warning costs half. */
export const SEVERITY_WEIGHT = {
  critical: 40,
  high: 25,
  medium: 10,
  low: 4,
  info: 0,
} as const satisfies Record<Severity, number>;

const GRADE_FLOORS: readonly [Grade, number][] = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
];

export function scoreFindings(findings: readonly Finding[]): number {
  const lost = findings.reduce((sum, finding) => {
    const weight = SEVERITY_WEIGHT[finding.severity];
    if (finding.status === 'fail') return sum + weight;
    if (finding.status === 'warn') return sum + weight / 2;
    return sum;
  }, 0);
  return Math.max(0, Math.round(100 - lost));
}

export function gradeFor(score: number): Grade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)?.[0] ?? 'F';
}

/** True when `severity` is `threshold` or worse. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/**
 * Why an image fails the CI gate; empty when it passes. `ignoreBase`: a failure whose evidence all came from the
 * base image does not gate (`baseFindings: report | hide`); the score still counts it.
 */
export function gateReasons(findings: readonly Finding[], score: number, gate: Gate, ignoreBase = false): string[] {
  const reasons: string[] = [];
  for (const finding of findings) {
    if (finding.status === 'error') reasons.push(`rule ${finding.rule} could not run: ${finding.message}`);
    // A baselined failure was there before: the gate is about what a change brings.
    else if (
      finding.status === 'fail' &&
      !finding.baselined &&
      !(ignoreBase && finding.origin === 'base') &&
      gate.failOn !== 'none' &&
      atLeast(finding.severity, gate.failOn)
    ) {
      reasons.push(`${finding.severity} finding ${finding.rule}`);
    }
  }
  if (score < gate.failUnder) reasons.push(`score ${score} is below ${gate.failUnder}`);
  return reasons;
}
