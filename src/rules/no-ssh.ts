import { defineRule } from './support/define.js';
import { realTools } from './support/evidence.js';
import { fail, pass, skip } from './support/types.js';

const SSH_PORTS = new Set(['22', '22/tcp']);

export const noSsh = defineRule({
  id: 'no-ssh',
  title: 'No SSH server',
  severity: 'medium',
  needs: ['config'],
  categories: ['security'],
  rationale:
    'A container is entered with `docker exec` (or `kubectl exec`), which the engine authenticates and logs. An SSH ' +
    'server in the image is one more daemon with keys and accounts to manage, a way in that bypasses the ' +
    "orchestrator's access control, and a process the container's single entrypoint does not supervise.",
  fix:
    'Remove the SSH server and the EXPOSE 22; use docker exec or kubectl exec to get a shell.\n' +
    '# EXPOSE 22                                <- remove\n' +
    '# RUN apt-get install -y openssh-server    <- remove\n' +
    'EXPOSE 8080',
  check: ({ config, filesystem }) => {
    const exposed = config.exposedPorts.filter((port) => SSH_PORTS.has(port)).map((port) => `EXPOSE ${port}`);
    const daemons = filesystem ? realTools(filesystem.sshDaemons).map(({ path }) => path) : [];
    const evidence = [...exposed, ...daemons];
    if (evidence.length > 0) {
      const what = [exposed.length > 0 ? 'exposes port 22' : '', daemons.length > 0 ? 'ships an SSH daemon' : '']
        .filter(Boolean)
        .join(' and ');
      return fail(`the image ${what}`, evidence);
    }
    if (!filesystem) return skip('port 22 is not exposed; looking for an SSH daemon needs the filesystem scan');
    return pass('no SSH port exposed and no SSH daemon');
  },
});
