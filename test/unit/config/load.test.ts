import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig, parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/shared/errors.js';

const FULL = `
version: 1
gate:
  failOn: medium
  failUnder: 80
thresholds:
  sizeWarn: 50MB
  sizeFail: 1.5GB
  layerLimit: 15
  packageCache: 2MB
  wastedWarn: 5000000
  wastedFail: 20MB
requiredLabels: [org.opencontainers.image.source]
rules:
  oci-labels: off
  no-latest-tag: low
allow:
  setuid:
    - path: /usr/bin/passwd
      reason: the image lets users change their password
  secrets:
    - path: /app/test/fixtures/**
      reason: test keys, not real
    - fingerprint: 0123456789abcdef
      reason: rotated 2026-11-01
runtime:
  env:
    DATABASE_URL: postgres://localhost/app
    RETRIES: 3
  window: 5
  healthTimeout: 30
  stopTimeout: 12
images:
  - match: 'myorg/legacy-*'
    thresholds: { sizeFail: 2GB }
    rules: { non-root-user: medium }
  - match: ['*:latest', myorg/api]
    runtime: { env: [MODE=test] }
`;

describe('parseConfig', () => {
  it('reads every setting into the shape the audit uses', async () => {
    const config = await parseConfig(FULL, '.imgaudit.yml');
    expect(config).toEqual({
      source: '.imgaudit.yml',
      gate: { failOn: 'medium', failUnder: 80 },
      rules: {
        sizeWarnBytes: 50_000_000,
        sizeFailBytes: 1_500_000_000,
        layerLimit: 15,
        packageCacheLimitBytes: 2_000_000,
        wastedWarnBytes: 5_000_000,
        wastedFailBytes: 20_000_000,
        requiredLabels: ['org.opencontainers.image.source'],
      },
      ruleOverrides: { 'oci-labels': 'off', 'no-latest-tag': 'low' },
      allow: {
        setuid: [{ path: '/usr/bin/passwd', reason: 'the image lets users change their password' }],
        secrets: [
          { path: '/app/test/fixtures/**', reason: 'test keys, not real' },
          { fingerprint: '0123456789abcdef', reason: 'rotated 2026-11-01' },
        ],
      },
      runtime: {
        env: ['DATABASE_URL=postgres://localhost/app', 'RETRIES=3'],
        windowSeconds: 5,
        healthTimeoutSeconds: 30,
        stopGraceSeconds: 12,
      },
      images: [
        {
          match: ['myorg/legacy-*'],
          rules: { sizeFailBytes: 2_000_000_000 },
          ruleOverrides: { 'non-root-user': 'medium' },
        },
        { match: ['*:latest', 'myorg/api'], runtime: { env: ['MODE=test'] } },
      ],
    });
  });

  it('takes an empty file as no settings', async () => {
    expect(await parseConfig('', 'c.yml')).toEqual({ source: 'c.yml', images: [] });
    expect(await parseConfig('# nothing yet\n', 'c.yml')).toEqual({ source: 'c.yml', images: [] });
  });

  it('accepts YAML 1.1 habits for turning a rule off', async () => {
    expect((await parseConfig('rules:\n  oci-labels: false\n', 'c.yml')).ruleOverrides).toEqual({
      'oci-labels': 'off',
    });
  });

  const cases: [string, string][] = [
    [
      'gate:\n  failOn: severe\n',
      'c.yml:2: gate.failOn: expected one of critical, high, medium, low, info, none, got "severe"',
    ],
    ['gate:\n  failUnder: 101\n', 'c.yml:2: gate.failUnder: expected a whole number from 0 to 100, got 101'],
    [
      'thresholds:\n  sizeFail: big\n',
      'c.yml:2: thresholds.sizeFail: expected a size (100MB, 1.5GB, 512MiB or bytes), got "big"',
    ],
    [
      'thresholds:\n  sizeWarn: 2GB\n  sizeFail: 1GB\n',
      'c.yml:2: thresholds.sizeWarn: must not be larger than sizeFail',
    ],
    [
      'thresholds:\n  sizeLimit: 1GB\n',
      'c.yml:2: thresholds.sizeLimit: unknown key (expected one of: sizeWarn, sizeFail, packageCache, wastedWarn, wastedFail, writableLayer, layerLimit)',
    ],
    [
      'rules:\n  no-such-rule: off\n',
      'c.yml:2: rules.no-such-rule: unknown rule (rules: see docs/rules/; e.g. non-root-user, healthcheck-defined, oci-labels)',
    ],
    [
      'rules:\n  oci-labels: loud\n',
      'c.yml:2: rules.oci-labels: expected off or a severity (critical, high, medium, low, info), got "loud"',
    ],
    [
      'allow:\n  setuid:\n    - path: /usr/bin/su\n',
      'c.yml:3: allow.setuid[0]: needs a `reason`: say why this is accepted',
    ],
    [
      'allow:\n  setuid:\n    - path: usr/bin/su\n      reason: x\n',
      'c.yml:3: allow.setuid[0].path: expected an absolute path in the image, got "usr/bin/su"',
    ],
    [
      'allow:\n  setuid:\n    - fingerprint: 0123456789abcdef\n      reason: x\n',
      'c.yml:3: allow.setuid[0].fingerprint: unknown key (expected one of: path, reason)',
    ],
    ['allow:\n  secrets:\n    - reason: because\n', 'c.yml:3: allow.secrets[0]: needs a `path` or a `fingerprint`'],
    [
      'allow:\n  secrets:\n    - fingerprint: abc\n      reason: x\n',
      'c.yml:3: allow.secrets[0].fingerprint: expected a finding fingerprint (16 hex digits, from the JSON report), got "abc"',
    ],
    [
      'allow:\n  secrets:\n    - reason: "  "\n      path: /a\n',
      'c.yml:3: allow.secrets[0].reason: expected a non-empty string, got "  "',
    ],
    ['runtime:\n  env: [NOVALUE]\n', 'c.yml:2: runtime.env[0]: expected NAME=value, got "NOVALUE"'],
    ['runtime:\n  env:\n    "BAD NAME": 1\n', 'c.yml:3: runtime.env.BAD NAME: not a valid environment variable name'],
    ['runtime:\n  window: 0\n', 'c.yml:2: runtime.window: expected a whole number from 1 to 600, got 0'],
    [
      'images:\n  - rules: { oci-labels: off }\n',
      'c.yml:2: images[0]: needs `match`: the image patterns this entry applies to',
    ],
    ['images:\n  - match: []\n', 'c.yml:2: images[0].match: expected at least one pattern'],
    [
      'images:\n  - match: x\n    images: []\n',
      'c.yml:3: images[0].images: unknown key (expected one of: match, gate, thresholds, requiredLabels, rules, allow, runtime, baseFindings, vulnerabilities, dockerfile, context, baseImage, vulnReport)',
    ],
    [
      'threshold:\n  sizeFail: 1GB\n',
      'c.yml:1: threshold: unknown key (expected one of: version, gate, thresholds, requiredLabels, rules, allow, runtime, baseFindings, vulnerabilities, images)',
    ],
    ['version: 2\n', 'c.yml:1: version: expected 1, got 2'],
    ['- a\n- b\n', 'c.yml:1: expected a mapping, got a list'],
    // Found by the fuzzer (test/unit/fuzz): a key holding a newline made the message two lines.
    ['? |\n  two\n  lines\n: 1\n', 'c.yml:1: "two\\nlines\\n": unknown key (expected one of:'],
    ['gate: [\n', 'c.yml:2: not valid YAML'],
    ['gate:\n  failOn: high\ngate:\n  failUnder: 3\n', 'c.yml:3: not valid YAML'],
  ];

  it('refuses a YAML alias bomb as a ConfigError naming the file, not the yaml library’s words', async () => {
    let text = 'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [from, to] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
    ])
      text += `${to}: &${to} [${Array(9).fill(`*${from}`).join(',')}]\n`;
    const error = await parseConfig(text, '.imgaudit.yml').catch((caught: unknown) => caught);
    expect(error).toEqual(
      new ConfigError('.imgaudit.yml', null, '', 'too many YAML aliases (more than 100): not accepted'),
    );
    expect((error as Error).message).toBe('.imgaudit.yml: too many YAML aliases (more than 100): not accepted');
  });

  // Found while fuzzing the loader (test/unit/fuzz): 5,000 nested brackets overflowed the yaml composer's stack, at some
  // depths as a fatal V8 error that killed the process instead of an exception.
  it('refuses YAML nested deeper than 100 levels before composing it, flow or block', async () => {
    for (const text of [
      `gate: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      `gate:\n  ${'- '.repeat(5000)}x\n`,
      `gate: ${'{a: '.repeat(101)}1${'}'.repeat(101)}\n`,
    ]) {
      const error = await parseConfig(text, '.imgaudit.yml').catch((caught: unknown) => caught);
      expect(error).toEqual(
        new ConfigError('.imgaudit.yml', null, '', 'YAML nested more than 100 levels deep: not accepted'),
      );
    }
    const nested99 = `x: ${'['.repeat(98)}${']'.repeat(98)}\n`;
    expect((await parseConfig(nested99, 'c.yml').catch((caught: unknown) => caught)) as Error).toEqual(
      new ConfigError(
        'c.yml',
        1,
        'x',
        'unknown key (expected one of: version, gate, thresholds, requiredLabels, rules, allow, runtime, baseFindings, vulnerabilities, images)',
      ),
    );
  });

  it('says an alias to an anchor that is not set is not valid YAML, naming the file', async () => {
    const error = await parseConfig('gate: *missing\n', 'c.yml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^c\.yml: not valid YAML: Unresolved alias .*missing$/);
  });

  it.each(cases)('names the file, line and key of a mistake: %j', async (text, message) => {
    const error = await parseConfig(text, 'c.yml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('findConfigFile and loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgaudit-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds .imgaudit.yml, then .imgaudit.yaml, in the directory', async () => {
    expect(await findConfigFile(dir)).toBeNull();
    writeFileSync(join(dir, '.imgaudit.yaml'), 'gate: { failUnder: 70 }\n');
    expect(await findConfigFile(dir)).toBe(join(dir, '.imgaudit.yaml'));
    writeFileSync(join(dir, '.imgaudit.yml'), 'gate: { failUnder: 75 }\n');
    expect(await findConfigFile(dir)).toBe(join(dir, '.imgaudit.yml'));
    expect((await loadConfig(join(dir, '.imgaudit.yml'), '.imgaudit.yml')).gate).toEqual({ failUnder: 75 });
  });

  it('says a missing file is missing, in one line', async () => {
    await expect(loadConfig(join(dir, 'nope.yml'), 'nope.yml')).rejects.toThrow(
      new ConfigError('nope.yml', null, '', 'cannot read it (ENOENT)'),
    );
  });
});
