import { ImgauditError } from '../docker/errors.js';

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

/** The one place where errors become exit codes. Unknown errors are bugs: exit 3 with their message. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ImgauditError) return error.category === 'environment' ? EXIT.ENVIRONMENT : EXIT.INPUT;
  return EXIT.ENVIRONMENT;
}
