import { describe, expect, it } from 'vitest';
import { gracefulShutdown } from '../../../src/rules/graceful-shutdown.js';
import { runtimeVerdict } from '../helpers/runtime-verdict.js';

describe('graceful-shutdown', () => {
  it('passes a quick exit, warns a slow one, fails a kill naming PID 1', () => {
    expect(runtimeVerdict(gracefulShutdown, {}).status).toBe('pass');
    expect(
      runtimeVerdict(gracefulShutdown, {
        stop: { signal: 'SIGTERM', graceSeconds: 10, seconds: 6, exitCode: 0, graceful: true },
      }).status,
    ).toBe('warn');
    const killed = runtimeVerdict(gracefulShutdown, {
      pid1Command: '/bin/sh -c sleep 3600',
      stop: { signal: 'SIGTERM', graceSeconds: 10, seconds: 10, exitCode: 137, graceful: false },
    });
    expect(killed).toMatchObject({ status: 'fail', evidence: ['PID 1: /bin/sh -c sleep 3600'] });
  });
  it('skips when there was nothing to stop', () =>
    expect(runtimeVerdict(gracefulShutdown, { stop: null }).status).toBe('skip'));
});
