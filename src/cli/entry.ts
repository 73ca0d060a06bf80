import { runCleanups } from '../cleanup.js';
import { EXIT } from './exit-codes.js';
import { run } from './main.js';

// A closed pipe (`imgaudit … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
  throw error;
});
// Containers imgaudit started are removed before it exits, whatever phase the signal lands in.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`imgaudit: interrupted by ${signal}, cleaning up\n`);
    void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? EXIT.INTERRUPTED : 128 + 15));
  });
}

process.exitCode = await run(process.argv);
