import { describe, expect, it } from 'vitest';
import { logsToStdout } from '../../../src/rules/logs-to-stdout.js';
import { notStarted, runtimeVerdict } from '../helpers/runtime-verdict.js';

describe('logs-to-stdout', () => {
  it('fails with the log files, passes without, skips when not started', () => {
    expect(runtimeVerdict(logsToStdout, { logFiles: ['/app/app.log'] })).toMatchObject({
      status: 'fail',
      evidence: ['/app/app.log'],
    });
    expect(runtimeVerdict(logsToStdout, {}).status).toBe('pass');
    expect(runtimeVerdict(logsToStdout, notStarted).status).toBe('skip');
  });
});
