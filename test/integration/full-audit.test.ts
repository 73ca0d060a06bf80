import { expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, perEngine, runJson, statusesOf } from './helpers.js';

type Report = Awaited<ReturnType<typeof runJson>>['report'];
const statuses = (report: Report) => statusesOf(report);
/** Short waits keep the suite fast; the defaults are measured in the runtime tests. */
const QUICK = ['--window', '2', '--stop-timeout', '2'];

describeWithEngine('full audit: configuration, filesystem and runtime together (real engine)', () => {
  it('passes every rule for the production-style image, with all three phases in the report', async () => {
    const { code, report } = await runJson([...QUICK, FIXTURES.good]);
    assertValidReport(report);
    expect(code).toBe(0);
    const [image] = report.images;
    // Every rule passes but no-empty-password (its scratch base has no /etc/shadow: nothing to judge), supported-runtimes
    // (no language runtime in it to judge), vulnerability-scan (no scanner report given), the rules that
    // need the Dockerfile (skipped: not given) and buildkit-features, which the history alone decides: the legacy
    // builder (main engine) fails it, BuildKit's history (Docker 26) warns.
    const buildkit = perEngine({ main: 'fail', docker26: 'warn', podman: 'fail' });
    expect(image).toMatchObject({ score: perEngine({ main: 96, docker26: 98, podman: 96 }), grade: 'A', passed: true });
    expect(Object.entries(statuses(report)).filter(([, status]) => status !== 'pass')).toEqual(
      Object.entries(statuses(report)).filter(
        ([rule, status]) =>
          (rule === 'no-empty-password' && status === 'skip') ||
          (rule === 'supported-runtimes' && status === 'skip') ||
          // No scanner report given (--vuln-report): the rule says what to run.
          (rule === 'vulnerability-scan' &&
            status === 'skip' &&
            report.images[0]!.findings.find((f) => f.rule === rule)!.message.includes('--vuln-report')) ||
          (rule === 'buildkit-features' && status === buildkit) ||
          (status === 'skip' &&
            report.images[0]!.findings.find((f) => f.rule === rule)!.message.includes('--dockerfile')),
      ),
    );
    expect(image!.facts.filesystem?.fileCount).toBe(4);
    expect(image!.facts.runtime).toMatchObject({
      started: true,
      running: true,
      uids: [10001],
      health: { status: 'healthy' },
    });
    expect(
      image!.checklist.filter((row) => row.status === 'fail' && row.item !== 'BuildKit features leveraged'),
    ).toEqual([]);
  });

  it('fails the root shell-form image at run time too: UID 0, killed on SIGTERM', async () => {
    const { code, report } = await runJson([...QUICK, FIXTURES.bad]);
    assertValidReport(report);
    expect(code).toBe(1);
    expect(statuses(report)).toMatchObject({
      'starts-cleanly': 'pass',
      'runtime-non-root': 'fail',
      'graceful-shutdown': 'fail',
      'healthcheck-passes': 'skip',
      'logs-to-stdout': 'pass',
    });
    const graceful = report.images[0]!.findings.find((finding) => finding.rule === 'graceful-shutdown')!;
    expect(graceful.evidence[0]).toMatch(/^PID 1: /);
  });

  it('reports an image that exits at once, with its last words', async () => {
    const { report } = await runJson([...QUICK, FIXTURES.runtimeExits]);
    const starts = report.images[0]!.findings.find((finding) => finding.rule === 'starts-cleanly')!;
    expect(starts).toMatchObject({ status: 'fail', message: expect.stringContaining('exited with code 3') });
    expect(starts.evidence).toContain('config missing: DATABASE_URL');
  });

  it('sees the missing USER twice: statically in /etc/passwd and when the daemon refuses to start it', async () => {
    const { report } = await runJson([...QUICK, FIXTURES.missingUser]);
    expect(statuses(report)).toMatchObject({ 'user-exists': 'fail', 'starts-cleanly': 'fail' });
    expect(report.images[0]!.facts.runtime!.startError).toContain('unable to find user ghost');
  });

  it('fails an image that fills its own filesystem and floods stdout: bounded-writes', async () => {
    const { code, report } = await runJson([...QUICK, '--no-fs', FIXTURES.runtimeFlood]);
    assertValidReport(report);
    expect(code).toBe(0); // a medium finding: the default gate fails on high and worse only
    const finding = report.images[0]!.findings.find((candidate) => candidate.rule === 'bounded-writes')!;
    expect(finding).toMatchObject({
      status: 'fail',
      severity: 'medium',
      message: expect.stringMatching(
        /^wrote 125\.8 MB to its writable layer in 2\.\ds, above the 100\.0 MB limit; flooded its log: more than 1\.0 MB of output in 2\.\ds$/,
      ),
    });
    expect(finding.evidence).toEqual([
      'writable layer: 125.8 MB',
      expect.stringMatching(
        /^log kept by the engine: (1\.\d|2\.0) MB of 2 × 1\.0 MB, cap reached: older output dropped$/,
      ),
    ]);
  });

  it('fails an image that logs to a file: logs-to-stdout and readonly-rootfs', async () => {
    const { report } = await runJson([...QUICK, FIXTURES.runtimeLogfile]);
    expect(statuses(report)).toMatchObject({
      'logs-to-stdout': 'fail',
      'readonly-rootfs': 'fail',
      'starts-cleanly': 'pass',
    });
    const row = report.images[0]!.checklist.find((entry) => entry.item === 'Logs to stdout only')!;
    expect(row.status).toBe('fail');
  });
});
