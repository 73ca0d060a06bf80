import type { RuntimeFacts } from '../../../src/facts.js';

/** A healthy, non-root, well-behaved run; override what a test is about. */
export function makeRuntime(overrides: Partial<RuntimeFacts> = {}): RuntimeFacts {
  return {
    started: true,
    startError: null,
    running: true,
    observedSeconds: 3,
    exitCode: null,
    lastLogLines: [],
    processes: [
      { pid: 4101, uid: 10001, command: '/sbin/tini -- /app/server' },
      { pid: 4120, uid: 10001, command: '/app/server' },
    ],
    processesError: null,
    uids: [10001],
    pid1Command: '/sbin/tini -- /app/server',
    health: { status: 'healthy', secondsToHealthy: 2.1, lastProbeOutput: null, failingStreak: 0 },
    readOnlyRootfs: { status: 'compatible', evidence: ['running after 3.0s', 'health: healthy'] },
    stop: { signal: 'SIGTERM', graceSeconds: 10, seconds: 0.05, exitCode: 143, graceful: true },
    logFiles: [],
    writes: { writableLayerBytes: 40_960, logBytes: 2_140, logCapReached: false },
    ...overrides,
  };
}
