import type { ToolFinding } from '../facts.js';
import { defineRule } from './support/define.js';
import { fail, pass } from './support/types.js';

const NAMES: ReadonlySet<string> = new Set(['sudo', 'doas']);

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export const noSudo = defineRule({
  id: 'no-sudo',
  title: 'No sudo',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'sudo and doas exist to turn a user into root: with a permissive sudoers entry, any code execution as the app ' +
    'user becomes root in the container, and sudo itself has a record of privilege-escalation bugs (CVE-2021-3156). ' +
    'A container never needs it: do root work in RUN steps before USER.',
  fix:
    'Do the privileged work at build time before switching user, and do not install sudo (remove it if the base has it).\n' +
    'RUN apt-get purge -y sudo && rm -rf /etc/sudoers /etc/sudoers.d\n' +
    'USER 10001:10001',
  check: ({ filesystem }) => {
    // Facts recorded before `privilegeTools` existed lack it; the setuid list still shows an installed sudo.
    const tools = (filesystem as { privilegeTools?: readonly ToolFinding[] }).privilegeTools ?? [];
    const found = new Set([
      ...tools.filter((tool) => !tool.busyboxApplet && NAMES.has(tool.name)).map((tool) => tool.path),
      ...[...filesystem.setuid, ...filesystem.setgid].filter((path) => NAMES.has(baseName(path))),
    ]);
    if (found.size === 0) return pass('no sudo or doas');
    const paths = [...found].sort();
    const names = [...new Set(paths.map(baseName))];
    return fail(`${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} installed`, paths);
  },
});
