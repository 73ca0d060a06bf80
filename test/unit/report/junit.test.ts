import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/report/junit.js';
import { recordedBatch, withImage, withFinding } from '../helpers/reports.js';

interface Outcome {
  message?: string;
  type?: string;
  '#text'?: string;
}

interface TestCase {
  classname: string;
  name: string;
  failure?: Outcome;
  error?: Outcome;
  skipped?: Outcome;
  'system-out'?: string;
}

interface TestSuite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  properties: { property: { name: string; value: string }[] };
  testcase: TestCase[];
}

interface Parsed {
  testsuites: {
    name: string;
    tests: string;
    failures: string;
    errors: string;
    skipped: string;
    testsuite: TestSuite[];
  };
}

/** Validates, then parses with attributes as plain strings and repeated elements always as arrays. */
function parse(xml: string): Parsed['testsuites'] {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return (parser.parse(xml) as Parsed).testsuites;
}

const counts = (node: { tests: string; failures: string; errors: string; skipped: string }) =>
  [node.tests, node.failures, node.errors, node.skipped].map(Number);

function testcase(suite: TestSuite, name: string): TestCase {
  const found = suite.testcase.find((test) => test.name === name);
  if (!found) throw new Error(`no test case ${name} in ${suite.name}`);
  return found;
}

