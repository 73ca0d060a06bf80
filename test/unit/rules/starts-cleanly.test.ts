import { describe, expect, it } from 'vitest';
import { startsCleanly } from '../../../src/rules/starts-cleanly.js';
import { notStarted, runtimeVerdict } from '../helpers/runtime-verdict.js';

describe('starts-cleanly', () => {
  it('passes a container still running after the window', () =>
    expect(runtimeVerdict(startsCleanly, {}).status).toBe('pass'));
  it('fails a start the daemon refused, with its message', () => {
    const result = runtimeVerdict(startsCleanly, notStarted);
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual([notStarted.startError]);
  });
  it('fails a non-zero exit with the last log lines', () => {
    const result = runtimeVerdict(startsCleanly, {
      running: false,
      exitCode: 3,
      lastLogLines: ['config missing: DATABASE_URL'],
    });
    expect(result).toMatchObject({ status: 'fail', evidence: ['config missing: DATABASE_URL'] });
  });
  it('warns on exit code 0 (a job, not a service)', () => {
    expect(runtimeVerdict(startsCleanly, { running: false, exitCode: 0 }).status).toBe('warn');
  });
});
