import { defineRule } from './support/define.js';
import { count } from './support/evidence.js';
import { fail, pass } from './support/types.js';

export const noWorldWritable = defineRule({
  id: 'no-world-writable',
  title: 'No world-writable files',
  severity: 'medium',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'Any user in the container can change a world-writable file or add files to a world-writable directory, so a ' +
    'compromised process running as any UID can replace a program, script or configuration that another process ' +
    '(often root) later runs or reads. Sticky directories such as /tmp are fine and are not reported.',
  fix:
    'Remove write permission for others in the step that creates the files, or copy them with explicit modes.\n' +
    'COPY --chown=10001:10001 --chmod=755 app/ /app/\n' +
    'RUN find / -xdev -perm -0002 \\( -type f -o \\( -type d ! -perm -1000 \\) \\) -exec chmod o-w {} +',
  check: ({ filesystem: { worldWritable } }) => {
    if (worldWritable.length === 0) return pass('no world-writable files or directories');
    return fail(`${count(worldWritable.length, 'world-writable path')}`, worldWritable);
  },
});
