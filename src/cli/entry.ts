import { runCleanups } from '../shared/cleanup.js';
import { EXIT, INTERRUPTING_SIGNALS, signalExitCode } from './exit-codes.js';
import { run } from './main.js';
import { loudUnlessSettled } from './unsettled.js';

// A closed pipe (`imgaudit … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
  throw error;
});
// After a hangup writes to the terminal fail (EIO): there is nobody left to tell, and a crash would skip the cleanup.
process.stderr.on('error', () => undefined);
// Containers imgaudit started are removed before it exits, whatever phase the signal lands in.
for (const signal of INTERRUPTING_SIGNALS) {
  process.once(signal, () => {
    process.stderr.write(`imgaudit: interrupted by ${signal}, cleaning up\n`);
    void runCleanups().finally(() => process.exit(signalExitCode(signal)));
  });
}

process.exitCode = await loudUnlessSettled(run(process.argv));
