import { defineRule } from './support/define.js';
import { fail, pass, skip, warn } from './support/types.js';

export const gracefulShutdown = defineRule({
  id: 'graceful-shutdown',
  title: 'Stops gracefully on SIGTERM',
  severity: 'medium',
  needs: ['runtime'],
  categories: ['reliability'],
  rationale:
    'Every deploy, scale-down and node drain sends SIGTERM and waits. A process that ignores it (a shell as PID 1, or ' +
    'an application without a handler running as PID 1) is killed after the grace period: requests are cut off and ' +
    'every rollout takes the full timeout.',
  fix:
    'Make the application PID 1 with exec form, or run it under an init that forwards signals.\n' +
    'ENTRYPOINT ["/tini", "--"]\nCMD ["/app/server"]\n# or: docker run --init IMAGE',
  check: ({ runtime }) => {
    if (!runtime.started) return skip('the container did not start (see starts-cleanly)');
    const { stop } = runtime;
    if (!stop) return skip('the container was not running when the stop began');
    const pid1 = runtime.pid1Command ? [`PID 1: ${runtime.pid1Command}`] : [];
    if (stop.graceful === false) {
      return fail(`ignored ${stop.signal}: killed after the ${stop.graceSeconds}s grace period`, pid1);
    }
    const seconds = stop.seconds ?? 0;
    // Exiting within the grace period but slowly still stretches every rollout.
    if (seconds > stop.graceSeconds / 2) return warn(`stopped ${seconds.toFixed(1)}s after ${stop.signal}`, pid1);
    return pass(`stopped ${seconds.toFixed(1)}s after ${stop.signal} (exit code ${stop.exitCode ?? '?'})`, pid1);
  },
});
