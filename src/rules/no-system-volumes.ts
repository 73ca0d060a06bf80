import { defineRule } from './support/define.js';
import { fail, pass } from './support/types.js';

/** Host paths a container must never get a volume over: the kernel's interfaces and the Docker socket. */
const SYSTEM_PATHS = ['/proc', '/sys', '/dev'];
const DOCKER_SOCKETS = new Set(['/var/run/docker.sock', '/run/docker.sock']);

/** `/proc/`, `/sys/fs/cgroup`, `//dev` → the path without trailing or doubled slashes. */
function normalise(path: string): string {
  const squeezed = path.replace(/\/+/g, '/');
  return squeezed.length > 1 ? squeezed.replace(/\/$/, '') : squeezed;
}

function systemPath(volume: string): string | undefined {
  const path = normalise(volume);
  if (DOCKER_SOCKETS.has(path)) return 'the Docker socket';
  return SYSTEM_PATHS.find((system) => path === system || path.startsWith(`${system}/`));
}

export const noSystemVolumes = defineRule({
  id: 'no-system-volumes',
  title: 'No VOLUME on system paths',
  severity: 'high',
  needs: ['config'],
  categories: ['security', 'reliability'],
  rationale:
    'A `VOLUME` on /proc, /sys or /dev hides the kernel interfaces the container relies on behind an empty volume, ' +
    'and one on the Docker socket invites mounting the host engine there: whoever reaches that socket controls the ' +
    'host. None of these is data the image should declare.',
  fix:
    'Drop the VOLUME instruction; declare volumes only for application data.\n' +
    '# VOLUME /proc            <- remove\n' +
    'VOLUME /var/lib/app/data',
  check: ({ config: { volumes } }) => {
    const evidence = volumes.flatMap((volume) => {
      const what = systemPath(volume);
      return what === undefined ? [] : [`VOLUME ${volume}${what.startsWith('/') ? '' : ` (${what})`}`];
    });
    if (evidence.length === 0)
      return pass(
        volumes.length === 0 ? 'no VOLUME declared' : 'no VOLUME on a system path',
        volumes.map((v) => `VOLUME ${v}`),
      );
    return fail(`${evidence.length === 1 ? 'a VOLUME' : `${evidence.length} VOLUMEs`} on system paths`, evidence);
  },
});
