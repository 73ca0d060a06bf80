import { defineRule } from './support/define.js';
import { truncate } from '../shared/text.js';
import { fail, pass, skip } from './support/types.js';

export const runtimeNonRoot = defineRule({
  id: 'runtime-non-root',
  title: 'Processes run as non-root',
  severity: 'high',
  needs: ['runtime'],
  categories: ['security'],
  rationale:
    'USER in the image is a promise; the UID of the running processes is the fact. Entrypoint scripts that start as ' +
    'root, or a missing USER, leave the application running as UID 0, root on the host if it escapes.',
  fix: 'Set a numeric USER and keep it through the entrypoint (no `su-exec`/`gosu` back to root).\nUSER 10001:10001',
  check: ({ runtime }) => {
    if (!runtime.started) return skip('the container did not start (see starts-cleanly)');
    if (runtime.processesError !== null) return skip(`its processes could not be read: ${runtime.processesError}`);
    if (runtime.processes.length === 0) return skip('no running processes were seen (the container did not stay up)');
    const root = runtime.processes.filter((process) => process.uid === 0);
    if (root.length > 0) {
      return fail(
        `${root.length} of ${runtime.processes.length} processes run as UID 0`,
        root.map((process) => truncate(`uid 0: ${process.command}`)),
      );
    }
    // podman's top names users: a name other than root leaves the uid unknown, which is no pass.
    const unknown = runtime.processes.filter((process) => process.uid < 0);
    if (unknown.length > 0)
      return skip(
        `the UID of ${unknown.length} of ${runtime.processes.length} processes is unknown (the engine named users)`,
      );
    return pass(`every process runs as UID ${runtime.uids.join(', ')}`);
  },
});
