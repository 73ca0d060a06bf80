import { EXIT } from './exit-codes.js';

export const UNSETTLED_MESSAGE =
  'imgaudit: internal error: the run stopped with work still pending and nothing left to wait for (a bug: please report it)\n';

/**
 * The run's exit code, said aloud when the run can never finish. Node ends a process whose event loop empties while a
 * top-level await is pending with exit code 13 and not a word: a promise nobody can settle any more (a stream left
 * paused, a callback never called). Then this writes one line on stderr and exits 3, as for any other bug.
 */
export async function loudUnlessSettled(run: Promise<number>): Promise<number> {
  let settled = false;
  const onEmptyLoop = () => {
    if (settled) return;
    // The write itself gives the loop one more turn; it is said once.
    settled = true;
    process.stderr.write(UNSETTLED_MESSAGE);
    process.exitCode = EXIT.ENVIRONMENT;
  };
  process.on('beforeExit', onEmptyLoop);
  try {
    return await run;
  } finally {
    settled = true;
    process.off('beforeExit', onEmptyLoop);
  }
}
