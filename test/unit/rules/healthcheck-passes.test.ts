import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { healthcheckPasses } from '../../../src/rules/healthcheck-passes.js';
import type { HealthFacts } from '../../../src/facts.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';
import { makeRuntime } from '../helpers/runtime.js';
import { runtimeVerdict } from '../helpers/runtime-verdict.js';

describe('healthcheck-passes', () => {
  const withCheck = (test: string[]) => ({ config: { healthcheck: { ...makeFacts().config.healthcheck, test } } });

  it('skips when the image has no HEALTHCHECK', () => {
    const config = {
      healthcheck: {
        defined: false,
        disabled: false,
        test: null,
        intervalSeconds: null,
        timeoutSeconds: null,
        startPeriodSeconds: null,
        retries: null,
      },
    };
    expect(runtimeVerdict(healthcheckPasses, {}, { config }).status).toBe('skip');
  });
  it('skips without the runtime phase, with the reason it was skipped when there is one', () => {
    const facts = makeFacts({ filesystem: makeFilesystem() });
    expect(judgeRule(healthcheckPasses, facts)).toMatchObject({ status: 'skip', message: 'needs the runtime checks' });
    const reason = 'the image came from --input: nothing runs without an engine';
    expect(judgeRule(healthcheckPasses, { ...facts, skipped: { runtime: reason } })).toMatchObject({
      status: 'skip',
      message: `needs the runtime checks: ${reason}`,
    });
  });
  it('passes healthy, fails unhealthy and never-healthy with the probe output', () => {
    expect(runtimeVerdict(healthcheckPasses, {}).status).toBe('pass');
    const unhealthy = runtimeVerdict(healthcheckPasses, {
      health: { status: 'unhealthy', secondsToHealthy: null, lastProbeOutput: 'connection refused', failingStreak: 3 },
    });
    expect(unhealthy).toMatchObject({ status: 'fail', evidence: ['last probe: connection refused'] });
    expect(
      runtimeVerdict(healthcheckPasses, {
        health: { status: 'starting', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 },
      }).status,
    ).toBe('fail');
  });
  it('warns statically when the probe program is not in the image, and fails with it as evidence once run', () => {
    const filesystem = makeFilesystem({ healthcheckTools: [{ name: 'curl', path: null }] });
    const check = withCheck(['CMD', 'curl', '-f', 'http://localhost/']);
    expect(runtimeVerdict(healthcheckPasses, null, { ...check, filesystem })).toMatchObject({
      status: 'warn',
      evidence: ['missing from the image: curl'],
    });
    const unhealthy = {
      health: {
        status: 'unhealthy' as const,
        secondsToHealthy: null,
        lastProbeOutput: 'exec: "curl": executable file not found',
        failingStreak: 3,
      },
    };
    expect(runtimeVerdict(healthcheckPasses, unhealthy, { ...check, filesystem })).toMatchObject({
      status: 'fail',
      evidence: ['missing from the image: curl', 'last probe: exec: "curl": executable file not found'],
    });
  });
  it('skips on podman when no probe reported (its probes need systemd timers), and judges one that did', () => {
    const podman = { engine: { kind: 'podman', version: '4.3.1' } } as const;
    const onPodman = (health: HealthFacts) =>
      judgeRule(healthcheckPasses, {
        ...makeFacts(),
        ...podman,
        runtime: makeRuntime({ health, observedSeconds: 23 }),
      });
    const noProbe = { status: 'starting', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 } as const;
    const skipped = onPodman(noProbe);
    expect(skipped.status).toBe('skip');
    expect(skipped.message).toMatch(/^podman reported no probe result within 23\.0s: .*systemd timers/);
    expect(onPodman({ ...noProbe, lastProbeOutput: 'connection refused' }).status).toBe('fail');
    expect(onPodman({ ...noProbe, status: 'unhealthy', failingStreak: 3 }).status).toBe('fail');
    expect(onPodman({ ...noProbe, status: 'healthy', secondsToHealthy: 4 }).status).toBe('pass');
  });
  it('skips without runtime when the probe program is present', () => {
    const filesystem = makeFilesystem({ healthcheckTools: [{ name: '/app/server', path: '/app/server' }] });
    expect(runtimeVerdict(healthcheckPasses, null, { filesystem }).status).toBe('skip');
  });
});
