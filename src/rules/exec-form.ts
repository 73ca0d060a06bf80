import { defineRule } from './support/define.js';
import { truncate } from '../shared/text.js';
import { fail, pass, warn } from './support/types.js';

export const execForm = defineRule({
  id: 'exec-form',
  title: 'ENTRYPOINT/CMD in exec form',
  severity: 'medium',
  needs: ['config'],
  categories: ['reliability'],
  rationale:
    'In shell form the container runs /bin/sh -c as PID 1, which does not forward SIGTERM to the application: ' +
    '`docker stop` waits out its timeout and then kills the process without a graceful shutdown. ' +
    'Exec form makes the application (or an init such as tini) PID 1.',
  fix:
    'Write ENTRYPOINT and CMD as JSON arrays; use an init if the process does not reap children.\n' +
    'ENTRYPOINT ["/tini", "--"]\nCMD ["/app/server"]',
  check: ({ config }) => {
    const entrypoint = config.entrypoint?.length ? config.entrypoint : null;
    const cmd = config.cmd?.length ? config.cmd : null;
    if (!entrypoint && !cmd) return warn('neither ENTRYPOINT nor CMD is set');
    // CMD is appended to ENTRYPOINT, so PID 1's command line is both together.
    const evidence = [truncate(JSON.stringify([...(entrypoint ?? []), ...(cmd ?? [])]))];
    if (entrypoint ? config.entrypointShellForm : config.cmdShellForm) {
      return fail(`PID 1 is a shell: ${entrypoint ? 'ENTRYPOINT' : 'CMD'} is in shell form`, evidence);
    }
    if (entrypoint && config.cmdShellForm)
      return warn('ENTRYPOINT is exec form but CMD is shell form: its arguments are wrapped in /bin/sh -c', evidence);
    return pass(`${entrypoint ? 'ENTRYPOINT' : 'CMD'} is in exec form`, evidence);
  },
});
