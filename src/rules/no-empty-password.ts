import { defineRule } from './support/define.js';
import { count } from './support/evidence.js';
import { fail, pass, skip } from './support/types.js';

export const noEmptyPassword = defineRule({
  id: 'no-empty-password',
  title: 'No account without a password',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['security'],
  rationale:
    'An account whose password field is empty logs in without a password: `su` to it, or a login service left in ' +
    'the image, needs nothing more than its name. Accounts a container needs are system accounts with a locked ' +
    'password (`!` or `*`).',
  fix:
    'Lock the password of every account that has none (or delete the account).\n' +
    'RUN passwd -l guest\n' +
    '# Alpine (BusyBox): RUN passwd -l guest; or create accounts locked: adduser -D -S app',
  check: ({ filesystem: { shadow } }) => {
    if (shadow === null) return skip('the image has no /etc/shadow (or /etc/master.passwd)');
    const { path, emptyPassword } = shadow;
    if (emptyPassword.length === 0) return pass(`no account in ${path} has an empty password`);
    return fail(
      `${count(emptyPassword.length, 'account')} in ${path} ${emptyPassword.length === 1 ? 'has' : 'have'} an empty ` +
        'password field',
      emptyPassword.map((name) => `${name}: empty password field in ${path}`),
    );
  },
});
