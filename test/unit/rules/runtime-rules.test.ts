import { describe, expect, it } from 'vitest';
import { gracefulShutdown } from '../../../src/rules/graceful-shutdown.js';
import { healthcheckPasses } from '../../../src/rules/healthcheck-passes.js';
import { logsToStdout } from '../../../src/rules/logs-to-stdout.js';
import { readonlyRootfs } from '../../../src/rules/readonly-rootfs.js';
import { runtimeNonRoot } from '../../../src/rules/runtime-non-root.js';
import { startsCleanly } from '../../../src/rules/starts-cleanly.js';
import { DEFAULT_RULE_OPTIONS, type Rule } from '../../../src/rules/support/types.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';
import { makeRuntime } from '../helpers/runtime.js';
import type { RuntimeFacts } from '../../../src/facts.js';
import { NOTHING_TO_RUN } from '../../../src/collect/runtime/index.js';

const verdict = (rule: Rule, runtime: Partial<RuntimeFacts> | null, extra: Parameters<typeof makeFacts>[0] = {}) =>
  rule.check({ ...makeFacts(extra), ...(runtime ? { runtime: makeRuntime(runtime) } : {}) }, DEFAULT_RULE_OPTIONS);

const notStarted = { started: false, startError: 'unable to find user ghost: no matching entries in passwd file', running: false, processes: [], uids: [], pid1Command: null, stop: null };

describe('runtime rules skip without the runtime phase', () => {
  it.each([startsCleanly, runtimeNonRoot, readonlyRootfs, gracefulShutdown, logsToStdout])('$id', (rule) => {
    expect(verdict(rule, null).status).toBe('skip');
  });
});

/** What the runtime phase records for an image with neither ENTRYPOINT nor CMD: no container was created. */
const nothingToRun = { ...notStarted, startError: NOTHING_TO_RUN, readOnlyRootfs: { status: 'unknown' as const, evidence: [`start failed: ${NOTHING_TO_RUN}`] } };

describe('an image that did not start', () => {
  it('fails starts-cleanly with the reason when there is nothing to run', () => {
    expect(verdict(startsCleanly, nothingToRun)).toEqual({
      status: 'fail',
      message: `the container did not start: ${NOTHING_TO_RUN}`,
      evidence: [NOTHING_TO_RUN],
    });
  });
  it.each([runtimeNonRoot, readonlyRootfs, gracefulShutdown, logsToStdout, healthcheckPasses])('$id skips, saying it did not start', (rule) => {
    expect(verdict(rule, nothingToRun)).toEqual({ status: 'skip', message: 'the container did not start (see starts-cleanly)', evidence: [] });
  });
});

describe('starts-cleanly', () => {
  it('passes a container still running after the window', () => expect(verdict(startsCleanly, {}).status).toBe('pass'));
  it('fails a start the daemon refused, with its message', () => {
    const result = verdict(startsCleanly, notStarted);
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual([notStarted.startError]);
  });
  it('fails a non-zero exit with the last log lines', () => {
    const result = verdict(startsCleanly, { running: false, exitCode: 3, lastLogLines: ['config missing: DATABASE_URL'] });
    expect(result).toMatchObject({ status: 'fail', evidence: ['config missing: DATABASE_URL'] });
  });
  it('warns on exit code 0 (a job, not a service)', () => {
    expect(verdict(startsCleanly, { running: false, exitCode: 0 }).status).toBe('warn');
  });
});

describe('runtime-non-root', () => {
  it('passes when every process has a non-zero UID', () => expect(verdict(runtimeNonRoot, {}).status).toBe('pass'));
  it('fails when any process runs as UID 0, naming it', () => {
    const result = verdict(runtimeNonRoot, { processes: [{ pid: 1, uid: 0, command: 'nginx: master process' }, { pid: 2, uid: 101, command: 'nginx: worker' }], uids: [0, 101] });
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual(['uid 0: nginx: master process']);
  });
  it('skips when no process was seen', () => expect(verdict(runtimeNonRoot, notStarted).status).toBe('skip'));
  it('skips with the reason when the processes could not be read, never guessing from none', () => {
    const processesError = 'docker top failed (HTTP 500): ps: exec: "ps": executable file not found in $PATH';
    expect(verdict(runtimeNonRoot, { processes: [], uids: [], pid1Command: null, processesError })).toEqual({
      status: 'skip',
      message: `its processes could not be read: ${processesError}`,
      evidence: [],
    });
  });
});

