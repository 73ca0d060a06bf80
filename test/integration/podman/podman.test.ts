import { expect, it } from 'vitest';
import { PODMAN_OCI_NOTE } from '../../../src/rules/healthcheck-defined.js';
import { assertValidReport } from '../../helpers/schema.js';
import { describeWithEngine, FIXTURES, runJson, statusesOf } from '../helpers.js';

/** What imgaudit says about podman itself (scripts/build-fixtures-podman.sh; the project runs on podman only). */
describeWithEngine('podman as the engine', () => {
  it('names the engine, and reads the HEALTHCHECK of a Docker-format image that its compatible inspect leaves out', async () => {
    const { report } = await runJson(['--no-run', '--no-fs', FIXTURES.good]);
    assertValidReport(report);
    const facts = report.images[0]!.facts;
    expect(facts.engine).toEqual({ kind: 'podman', version: '4.3.1' });
    expect(facts.healthcheck).toMatchObject({
      defined: true,
      test: ['CMD', '/bin/busybox', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/health'],
    });
    expect(statusesOf(report)['healthcheck-defined']).toBe('pass');
  });

  it('explains the HEALTHCHECK that podman build dropped (OCI format) and how to keep it', async () => {
    // The good image's Dockerfile, built by podman build: the same HEALTHCHECK line, gone from the image.
    const { report } = await runJson(['--no-run', '--no-fs', FIXTURES.podmanOci]);
    const image = report.images[0]!;
    expect(image.facts.healthcheck.defined).toBe(false);
    expect(image.facts.labels['org.opencontainers.image.title']).toBe('imgaudit good fixture');
    expect(image.findings.find((finding) => finding.rule === 'healthcheck-defined')).toMatchObject({
      status: 'fail',
      message: 'no HEALTHCHECK is defined',
      evidence: [PODMAN_OCI_NOTE],
    });
  });

  it('runs the good image, and says that no probe reported instead of failing its health', async () => {
    const { report } = await runJson(['--no-fs', '--window', '2', '--health-timeout', '1', FIXTURES.good]);
    assertValidReport(report);
    const image = report.images[0]!;
    expect(statusesOf(report)).toMatchObject({
      'starts-cleanly': 'pass',
      'runtime-non-root': 'pass',
      'readonly-rootfs': 'pass',
      'graceful-shutdown': 'pass',
      'healthcheck-passes': 'skip',
    });
    expect(image.findings.find((finding) => finding.rule === 'healthcheck-passes')!.message).toMatch(
      /^podman reported no probe result within 3\.\d+s: it runs HEALTHCHECK probes from systemd timers/,
    );
    expect(image.facts.runtime!.uids).toEqual([10001]);
  });
});
