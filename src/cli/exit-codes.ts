import { constants } from 'node:os';
import { ImgauditError } from '../shared/errors.js';

export const EXIT = {
  /** Every image passes the gate. */
  OK: 0,
  /** At least one image fails the gate. */
  GATE_FAILED: 1,
  /** Bad flag, malformed reference, unknown image, unreadable input. */
  INPUT: 2,
  /** Docker engine unreachable, permission denied, timeout or daemon error. */
  ENVIRONMENT: 3,
  /** Interrupted by SIGINT (128 + 2). */
  INTERRUPTED: 130,
} as const;

/** Signals after which imgaudit removes its containers and exits: Ctrl-C, `kill`, a closed terminal or SSH session, Ctrl-\ (SIGQUIT). */
export const INTERRUPTING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** 128 + the signal's number, as a shell reports a process it ended: SIGHUP 129, SIGINT 130, SIGQUIT 131, SIGTERM 143. */
export function signalExitCode(signal: (typeof INTERRUPTING_SIGNALS)[number]): number {
  return 128 + constants.signals[signal];
}

/** The one place where errors become exit codes. Unknown errors are bugs: exit 3 with their message. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ImgauditError) return error.category === 'environment' ? EXIT.ENVIRONMENT : EXIT.INPUT;
  return EXIT.ENVIRONMENT;
}
