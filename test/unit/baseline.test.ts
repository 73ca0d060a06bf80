import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/audit.js';
import { baselineKey, baselineKeys, counterpart, countProblems, repositoryOf } from '../../src/baseline.js';
import { UsageError } from '../../src/docker/errors.js';
import { parseReport } from '../../src/report-file.js';
import type { AuditReport, ImageResult } from '../../src/result.js';
import { makeFacts } from './helpers/facts.js';

const recordedText = readFileSync(new URL('./recorded/batch-report.json', import.meta.url), 'utf8');
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
    expect(after.findings.filter((finding) => finding.status === 'pass').every((finding) => finding.baselined === undefined)).toBe(true);
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

describe('counterpart', () => {
  const baseline = [image('myorg/api:main', 'sha256:a'), image('myorg/worker:main', 'sha256:b'), image('registry:5000/team/web:1', 'sha256:c')];

  it('pairs by reference, then image id, then repository', () => {
    expect(counterpart(baseline, { ref: 'myorg/worker:main', id: 'x' }, 3)?.id).toBe('sha256:b');
    expect(counterpart(baseline, { ref: 'other:1', id: 'sha256:a' }, 3)?.ref).toBe('myorg/api:main');
    expect(counterpart(baseline, { ref: 'myorg/api:pr-12', id: 'x' }, 3)?.ref).toBe('myorg/api:main');
    expect(counterpart(baseline, { ref: 'registry:5000/team/web:2', id: 'x' }, 3)?.ref).toBe('registry:5000/team/web:1');
  });

  it('finds none for a new service, unless both runs hold a single image', () => {
    expect(counterpart(baseline, { ref: 'myorg/new:1', id: 'x' }, 3)).toBeNull();
    expect(counterpart([baseline[0]!], { ref: 'myorg/renamed:1', id: 'x' }, 1)?.ref).toBe('myorg/api:main');
    expect(counterpart([baseline[0]!], { ref: 'myorg/renamed:1', id: 'x' }, 2)).toBeNull();
    expect(baselineKeys(null).size).toBe(0);
  });

  it('reads repositories the way docker does', () => {
    expect(repositoryOf('myorg/api:1.2')).toBe('myorg/api');
    expect(repositoryOf('localhost:5000/api@sha256:' + 'a'.repeat(64))).toBe('localhost:5000/api');
    expect(repositoryOf('sha256:' + 'a'.repeat(64))).toBeNull();
    expect(repositoryOf('Not A Ref')).toBeNull();
  });
});

describe('reading a report file', () => {
  it('counts the problems a report holds', () => {
    const expected = recorded.images.flatMap((i) => i.findings).filter((f) => ['fail', 'warn', 'error'].includes(f.status)).length;
    expect(expected).toBeGreaterThan(5);
    expect(countProblems(recorded)).toBe(expected);
  });

  it.each([
    ['{', /^b\.json is not JSON: /],
    ['{"tool":{"name":"trivy"},"images":[]}', /^b\.json is not an imgaudit JSON report \(write one with --format json\)$/],
    ['{"schemaVersion":2,"tool":{"name":"imgaudit"},"images":[]}', /^b\.json has schemaVersion 2; this imgaudit reads 1$/],
    ['{"schemaVersion":1,"tool":{"name":"imgaudit"},"images":[{"ref":"a"}]}', /^b\.json: images\[0\] has no ref or findings$/],
  ])('refuses %s in one line', (text, message) => {
    expect(() => parseReport(text, 'b.json')).toThrow(UsageError);
    expect(() => parseReport(text, 'b.json')).toThrow(message);
  });

  it('reads the recorded report', () => {
    const report: AuditReport = parseReport(recordedText, 'r');
    expect(report.images.map((i) => i.ref)).toEqual(['imgaudit-fixture/bad:latest', 'imgaudit-fixture/fs-risky:1.0.0', 'imgaudit-fixture/good:1.0.0']);
  });
});
