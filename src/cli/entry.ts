import { EXIT } from './exit-codes.js';
import { run } from './main.js';

// A closed pipe (`imgaudit … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
  throw error;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`imgaudit: interrupted by ${signal}\n`);
    process.exit(signal === 'SIGINT' ? EXIT.INTERRUPTED : 128 + 15);
  });
}

process.exitCode = await run(process.argv);