describe('healthcheck-passes', () => {
  const withCheck = (test: string[]) => ({ config: { healthcheck: { ...makeFacts().config.healthcheck, test } } });

  it('skips when the image has no HEALTHCHECK', () => {
    const config = { healthcheck: { defined: false, disabled: false, test: null, intervalSeconds: null, timeoutSeconds: null, startPeriodSeconds: null, retries: null } };
    expect(verdict(healthcheckPasses, {}, { config }).status).toBe('skip');
  });
  it('passes healthy, fails unhealthy and never-healthy with the probe output', () => {
    expect(verdict(healthcheckPasses, {}).status).toBe('pass');
    const unhealthy = verdict(healthcheckPasses, { health: { status: 'unhealthy', secondsToHealthy: null, lastProbeOutput: 'connection refused', failingStreak: 3 } });
    expect(unhealthy).toMatchObject({ status: 'fail', evidence: ['last probe: connection refused'] });
    expect(verdict(healthcheckPasses, { health: { status: 'starting', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 } }).status).toBe('fail');
  });
  it('warns statically when the probe program is not in the image, and fails with it as evidence once run', () => {
    const filesystem = makeFilesystem({ healthcheckTools: [{ name: 'curl', path: null }] });
    const check = withCheck(['CMD', 'curl', '-f', 'http://localhost/']);
    expect(verdict(healthcheckPasses, null, { ...check, filesystem })).toMatchObject({ status: 'warn', evidence: ['missing from the image: curl'] });
    const unhealthy = { health: { status: 'unhealthy' as const, secondsToHealthy: null, lastProbeOutput: 'exec: "curl": executable file not found', failingStreak: 3 } };
    expect(verdict(healthcheckPasses, unhealthy, { ...check, filesystem })).toMatchObject({
      status: 'fail',
      evidence: ['missing from the image: curl', 'last probe: exec: "curl": executable file not found'],
    });
  });
  it('skips without runtime when the probe program is present', () => {
    const filesystem = makeFilesystem({ healthcheckTools: [{ name: '/app/server', path: '/app/server' }] });
    expect(verdict(healthcheckPasses, null, { filesystem }).status).toBe('skip');
  });
});

describe('readonly-rootfs', () => {
  it('maps compatible / incompatible / unknown to pass / fail / skip', () => {
    expect(verdict(readonlyRootfs, {}).status).toBe('pass');
    const incompatible = verdict(readonlyRootfs, { readOnlyRootfs: { status: 'incompatible', evidence: ["can't create /app/app.log: Read-only file system"] } });
    expect(incompatible).toMatchObject({ status: 'fail', evidence: ["can't create /app/app.log: Read-only file system"] });
    expect(verdict(readonlyRootfs, { readOnlyRootfs: { status: 'unknown', evidence: [] } }).status).toBe('skip');
  });
});

describe('graceful-shutdown', () => {
  it('passes a quick exit, warns a slow one, fails a kill naming PID 1', () => {
    expect(verdict(gracefulShutdown, {}).status).toBe('pass');
    expect(verdict(gracefulShutdown, { stop: { signal: 'SIGTERM', graceSeconds: 10, seconds: 6, exitCode: 0, graceful: true } }).status).toBe('warn');
    const killed = verdict(gracefulShutdown, { pid1Command: '/bin/sh -c sleep 3600', stop: { signal: 'SIGTERM', graceSeconds: 10, seconds: 10, exitCode: 137, graceful: false } });
    expect(killed).toMatchObject({ status: 'fail', evidence: ['PID 1: /bin/sh -c sleep 3600'] });
  });
  it('skips when there was nothing to stop', () => expect(verdict(gracefulShutdown, { stop: null }).status).toBe('skip'));
});

describe('logs-to-stdout', () => {
  it('fails with the log files, passes without, skips when not started', () => {
    expect(verdict(logsToStdout, { logFiles: ['/app/app.log'] })).toMatchObject({ status: 'fail', evidence: ['/app/app.log'] });
    expect(verdict(logsToStdout, {}).status).toBe('pass');
    expect(verdict(logsToStdout, notStarted).status).toBe('skip');
  });
});
