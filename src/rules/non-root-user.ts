import { defineRule } from './support/define.js';
import { fail, pass } from './support/types.js';

export const nonRootUser = defineRule({
  id: 'non-root-user',
  title: 'Runs as a non-root user',
  severity: 'high',
  needs: ['config'],
  categories: ['security'],
  rationale:
    'A process running as root inside the container is root on the host once it escapes the container runtime, ' +
    'and it can rewrite anything in the image filesystem. Running as an unprivileged UID limits what a compromised ' +
    'process can do and lets Kubernetes enforce runAsNonRoot.',
  fix: 'Create an unprivileged user and switch to it by numeric UID:GID.\nRUN useradd -r -u 10001 app\nUSER 10001:10001',
  check: ({ config }) => {
    const user = config.user.trim();
    const name = user.split(':', 1)[0] ?? '';
    const evidence = [user === '' ? '(USER not set)' : `USER ${user}`];
    if (user === '') return fail('runs as root: no USER is set', evidence);
    // An empty user part (`:1000`) also means UID 0.
    if (name === '' || name === 'root' || (/^\d+$/.test(name) && Number(name) === 0))
      return fail(`runs as root (USER ${user})`, evidence);
    if (/^\d+$/.test(name)) return pass(`runs as numeric UID ${name}`, evidence);
    return pass(
      `runs as named user ${name}: Kubernetes runAsNonRoot cannot verify a named user, and the name ` +
        `must exist in /etc/passwd`,
      evidence,
    );
  },
});
