import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNTIME_OPTIONS } from '../../../src/collect/runtime/index.js';
import { parseConfig } from '../../../src/config/load.js';
import { buildSourceFor, settingsFor, vulnReportFor } from '../../../src/config/settings.js';
import { UsageError } from '../../../src/shared/errors.js';
import { DEFAULT_GATE } from '../../../src/evaluate/result.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';

const config = await parseConfig(
  `
gate: { failUnder: 70 }
thresholds: { sizeFail: 800MB, layerLimit: 12 }
rules: { oci-labels: off, no-latest-tag: low }
allow:
  setuid: [{ path: /usr/bin/passwd, reason: base image }]
runtime:
  env: { MODE: prod, DEBUG: "0" }
  window: 5
images:
  - match: 'myorg/legacy-*'
    gate: { failUnder: 40 }
    thresholds: { sizeFail: 2GB }
    rules: { no-latest-tag: off, non-root-user: medium }
    allow:
      setuid: [{ path: /bin/su, reason: legacy entrypoint switches user }]
    runtime: { env: [MODE=legacy] }
  - match: myorg/legacy-worker
    thresholds: { layerLimit: 30 }
`,
  '.imgaudit.yml',
);

describe('settingsFor', () => {
  it('uses the defaults without a configuration', () => {
    const settings = settingsFor('myorg/api:1', ['myorg/api:1'], null, {});
    expect(settings.rules).toEqual(DEFAULT_RULE_OPTIONS);
    expect(settings.gate).toEqual(DEFAULT_GATE);
    expect(settings.runtime).toEqual(DEFAULT_RUNTIME_OPTIONS);
    expect(settings.policy.ruleOverrides).toEqual({});
  });

  it('applies the top level to an image no entry matches', () => {
    const settings = settingsFor('myorg/api:1', ['myorg/api:1'], config, {});
    expect(settings.rules).toEqual({ ...DEFAULT_RULE_OPTIONS, sizeFailBytes: 800_000_000, layerLimit: 12 });
    expect(settings.gate).toEqual({ failOn: 'high', failUnder: 70 });
    expect(settings.runtime?.env).toEqual(['MODE=prod', 'DEBUG=0']);
    expect(settings.runtime?.windowSeconds).toBe(5);
    expect(settings.policy).toEqual({
      source: '.imgaudit.yml',
      ruleOverrides: { 'oci-labels': 'off', 'no-latest-tag': 'low' },
      allow: { setuid: [{ path: '/usr/bin/passwd', reason: 'base image' }], secrets: [] },
    });
  });

  it('layers every matching entry over the top level, in file order', () => {
    const settings = settingsFor('myorg/legacy-worker:3', ['myorg/legacy-worker:3'], config, {});
    expect(settings.rules).toMatchObject({ sizeFailBytes: 2_000_000_000, layerLimit: 30 });
    expect(settings.gate.failUnder).toBe(40);
    expect(settings.policy.ruleOverrides).toEqual({
      'oci-labels': 'off',
      'no-latest-tag': 'off',
      'non-root-user': 'medium',
    });
    expect(settings.policy.allow.setuid.map((entry) => entry.path)).toEqual(['/usr/bin/passwd', '/bin/su']);
    // Variables merge by name, the later setting winning.
    expect(settings.runtime?.env).toEqual(['MODE=legacy', 'DEBUG=0']);
  });

  it('matches the tags of an image named by id', () => {
    expect(settingsFor('sha256:abc', ['myorg/legacy-api:9'], config, {}).gate.failUnder).toBe(40);
    expect(settingsFor('sha256:abc', ['myorg/other:9'], config, {}).gate.failUnder).toBe(70);
  });

  it('lets explicit settings (the flags) win over the file, and only those that were set', () => {
    const settings = settingsFor('myorg/legacy-api:1', [], config, {
      rules: { sizeFailBytes: 3_000_000_000, layerLimit: undefined },
      gate: { failUnder: 90, failOn: undefined },
      runtime: { windowSeconds: 7, env: ['MODE=flag'] },
    });
    expect(settings.rules.sizeFailBytes).toBe(3_000_000_000);
    expect(settings.rules.layerLimit).toBe(12);
    expect(settings.gate).toEqual({ failOn: 'high', failUnder: 90 });
    expect(settings.runtime?.windowSeconds).toBe(7);
    expect(settings.runtime?.env).toEqual(['MODE=flag', 'DEBUG=0']);
  });

  it('has no runtime phase when the caller turned it off', () => {
    expect(settingsFor('myorg/api:1', [], config, { runtime: false }).runtime).toBeNull();
  });

  it('does the same for the wasted-space thresholds (regression: only the size pair was kept in order)', () => {
    expect(settingsFor('a:1', [], null, { rules: { wastedWarnBytes: 80_000_000 } }).rules).toMatchObject({
      wastedWarnBytes: 80_000_000,
      wastedFailBytes: 80_000_000,
    });
    expect(() =>
      settingsFor('a:1', [], null, { rules: { wastedWarnBytes: 80_000_000, wastedFailBytes: 60_000_000 } }),
    ).toThrow(
      'for a:1: the wasted space warning threshold (80000000 bytes) is above the failure threshold (60000000 bytes)',
    );
  });

  it('moves the other size threshold along when only one is set, and refuses a contradiction', () => {
    expect(settingsFor('a:1', [], null, { rules: { sizeWarnBytes: 600_000_000 } }).rules).toMatchObject({
      sizeWarnBytes: 600_000_000,
      sizeFailBytes: 600_000_000,
    });
    expect(settingsFor('a:1', [], null, { rules: { sizeFailBytes: 50_000_000 } }).rules).toMatchObject({
      sizeWarnBytes: 50_000_000,
      sizeFailBytes: 50_000_000,
    });
    // The file says fail at 800 MB; a flag's warning above it contradicts it.
    expect(() => settingsFor('a:1', [], config, { rules: { sizeWarnBytes: 900_000_000 } })).toThrow(UsageError);
  });
});

