import { defineRule } from './support/define.js';
import { count } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noSetuidBinaries = defineRule({
  id: 'no-setuid-binaries',
  title: 'No setuid or setgid binaries',
  severity: 'medium',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    "A setuid or setgid program runs with its owner's privileges (usually root's) whoever starts it, so one bug in " +
    'it turns code execution as the app user into privilege escalation to root. `--security-opt no-new-privileges` ' +
    '(Kubernetes `allowPrivilegeEscalation: false`) only mitigates this at run time, where the image cannot enforce it; ' +
    'removing the bits removes the risk.',
  fix:
    'Strip the setuid and setgid bits in the final stage, or use a distroless base, which ships none.\n' +
    'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +',
  check: ({ filesystem: { setuid, setgid } }) => {
    if (setuid.length === 0 && setgid.length === 0) return pass('no setuid or setgid files');
    const parts = [
      ...(setuid.length > 0 ? [`${count(setuid.length, 'setuid file')}`] : []),
      ...(setgid.length > 0 ? [`${count(setgid.length, 'setgid file')}`] : []),
    ];
    return fail(parts.join(' and '), [
      ...setuid.map((path) => `setuid ${path}`),
      ...setgid.map((path) => `setgid ${path}`),
    ]);
  },
});
