import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { baselineKeys, baselinesFor, countProblems } from '../../../src/compare/baseline.js';
import { baselineKey } from '../../../src/evaluate/fingerprint.js';
import { parseReport } from '../../../src/compare/report-file.js';
import type { AuditReport, ImageResult } from '../../../src/evaluate/result.js';
import { makeFacts } from '../helpers/facts.js';

const recordedText = readFileSync(new URL('../recorded/batch-report.json', import.meta.url), 'utf8');
const recorded = parseReport(recordedText, 'batch-report.json');
const image = (ref: string, id = `sha256:${ref.length}`): ImageResult => ({ ...recorded.images[0]!, ref, id });

describe('baseline gating', () => {
  const rootImage = makeFacts({ config: { user: '', labels: {} } });

  it('marks every problem baselined or not, and gates only on the new ones', () => {
    const before = evaluate(rootImage);
    expect(before.passed).toBe(false);
    const keys = baselineKeys(before);
    const after = evaluate(rootImage, {}, keys);
    expect(after.passed).toBe(true);
    expect(after.gateReasons).toEqual([]);
    expect(after.score).toBe(before.score);
    const problems = after.findings.filter((finding) => finding.status === 'fail' || finding.status === 'warn');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((finding) => finding.baselined === true)).toBe(true);
    expect(
      after.findings.filter((finding) => finding.status === 'pass').every((finding) => finding.baselined === undefined),
    ).toBe(true);
  });

  it('gates on a finding the baseline does not hold', () => {
    const baseline = evaluate(makeFacts({ config: { labels: {} } }));
    const after = evaluate(rootImage, {}, baselineKeys(baseline));
    expect(after.gateReasons).toEqual(['high finding non-root-user']);
    expect(after.findings.find((finding) => finding.rule === 'non-root-user')?.baselined).toBe(false);
    expect(after.findings.find((finding) => finding.rule === 'oci-labels')?.baselined).toBe(true);
  });

  it('matches by rule and fingerprint, not by message', () => {
    const finding = evaluate(rootImage).findings.find((f) => f.rule === 'non-root-user')!;
    expect(baselineKey(finding)).toBe(baselineKey({ rule: 'non-root-user', fingerprint: finding.fingerprint }));
    expect(baselineKey(finding)).not.toBe(baselineKey({ rule: 'runtime-non-root', fingerprint: finding.fingerprint }));
  });

  it('still fails the gate on a score below --fail-under', () => {
    const before = evaluate(rootImage);
    const after = evaluate(rootImage, { gate: { failOn: 'high', failUnder: 99 } }, baselineKeys(before));
    expect(after.gateReasons).toEqual([`score ${before.score} is below 99`]);
  });
});

describe('baselinesFor', () => {
  const baseline = {
    ...recorded,
    images: [image('myorg/api:main', 'sha256:a'), image('myorg/worker:main', 'sha256:b')],
  };
  const problems = baselineKeys(recorded.images[0]!);

  it('gives each audited image the problems of its counterpart, and none to a new service', () => {
    expect(problems.size).toBeGreaterThan(3);
    const [api, fresh, worker] = baselinesFor(baseline, [
      { ref: 'myorg/api:pr-12', id: 'x' },
      { ref: 'myorg/new:1', id: 'y' },
      { ref: 'other:1', id: 'sha256:b' },
    ]);
    expect([...api!]).toEqual([...problems]);
    expect(fresh!.size).toBe(0);
    expect([...worker!]).toEqual([...problems]);
  });
});

describe('reading a report file', () => {
  it('counts the problems a report holds', () => {
    const expected = recorded.images
      .flatMap((i) => i.findings)
      .filter((f) => ['fail', 'warn', 'error'].includes(f.status)).length;
    expect(expected).toBeGreaterThan(5);
    expect(countProblems(recorded)).toBe(expected);
  });

  it('reads the recorded report', () => {
    const report: AuditReport = parseReport(recordedText, 'r');
    expect(report.images.map((i) => i.ref)).toEqual([
      'imgaudit-fixture/bad:latest',
      'imgaudit-fixture/fs-risky:1.0.0',
      'imgaudit-fixture/good:1.0.0',
    ]);
  });
});