describe('buildSourceFor', () => {
  it('gives the Dockerfile and context of the last matching images: entry, relative to the file', async () => {
    const config = await parseConfig(
      [
        'images:',
        "  - match: 'myorg/*'",
        '    dockerfile: services/Dockerfile',
        "  - match: 'myorg/api'",
        '    dockerfile: services/api/Dockerfile',
        '    context: services',
        '',
      ].join('\n'),
      'ci/.imgaudit.yml',
    );
    expect(buildSourceFor('myorg/api:1.0', ['myorg/api:1.0'], config)).toEqual({
      dockerfile: 'ci/services/api/Dockerfile',
      context: 'ci/services',
    });
    expect(buildSourceFor('myorg/web:1.0', [], config)).toEqual({ dockerfile: 'ci/services/Dockerfile' });
    expect(buildSourceFor('other/x:1', [], config)).toEqual({});
  });
});

const baseConfig = await parseConfig(
  `
baseFindings: report
images:
- match: 'myorg/api'
  baseImage: node:20-slim
- match: 'myorg/legacy-*'
  baseFindings: hide
`,
  '.imgaudit.yml',
);

describe('settingsFor: the base image and what its findings do', () => {
  it('defaults to gate and the history heuristic', () => {
    expect(settingsFor('x:1', [], null, {})).toMatchObject({ baseFindings: 'gate', baseImage: null });
  });

  it('takes baseFindings from the top level or a matching entry, baseImage from a matching entry', () => {
    expect(settingsFor('myorg/api:2', [], baseConfig, {})).toMatchObject({
      baseFindings: 'report',
      baseImage: 'node:20-slim',
    });
    expect(settingsFor('myorg/legacy-web:1', [], baseConfig, {})).toMatchObject({
      baseFindings: 'hide',
      baseImage: null,
    });
  });

  it('lets the flags win (--base-image, --ignore-base)', () => {
    const explicit = { baseImage: 'debian:12', baseFindings: 'report' as const };
    expect(settingsFor('myorg/legacy-web:1', [], baseConfig, explicit)).toMatchObject(explicit);
  });

  it('refuses a baseFindings it does not know, and a baseImage outside images:', async () => {
    await expect(parseConfig('baseFindings: ignore\n', 'c.yml')).rejects.toThrow(
      'c.yml:1: baseFindings: expected one of gate, report, hide, got "ignore"',
    );
    await expect(parseConfig('baseImage: node:20\n', 'c.yml')).rejects.toThrow('baseImage: unknown key');
  });
});

describe('vulnerability reports and vulnerability-scan options', () => {
  it('gives the report of the last matching images: entry, relative to the file', async () => {
    const config = await parseConfig(
      [
        'images:',
        "  - match: 'myorg/*'",
        '    vulnReport: scans/all.json',
        "  - match: 'myorg/api'",
        '    vulnReport: scans/api.json',
        '',
      ].join('\n'),
      'ci/.imgaudit.yml',
    );
    expect(vulnReportFor('myorg/api:1.0', ['myorg/api:1.0'], config)).toBe('ci/scans/api.json');
    expect(vulnReportFor('myorg/web:1.0', [], config)).toBe('ci/scans/all.json');
    expect(vulnReportFor('other/x:1', [], config)).toBeUndefined();
  });

  it('reads vulnerabilities: into the rule options, per image too, defaults otherwise', async () => {
    const config = await parseConfig(
      [
        'vulnerabilities: { failOn: critical, maxAgeDays: 30 }',
        'images:',
        "  - match: 'myorg/api'",
        '    vulnerabilities: { ignoreUnfixed: true, failOn: medium }',
        '',
      ].join('\n'),
      'c.yml',
    );
    expect(settingsFor('other:1', [], config, {}).rules).toMatchObject({
      vulnFailOn: 'critical',
      vulnIgnoreUnfixed: false,
      vulnMaxAgeDays: 30,
    });
    expect(settingsFor('myorg/api:1', ['myorg/api:1'], config, {}).rules).toMatchObject({
      vulnFailOn: 'medium',
      vulnIgnoreUnfixed: true,
      vulnMaxAgeDays: 30,
    });
    expect(settingsFor('x:1', [], null, {}).rules).toMatchObject({
      vulnFailOn: 'high',
      vulnIgnoreUnfixed: false,
      vulnMaxAgeDays: 7,
    });
  });

  it.each([
    [
      'vulnerabilities:\n  failOn: info\n',
      'c.yml:2: vulnerabilities.failOn: expected one of critical, high, medium, low, got "info"',
    ],
    [
      'vulnerabilities:\n  ignoreUnfixed: "yes"\n',
      'c.yml:2: vulnerabilities.ignoreUnfixed: expected true or false, got "yes"',
    ],
    [
      'vulnerabilities:\n  maxAgeDays: -1\n',
      'c.yml:2: vulnerabilities.maxAgeDays: expected a whole number from 0 to 3650, got -1',
    ],
    [
      'vulnerabilities:\n  failon: high\n',
      'c.yml:2: vulnerabilities.failon: unknown key (expected one of: failOn, ignoreUnfixed, maxAgeDays)',
    ],
    [
      "images:\n  - match: x\n    vulnReport: ''\n",
      'c.yml:3: images[0].vulnReport: expected a non-empty string, got ""',
    ],
  ])('refuses %j', async (text, message) => {
    await expect(parseConfig(text, 'c.yml')).rejects.toThrow(message);
  });
});
