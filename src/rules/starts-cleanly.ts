import { defineRule } from './support/define.js';
import { fail, pass, warn } from './support/types.js';

export const startsCleanly = defineRule({
  id: 'starts-cleanly',
  title: 'Starts and stays up',
  severity: 'high',
  needs: ['runtime'],
  categories: ['reliability'],
  rationale:
    'An image that cannot start, or exits within seconds, fails its first deployment: the orchestrator restarts it ' +
    'in a loop and the rollout stalls. Catching it after the build is minutes cheaper than catching it in the cluster.',
  fix:
    'Run it as the audit did and read the logs: docker run --rm --network none IMAGE\n' +
    'Pass required configuration with --env/--env-file; make sure USER exists and the ENTRYPOINT is in the image.',
  check: ({ runtime }) => {
    if (!runtime.started)
      return fail(
        `the container did not start: ${runtime.startError ?? 'unknown error'}`,
        runtime.startError ? [runtime.startError] : [],
      );
    if (runtime.running) return pass(`started and still running after ${runtime.observedSeconds.toFixed(1)}s`);
    const evidence = runtime.lastLogLines.slice(-10);
    if (runtime.exitCode === 0) {
      return warn(
        `exited with code 0 within ${runtime.observedSeconds.toFixed(1)}s: fine for a job, not for a service`,
        evidence,
      );
    }
    return fail(`exited with code ${runtime.exitCode ?? '?'} within ${runtime.observedSeconds.toFixed(1)}s`, evidence);
  },
});
