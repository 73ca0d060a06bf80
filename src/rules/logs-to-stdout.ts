import { defineRule } from './support/define.js';
import { fail, pass, skip } from './support/types.js';

export const logsToStdout = defineRule({
  id: 'logs-to-stdout',
  title: 'Logs to stdout, not files',
  severity: 'low',
  needs: ['runtime'],
  categories: ['maintainability'],
  rationale:
    'Container platforms collect stdout and stderr; log files inside the container are lost with it, fill its writable ' +
    'layer and break a read-only root filesystem.',
  fix:
    'Configure the application to log to stdout/stderr, or link its files there.\n' +
    'RUN ln -sf /dev/stdout /var/log/app/access.log && ln -sf /dev/stderr /var/log/app/error.log',
  check: ({ runtime }) => {
    if (!runtime.started) return skip('the container did not start (see starts-cleanly)');
    if (runtime.logFiles.length > 0)
      return fail(`wrote ${runtime.logFiles.length} log file(s) inside the container`, runtime.logFiles);
    return pass(`wrote no log files during ${runtime.observedSeconds.toFixed(1)}s`);
  },
});
