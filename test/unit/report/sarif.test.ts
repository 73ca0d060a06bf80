import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../../src/report/sarif.js';
import type { AuditReport } from '../../../src/evaluate/result.js';
import { RULES } from '../../../src/rules/index.js';
import { assertValidSarif } from '../../helpers/schema.js';
import { recordedBatch, withImage, withFinding } from '../helpers/reports.js';

function expectValidSarif(text: string): Log {
  const log = JSON.parse(text) as Log;
  assertValidSarif(log);
  return log;
}

const noDockerfile = { dockerfileFor: () => undefined };

function resultsOf(log: Log): Result[] {
  return log.runs[0]!.results!;
}

function resultFor(log: Log, ref: string, rule: string): Result {
  const found = resultsOf(log).find((result) => result.ruleId === rule && result.properties?.['imageRef'] === ref);
  if (!found) throw new Error(`no result for ${rule} on ${ref}`);
  return found;
}

/** Every string anywhere in a parsed value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}

const BAD = 'imgaudit-fixture/bad:latest';
const RISKY = 'imgaudit-fixture/fs-risky:1.0.0';

describe('renderSarif (recorded three-image report)', () => {
  const report = recordedBatch();
  const text = renderSarif(report, noDockerfile);
  const log = expectValidSarif(text);

  it('matches the golden file', async () => {
    await expect(text).toMatchFileSnapshot('__golden__/batch.sarif.json');
  });

  it('is one run of imgaudit at the report version, ending in a newline', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver.name).toBe('imgaudit');
    expect(log.runs[0]!.tool.driver.version).toBe('0.1.0');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('has one result per failed, warned or errored finding, and none for passes and skips', () => {
    const expected = report.images.flatMap((image) =>
      image.findings.filter((f) => ['fail', 'warn', 'error'].includes(f.status)),
    );
    expect(resultsOf(log)).toHaveLength(expected.length);
    expect(resultsOf(log)).toHaveLength(21);
    expect(
      resultsOf(log).filter((result) => result.properties?.['imageRef'] === 'imgaudit-fixture/good:1.0.0'),
    ).toEqual([]);
  });

  it('gives each result its rule id, matching rule index and level', () => {
    const bad = resultsOf(log).filter((result) => result.properties?.['imageRef'] === BAD);
    expect(bad.map((result) => [result.ruleId, result.level])).toEqual([
      ['non-root-user', 'error'],
      ['healthcheck-defined', 'warning'],
      ['oci-labels', 'note'],
      ['exec-form', 'warning'],
      ['no-latest-tag', 'warning'],
      ['prefer-copy', 'note'],
      ['no-apt-upgrade', 'note'],
      ['no-package-manager', 'note'],
      ['runtime-non-root', 'error'],
      ['graceful-shutdown', 'warning'],
    ]);
    expect(resultFor(log, RISKY, 'no-secrets-in-layers').level).toBe('error');
    expect(resultFor(log, RISKY, 'wasted-space').level).toBe('note');
    const rules = log.runs[0]!.tool.driver.rules!;
    for (const result of resultsOf(log)) expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it('describes every registry rule with help, default level, security-severity and tags', () => {
    const rules = log.runs[0]!.tool.driver.rules!;
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const nonRoot = byId.get('non-root-user')!;
    expect(nonRoot.name).toBe('NonRootUser');
    expect(nonRoot.shortDescription?.text).toBe('Runs as a non-root user');
    expect(nonRoot.fullDescription?.text).toMatch(/^A process running as root inside the container/);
    expect(nonRoot.defaultConfiguration?.level).toBe('error');
    expect(nonRoot.properties?.tags).toEqual(['security', 'container', 'docker']);
    expect(nonRoot.help?.text).toContain('How to fix: Create an unprivileged user');
    expect(nonRoot.help?.markdown).toContain('```dockerfile\nRUN useradd -r -u 10001 app\nUSER 10001:10001\n```');
    expect(byId.get('oci-labels')!.properties?.tags).toEqual(['maintainability', 'container', 'docker']);
    expect(byId.get('layers-readable')!.help?.markdown).toContain('```sh\ndocker build --no-cache');
    const ranges = { critical: [9, 10], high: [7, 8.9], medium: [4, 6.9], low: [0.1, 3.9] } as const;
    for (const rule of RULES) {
      const [low, high] = ranges[rule.severity as keyof typeof ranges];
      const score = Number(byId.get(rule.id)!.properties?.['security-severity']);
      expect(score, rule.id).toBeGreaterThanOrEqual(low);
      expect(score, rule.id).toBeLessThanOrEqual(high);
    }
  });

  it('names the image and the finding in the message, with its evidence', () => {
    expect(resultFor(log, BAD, 'non-root-user').message.text).toBe(
      'imgaudit-fixture/bad:latest: runs as root: no USER is set\nEvidence:\n- (USER not set)',
    );
  });

  it('points at the conventional Dockerfile at the repository root when none is known, and names the image', () => {
    expect(resultFor(log, BAD, 'non-root-user').locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
        logicalLocations: [{ name: BAD, fullyQualifiedName: BAD, kind: 'module' }],
      },
    ]);
  });

  it('fingerprints a finding by its own fingerprint and the image repository, without the tag', () => {
    const finding = report.images[0]!.findings.find((f) => f.rule === 'non-root-user')!;
    expect(resultFor(log, BAD, 'non-root-user').partialFingerprints).toEqual({
      'imgaudit/finding/v1': finding.fingerprint,
      'imgaudit/image-repository/v1': 'docker.io/imgaudit-fixture/bad',
    });
    expect(resultFor(log, RISKY, 'healthcheck-defined').partialFingerprints?.['imgaudit/image-repository/v1']).toBe(
      'docker.io/imgaudit-fixture/fs-risky',
    );
  });

  it('carries the image and finding facts as properties, and no baseline state without a baseline', () => {
    const result = resultFor(log, BAD, 'non-root-user');
    expect(result.properties).toEqual({
      imageRef: BAD,
      imageId: 'sha256:99a15485eb5769eb1650ebe0bff5393398777f7da24aeed6e45a315d60bfc0bd',
      score: 0,
      grade: 'F',
      severity: 'high',
      status: 'fail',
    });
    expect(result).not.toHaveProperty('baselineState');
  });

  it('records a successful invocation with the gate verdict', () => {
    expect(log.runs[0]!.invocations).toEqual([
      {
        executionSuccessful: true,
        properties: {
          gatePassed: false,
          failOn: 'high',
          failUnder: 0,
          imagesFailingGate: [BAD, RISKY],
          imageGates: [BAD, RISKY, 'imgaudit-fixture/good:1.0.0'].map((image) => ({
            image,
            failOn: 'high',
            failUnder: 0,
          })),
        },
      },
    ]);
  });
});

describe('renderSarif (Dockerfile, baseline, allowlist and hostile text)', () => {
  const HOSTILE_REF = 'evil\u001b[2J\u009b1m\u202e[click](https://evil.example)\u0000:latest';
  const report: AuditReport = withImage(
    withImage({ ...recordedBatch(), baseline: { file: 'baseline.json', findings: 1 } }, 0, (image) =>
      withFinding(
        withFinding(image, 'non-root-user', (f) => ({ ...f, baselined: true })),
        'oci-labels',
        (f) => ({
          ...f,
          evidence: ['a', 'b', 'c', 'd', 'e', 'f\u0007', 'g'],
          evidenceOmitted: 3,
          allowlisted: [{ item: 'org.opencontainers.image.url', reason: 'set by the registry' }],
        }),
      ),
    ),
    1,
    (image) =>
      withFinding(
        withFinding({ ...image, ref: HOSTILE_REF }, 'no-secrets-in-layers', (f) => ({
          ...f,
          evidence: ['AKIA…\u001b]8;;https://evil.example\u0007 at /app/.env\u202e (layer 3)'],
        })),
        'no-sudo',
        (f) => ({ ...f, status: 'error', message: 'boom\u001b[31m', evidence: [] }),
      ),
  );
  const dockerfiles: Record<string, string> = { [BAD]: './services/my api/Dockerfile' };
  const text = renderSarif(report, { dockerfileFor: (ref) => dockerfiles[ref] });
  const log = expectValidSarif(text);

  it('locates results in the Dockerfile the image was built from, as a relative URI', () => {
    expect(resultFor(log, BAD, 'exec-form').locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'services/my%20api/Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    const hostile = resultsOf(log).find((result) => result.ruleId === 'no-secrets-in-layers')!;
    expect(hostile.locations![0]!.physicalLocation?.artifactLocation?.uri).toBe('Dockerfile');
  });

  it('marks baselined findings unchanged and the rest new', () => {
    expect(resultFor(log, BAD, 'non-root-user').baselineState).toBe('unchanged');
    expect(resultFor(log, BAD, 'runtime-non-root').baselineState).toBe('new');
    expect(resultsOf(log).filter((result) => result.baselineState === 'unchanged')).toHaveLength(1);
    expect(resultsOf(log).every((result) => result.baselineState !== undefined)).toBe(true);
    expect(log.runs[0]!.invocations![0]!.properties?.['baseline']).toEqual({ file: 'baseline.json', findings: 1 });
  });

  it('caps the evidence in the message and keeps allowlisted items as properties', () => {
    const result = resultFor(log, BAD, 'oci-labels');
    expect(result.message.text).toBe(
      'imgaudit-fixture/bad:latest: 4 of 4 required labels missing or empty\nEvidence:\n- a\n- b\n- c\n- d\n- e\n- and 5 more',
    );
    expect(result.properties?.['allowlisted']).toEqual([
      { item: 'org.opencontainers.image.url', reason: 'set by the registry' },
    ]);
  });

  it('reports a rule that could not run as an error', () => {
    const result = resultsOf(log).find((r) => r.ruleId === 'no-sudo')!;
    expect(result.level).toBe('error');
    expect(result.properties?.['status']).toBe('error');
    expect(result.message.text).toBe(
      'evil\\x1b\\[2J\\x9b1m\\u{202e}\\[click\\](https://evil.example)\\x00:latest: rule no-sudo could not run: boom\\x1b\\[31m',
    );
  });

  it('leaves no raw control character or bidi override in the file or in any parsed string', () => {
    const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    expect(text).not.toMatch(unsafe);
    for (const value of strings(log)) expect(value.replace(/\n/g, '')).not.toMatch(unsafe);
  });

  it('shows hostile text as visible escapes and cannot forge a message link', () => {
    const result = resultsOf(log).find((r) => r.ruleId === 'no-secrets-in-layers')!;
    expect(result.properties?.['imageRef']).toBe(
      'evil\\x1b[2J\\x9b1m\\u{202e}[click](https://evil.example)\\x00:latest',
    );
    expect(result.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe(result.properties?.['imageRef']);
    expect(result.partialFingerprints?.['imgaudit/image-repository/v1']).toBe(
      'evil\\x1b[2J\\x9b1m\\u{202e}[click](https://evil.example)\\x00:latest',
    );
    expect(result.message.text).toContain(
      '- AKIA…\\x1b\\]8;;https://evil.example\\x07 at /app/.env\\u{202e} (layer 3)',
    );
    expect(result.message.text).toContain('\\[click\\](https://evil.example)');
    // With every escaped backslash or bracket taken out, no bracket is left to open a link.
    expect(result.message.text!.replace(/\\[\\[\]]/g, '')).not.toMatch(/[[\]]/);
  });
});
