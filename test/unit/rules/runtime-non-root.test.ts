import { describe, expect, it } from 'vitest';
import { runtimeNonRoot } from '../../../src/rules/runtime-non-root.js';
import { notStarted, runtimeVerdict } from '../helpers/runtime-verdict.js';

describe('runtime-non-root', () => {
  it('passes when every process has a non-zero UID', () =>
    expect(runtimeVerdict(runtimeNonRoot, {}).status).toBe('pass'));
  it('fails when any process runs as UID 0, naming it', () => {
    const result = runtimeVerdict(runtimeNonRoot, {
      processes: [
        { pid: 1, uid: 0, command: 'nginx: master process' },
        { pid: 2, uid: 101, command: 'nginx: worker' },
      ],
      uids: [0, 101],
    });
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual(['uid 0: nginx: master process']);
  });
  it("skips when a process's UID is unknown (podman named its user), and still fails on a root one", () => {
    const named = [
      { pid: 1, uid: 10001, command: '/app/server' },
      { pid: 8, uid: -1, command: '/app/child' },
    ];
    expect(runtimeVerdict(runtimeNonRoot, { processes: named, uids: [10001] }).status).toBe('skip');
    const withRoot = [...named, { pid: 9, uid: 0, command: '/app/helper' }];
    expect(runtimeVerdict(runtimeNonRoot, { processes: withRoot, uids: [0, 10001] }).status).toBe('fail');
  });
  it('skips when no process was seen', () => expect(runtimeVerdict(runtimeNonRoot, notStarted).status).toBe('skip'));
  it('skips with the reason when the processes could not be read, never guessing from none', () => {
    const processesError = 'docker top failed (HTTP 500): ps: exec: "ps": executable file not found in $PATH';
    expect(runtimeVerdict(runtimeNonRoot, { processes: [], uids: [], pid1Command: null, processesError })).toEqual({
      status: 'skip',
      message: `its processes could not be read: ${processesError}`,
      evidence: [],
    });
  });
});
