import { describe, expect, it } from 'vitest';
import { EXIT, INTERRUPTING_SIGNALS, signalExitCode } from '../../../src/cli/exit-codes.js';

describe('signalExitCode', () => {
  it('is 128 + the signal number for every signal imgaudit cleans up after', () => {
    expect(Object.fromEntries(INTERRUPTING_SIGNALS.map((signal) => [signal, signalExitCode(signal)]))).toEqual({
      SIGINT: 130,
      SIGTERM: 143,
      SIGHUP: 129,
      SIGQUIT: 131,
    });
    expect(signalExitCode('SIGINT')).toBe(EXIT.INTERRUPTED);
  });
});
