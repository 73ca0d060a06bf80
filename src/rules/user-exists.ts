import { defineRule } from './support/define.js';
import { fail, pass } from './support/types.js';

export const userExists = defineRule({
  id: 'user-exists',
  title: 'USER exists in the image',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['reliability'],
  rationale:
    "A named USER (or group) must exist in the image's /etc/passwd (or /etc/group), or the container does not start " +
    'at all: `unable to find user app`. It happens when the user is created in a build stage and the final stage ' +
    'is distroless or scratch.',
  fix:
    'Use a numeric UID:GID, which needs no passwd entry, or create the user in the final stage.\n' +
    'USER 10001:10001\n' +
    '# or, in the final stage: RUN useradd -r -u 10001 app (Alpine: adduser -S -D -u 10001 app)',
  check: ({ filesystem: { userResolution } }) => {
    const { user, resolves, uid, reason } = userResolution;
    const written = user === '' ? '(USER not set)' : `USER ${user}`;
    if (!resolves) return fail(reason, [written]);
    return pass(uid === null ? 'USER resolves' : `USER resolves to UID ${uid}`, [written, reason]);
  },
});
