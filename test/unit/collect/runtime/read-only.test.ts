import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../src/collect/runtime/observe.js';
import { readOnlyVerdict, type ReadOnlyRun } from '../../../../src/collect/runtime/read-only.js';

function seen(overrides: Partial<Observation> = {}): Observation {
  return {
    running: true,
    exitCode: null,
    hostPid: 100,
    health: 'none',
    secondsToHealthy: null,
    failingStreak: 0,
    lastProbe: null,
    observedSeconds: 3,
    ...overrides,
  };
}
const twin = (observation: Observation | null, extra: Partial<ReadOnlyRun> = {}): ReadOnlyRun => ({
  startError: null,
  observation,
  logLines: [],
  lastProbeOutput: null,
  ...extra,
});
const exited = seen({ running: false, exitCode: 1, observedSeconds: 0.11 });

describe('readOnlyVerdict', () => {
  it('is compatible when the twin runs like the normal container', () => {
    expect(readOnlyVerdict(seen(), twin(seen()), false)).toEqual({
      status: 'compatible',
      evidence: ['running after 3s'],
    });
    expect(readOnlyVerdict(seen({ health: 'healthy' }), twin(seen({ health: 'healthy' })), true)).toEqual({
      status: 'compatible',
      evidence: ['running after 3s', 'health: healthy'],
    });
  });

  it('is incompatible when only the twin exits, with its exit code and last lines as evidence', () => {
    const lines = ['1', '2', '3', '4', '5', "sh: can't create /app/app.log: Read-only file system"];
    expect(readOnlyVerdict(seen(), twin(exited, { logLines: lines }), false)).toEqual({
      status: 'incompatible',
      evidence: [
        'exited with code 1 after 0.11s',
        '2',
        '3',
        '4',
        '5',
        "sh: can't create /app/app.log: Read-only file system",
      ],
    });
  });

  it('is incompatible when only the twin turns unhealthy or never turns healthy', () => {
    const healthy = seen({ health: 'healthy' });
    expect(readOnlyVerdict(healthy, twin(seen({ health: 'unhealthy' }), { lastProbeOutput: 'EROFS' }), true)).toEqual({
      status: 'incompatible',
      evidence: ['running after 3s', 'health: unhealthy', 'last probe: EROFS'],
    });
    expect(readOnlyVerdict(healthy, twin(seen({ health: 'starting' })), true).status).toBe('incompatible');
    // The normal one is still starting, but the twin already died: the read-only root is the difference.
    expect(readOnlyVerdict(seen({ health: 'starting' }), twin(exited), true).status).toBe('incompatible');
  });

  it('is incompatible when the twin cannot even start', () => {
    expect(readOnlyVerdict(seen(), twin(null, { startError: 'read-only file system' }), false)).toEqual({
      status: 'incompatible',
      evidence: ['start failed: read-only file system'],
    });
  });

  it('is unknown when the normal container did not stay up either', () => {
    expect(readOnlyVerdict(exited, twin(exited), false).status).toBe('unknown');
    expect(readOnlyVerdict(null, twin(null, { startError: 'unable to find user ghost' }), false).status).toBe(
      'unknown',
    );
    expect(readOnlyVerdict(seen({ health: 'unhealthy' }), twin(seen({ health: 'unhealthy' })), true).status).toBe(
      'unknown',
    );
    expect(readOnlyVerdict(seen({ health: 'starting' }), twin(seen({ health: 'starting' })), true).status).toBe(
      'unknown',
    );
    expect(readOnlyVerdict(exited, twin(seen()), false).status).toBe('unknown');
  });
});
