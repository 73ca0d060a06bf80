import { defineRule } from './support/define.js';
import { count } from './support/evidence.js';
import { fail, pass, warn } from './support/types.js';

export const uniqueIds = defineRule({
  id: 'unique-ids',
  title: 'Unique user and group IDs',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'The kernel knows users and groups by number only. A second account with UID 0 is root under another name: ' +
    'whoever runs as it, or logs in as it, owns the container while the name suggests otherwise. Other shared UIDs ' +
    'and GIDs make file ownership and audit logs ambiguous.',
  fix:
    'Give every account and group its own ID, and remove any account besides root with UID 0.\n' +
    'RUN userdel toor\n' +
    'RUN useradd -r -u 10001 app  # a free UID, never 0',
  check: ({ filesystem: { duplicateIds } }) => {
    if (duplicateIds.length === 0) return pass('every UID in /etc/passwd and GID in /etc/group is unique');
    const evidence = duplicateIds.map(
      ({ kind, id, names }) =>
        `${kind.toUpperCase()} ${id} (${kind === 'uid' ? '/etc/passwd' : '/etc/group'}): ${names.join(', ')}`,
    );
    const secondRoot = duplicateIds.find(({ kind, id }) => kind === 'uid' && id === 0);
    if (secondRoot)
      return fail(
        `UID 0 (root) is shared by ${count(secondRoot.names.length, 'account')}: ${secondRoot.names.join(', ')}`,
        evidence,
      );
    return warn(`${count(duplicateIds.length, 'ID')} shared by more than one name`, evidence);
  },
});
