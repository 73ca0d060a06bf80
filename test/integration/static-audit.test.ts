import { expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, perEngine, runJson, statusesOf } from './helpers.js';

type Report = Awaited<ReturnType<typeof runJson>>['report'];
/** Configuration and history only: the filesystem and runtime phases have their own tests. */
const STATIC = ['--no-fs', '--no-run'];
/** Statuses of the rules that ran (the others skip without their phase). */
const statuses = (report: Report, image = 0) => statusesOf(report, { image, ranOnly: true });

describeWithEngine('static audit of the fixture images (real engine)', () => {
  it('passes the good image with exact facts', async () => {
    const { code, report } = await runJson([...STATIC, FIXTURES.good]);
    assertValidReport(report);
    expect(code).toBe(0);
    const [image] = report.images;
    // Built without BuildKit features (buildkit-features, low): a failure from the legacy builder's history on the main
    // engine, partial evidence (a warning) from BuildKit's on Docker 26.
    const score = perEngine({ main: 96, docker26: 98, podman: 96 });
    expect(image).toMatchObject({ ref: FIXTURES.good, score, grade: 'A', passed: true, gateReasons: [] });
    expect(image!.id).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(image!.facts).toMatchObject({
      // podman names an image loaded without a registry localhost/NAME.
      repoTags: [perEngine({ main: FIXTURES.good, docker26: FIXTURES.good, podman: `localhost/${FIXTURES.good}` })],
      os: 'linux',
      layerCount: 3,
      user: '10001:10001',
      entrypoint: ['/sbin/tini', '--'],
      cmd: ['/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/www'],
      entrypointShellForm: false,
      cmdShellForm: false,
      shellForm: false,
      exposedPorts: ['8080/tcp'],
      envNames: ['PATH'],
      envSecrets: [],
      healthcheck: {
        defined: true,
        disabled: false,
        test: ['CMD', '/bin/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health'],
        intervalSeconds: 2,
        timeoutSeconds: 2,
        startPeriodSeconds: 5,
        retries: 3,
      },
    });
    expect(image!.facts.labels['org.opencontainers.image.version']).toBe('1.0.0');
    expect(image!.facts.historyCount).toBe(image!.facts.history.length);
    // busybox and tini unpacked are 2.69 MB: the graph driver reports that; the containerd store reports the size of
    // its gzip blobs (1.4 MB). image-size judges the files of the layers when it has them (the filesystem test), and
    // this, the engine's number, only without them, as here (--no-fs).
    const size = perEngine({
      main: { above: 2_600_000, below: 2_800_000 },
      docker26: { above: 1_300_000, below: 1_500_000 },
      podman: { above: 2_600_000, below: 2_800_000 },
    });
    expect(image!.facts.sizeBytes).toBeGreaterThan(size.above);
    expect(image!.facts.sizeBytes).toBeLessThan(size.below);
    const { 'buildkit-features': buildkit, ...others } = statuses(report);
    expect(new Set(Object.values(others))).toEqual(new Set(['pass']));
    expect(buildkit).toBe(perEngine({ main: 'fail', docker26: 'warn', podman: 'fail' }));
    expect(image!.facts.filesystem).toBeUndefined();
    expect(image!.facts.runtime).toBeUndefined();
  });

  it('fails the bad image on exactly the anti-patterns it contains', async () => {
    const { code, report } = await runJson([...STATIC, FIXTURES.bad]);
    assertValidReport(report);
    expect(code).toBe(1);
    expect(statuses(report)).toEqual({
      'non-root-user': 'fail',
      'healthcheck-defined': 'fail',
      'oci-labels': 'fail',
      'image-size': 'pass',
      'layer-count': 'pass',
      'exec-form': 'fail',
      'no-secrets-in-env': 'pass',
      'no-latest-tag': 'fail',
      'prefer-copy': 'warn',
      'no-apt-upgrade': 'fail',
      'no-system-volumes': 'pass',
      'package-install-cleanup': 'pass',
      'buildkit-features': perEngine({ main: 'fail', docker26: 'warn', podman: 'fail' }),
    });
    const [image] = report.images;
    expect(image!.passed).toBe(false);
    expect(image!.gateReasons).toContain('high finding non-root-user');
    expect(image!.facts).toMatchObject({ user: '', cmdShellForm: true, shellForm: true, entrypoint: null });
    expect(image!.facts.cmd).toEqual(['/bin/sh', '-c', '/bin/busybox httpd -f -p 8080 -h /']);
  });

  it('scores the production-style image above the root shell-form one', async () => {
    const { report } = await runJson([...STATIC, FIXTURES.good, FIXTURES.bad]);
    assertValidReport(report);
    const [good, bad] = report.images;
    expect(good!.score).toBeGreaterThan(bad!.score);
    expect(bad!.grade).toBe('F');
    expect(report.passed).toBe(false);
  });

  it('finds the secrets in ENV and build args without ever reporting their values', async () => {
    const { code, stdout, report } = await runJson([...STATIC, FIXTURES.envSecrets]);
    assertValidReport(report);
    expect(code).toBe(1);
    const [image] = report.images;
    expect(statuses(report)['no-secrets-in-env']).toBe('fail');
    const found = image!.facts.envSecrets.map((secret) => `${secret.kind} ${secret.source} ${secret.name}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'aws-access-key-id env AWS_ACCESS_KEY_ID',
        'aws-secret-access-key env AWS_SECRET_ACCESS_KEY',
        'secret-like-name env DB_PASSWORD',
        'npm-token history-arg NPM_TOKEN',
      ]),
    );
    expect(found).toHaveLength(4);
    expect(found.some((entry) => entry.includes('DB_PASSWORD_FILE'))).toBe(false);
    expect(image!.facts.envNames).toContain('DB_PASSWORD_FILE');
    for (const value of [
      'AKIAIMGAUDITFIXTURE1',
      'imgauditFixtureFakeSecretKey0123456789ab',
      'fixture-password-not-real',
      'npm_IMGAUDITFIXTUREfakeTOKEN0123456789ab',
    ]) {
      expect(stdout).not.toContain(value);
    }
  });

  it('fails an image with 20 or more layers', async () => {
    const { report } = await runJson([...STATIC, FIXTURES.manyLayers]);
    assertValidReport(report);
    expect(report.images[0]!.facts.layerCount).toBe(22);
    expect(statuses(report)['layer-count']).toBe('fail');
    expect(
      (await runJson([...STATIC, '--layer-limit', '23', FIXTURES.manyLayers])).report.images[0]!.findings.find(
        (f) => f.rule === 'layer-count',
      )!.status,
    ).toBe('pass');
  });

  it('applies the size thresholds given on the command line', async () => {
    const failing = await runJson([...STATIC, '--size-warn', '2MB', '--size-fail', '5MB', FIXTURES.big]);
    expect(statuses(failing.report)['image-size']).toBe('fail');
    const warning = await runJson([...STATIC, '--size-warn', '5MB', '--size-fail', '20MB', FIXTURES.big]);
    expect(statuses(warning.report)['image-size']).toBe('warn');
    expect(statuses((await runJson([...STATIC, FIXTURES.big])).report)['image-size']).toBe('pass');
  });
});