describe('renderJunit (recorded three-image report)', () => {
  const xml = renderJunit(recordedBatch());
  const root = parse(xml);
  const [bad, risky, good] = root.testsuite as [TestSuite, TestSuite, TestSuite];

  it('matches the golden file', async () => {
    await expect(xml).toMatchFileSnapshot('__golden__/batch.junit.xml');
  });

  it('counts tests, failures, errors and skips per image and in total', () => {
    expect(root.name).toBe('imgaudit');
    expect(counts(root)).toEqual([90, 21, 0, 2]);
    expect(root.testsuite.map((suite) => [suite.name, ...counts(suite)])).toEqual([
      ['imgaudit-fixture/bad:latest', 30, 10, 0, 1],
      ['imgaudit-fixture/fs-risky:1.0.0', 30, 11, 0, 1],
      ['imgaudit-fixture/good:1.0.0', 30, 0, 0, 0],
    ]);
  });

  it('agrees with its own elements: one test case per rule plus the gate, one element per counted outcome', () => {
    for (const suite of root.testsuite) {
      expect(suite.testcase).toHaveLength(Number(suite.tests));
      expect(suite.testcase.filter((test) => test.failure)).toHaveLength(Number(suite.failures));
      expect(suite.testcase.filter((test) => test.error)).toHaveLength(Number(suite.errors));
      expect(suite.testcase.filter((test) => test.skipped !== undefined)).toHaveLength(Number(suite.skipped));
      expect(suite.testcase.every((test) => test.classname === suite.name)).toBe(true);
    }
  });

  it('describes each image in properties', () => {
    expect(bad.properties.property).toEqual([
      { name: 'id', value: 'sha256:99a15485eb5769eb1650ebe0bff5393398777f7da24aeed6e45a315d60bfc0bd' },
      { name: 'score', value: '0' },
      { name: 'grade', value: 'F' },
      { name: 'gate', value: 'fail' },
    ]);
    expect(good.properties.property.find((p) => p.name === 'gate')?.value).toBe('pass');
  });

  it('reports a failed rule as a failure with the severity, evidence and fix', () => {
    const test = testcase(bad, 'non-root-user: Runs as a non-root user');
    expect(test.failure?.message).toBe('runs as root: no USER is set');
    expect(test.failure?.type).toBe('high');
    expect(test.failure?.['#text']).toBe(
      'runs as root: no USER is set\n- (USER not set)\n' +
        'Fix: Create an unprivileged user and switch to it by numeric UID:GID.\nRUN useradd -r -u 10001 app\nUSER 10001:10001',
    );
    expect(testcase(risky, 'no-secrets-in-layers: No secrets in image files').failure?.type).toBe('critical');
  });

  it('reports a warning as output only, a skip as skipped, a pass as an empty test case', () => {
    const warned = testcase(bad, 'prefer-copy: COPY instead of ADD');
    expect(warned.failure).toBeUndefined();
    expect(warned['system-out']).toMatch(/^WARN \(low\): 1 ADD step where COPY would do\n- history #0: ADD /);
    expect(testcase(bad, 'healthcheck-passes: HEALTHCHECK turns healthy').skipped?.message).toBe(
      'no HEALTHCHECK (see healthcheck-defined)',
    );
    expect(testcase(good, 'non-root-user: Runs as a non-root user')).toEqual({
      classname: 'imgaudit-fixture/good:1.0.0',
      name: 'non-root-user: Runs as a non-root user',
    });
  });

  it('ends each suite with a gate test case that fails exactly when the image fails the gate', () => {
    for (const suite of root.testsuite) expect(suite.testcase.at(-1)?.name).toBe('gate');
    const gate = testcase(bad, 'gate');
    expect(gate.failure?.message).toBe('fails the gate: high finding non-root-user; high finding runtime-non-root');
    expect(gate.failure?.type).toBe('gate');
    expect(gate.failure?.['#text']).toBe(
      'high finding non-root-user\nhigh finding runtime-non-root\n(Gate: an image fails on a failed finding of severity high or worse.)',
    );
    expect(testcase(risky, 'gate').failure?.message).toBe(
      'fails the gate: critical finding no-secrets-in-layers; high finding no-sensitive-files',
    );
    expect(testcase(good, 'gate').failure).toBeUndefined();
    expect(testcase(good, 'gate')['system-out']).toBe(
      'passes the gate (Gate: an image fails on a failed finding of severity high or worse.)',
    );
  });
});

describe('renderJunit (baseline, rule errors and hostile text)', () => {
  it('does not count a baselined failure, and says it is in the baseline', () => {
    const report = withImage(
      { ...recordedBatch(), baseline: { file: 'imgaudit-baseline.json', findings: 2 } },
      0,
      (image) => ({
        ...withFinding(
          withFinding(image, 'non-root-user', (f) => ({ ...f, baselined: true })),
          'runtime-non-root',
          (f) => ({ ...f, baselined: true }),
        ),
        passed: true,
        gateReasons: [],
      }),
    );
    const bad = parse(renderJunit(report)).testsuite[0]!;
    expect(counts(bad)).toEqual([30, 7, 0, 1]);
    const baselined = testcase(bad, 'non-root-user: Runs as a non-root user');
    expect(baselined.failure).toBeUndefined();
    expect(baselined['system-out']).toMatch(
      /^FAIL \(high\), in the baseline imgaudit-baseline\.json: does not fail the gate\.\nruns as root: no USER is set\n/,
    );
    expect(testcase(bad, 'gate').failure).toBeUndefined();
    expect(testcase(bad, 'gate')['system-out']).toBe(
      'passes the gate (Gate: an image fails on a failed finding of severity high or worse. Only findings missing from the baseline count.)',
    );
  });

  it('reports a rule that could not run as an error', () => {
    const report = withImage(recordedBatch(), 2, (image) => ({
      ...withFinding(image, 'no-sudo', (f) => ({
        ...f,
        status: 'error',
        message: 'layer 2 could not be read',
        evidence: [],
      })),
      passed: false,
      gateReasons: ['rule no-sudo could not run: layer 2 could not be read'],
    }));
    const root = parse(renderJunit(report));
    const good = root.testsuite[2]!;
    expect(counts(good)).toEqual([30, 1, 1, 0]);
    expect(counts(root)).toEqual([90, 22, 1, 2]);
    expect(testcase(good, 'no-sudo: No sudo').error).toEqual({
      message: 'layer 2 could not be read',
      type: 'rule-error',
      '#text': 'layer 2 could not be read',
    });
    expect(testcase(good, 'gate').failure?.message).toBe(
      'fails the gate: rule no-sudo could not run: layer 2 could not be read',
    );
  });

  it('escapes hostile image text: the output validates and holds no raw control, bidi or non-XML character', () => {
    const ref = 'evil]]><script>alert(1)</script>&amp;"\'\u001b[2J\u009b\u202e\uffff\u0000:latest';
    const report = withImage(recordedBatch(), 0, (image) =>
      withFinding({ ...image, ref }, 'non-root-user', (f) => ({
        ...f,
        message: 'root ]]> <![CDATA[ & \u0007',
        evidence: ['lone \ud800 surrogate', 'C1 \u0085 and \ufffe'],
      })),
    );
    const xml = renderJunit(report);
    expect(xml).not.toMatch(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/,
    );
    expect(xml).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    const bad = parse(xml).testsuite[0]!;
    const visibleRef = 'evil]]><script>alert(1)</script>&amp;"\'\\x1b[2J\\x9b\\u{202e}\\u{ffff}\\x00:latest';
    expect(bad.name).toBe(visibleRef);
    expect(bad.testcase.every((test) => test.classname === visibleRef)).toBe(true);
    const failure = testcase(bad, 'non-root-user: Runs as a non-root user').failure!;
    expect(failure.message).toBe('root ]]> <![CDATA[ & \\x07');
    expect(failure['#text']).toMatch(
      /^root \]\]> <!\[CDATA\[ & \\x07\n- lone \\u\{d800\} surrogate\n- C1 \\x85 and \\u\{fffe\}\nFix: /,
    );
  });
});
