import { defineRule } from './support/define.js';
import { osSupport, supportStatus, END_WARNING_DAYS, LIFECYCLE_CHECKED } from './support/lifecycle.js';
import { count } from './support/evidence.js';
import { fail, pass, skip, warn } from './support/types.js';

export const supportedBaseOs = defineRule({
  id: 'supported-base-os',
  title: 'Base OS release still supported',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['security', 'maintainability'],
  rationale:
    'A distribution release past its end of life gets no more security fixes: every CVE found in its packages from ' +
    'then on stays open, and scanners flag the whole image. Moving to the next release takes planning, so the warning ' +
    'comes 90 days ahead.',
  fix:
    'Rebuild on a supported release of the distribution, and keep the tag current (a digest pin renewed by a bot).\n' +
    'FROM debian:12-slim\n' +
    '# or: FROM alpine:3.22, FROM ubuntu:24.04, FROM registry.access.redhat.com/ubi9/ubi-minimal',
  check: ({ filesystem: { os } }, { now }) => {
    if (os.id === 'scratch') return pass('no distribution (no /etc/os-release): no release to go out of support');
    const release = `/etc/os-release: ID=${os.id} VERSION_ID=${os.versionId ?? '(none)'}`;
    const window = osSupport(os.id, os.versionId);
    if (!window) return skip(`no lifecycle data for ${os.prettyName} (tables of ${LIFECYCLE_CHECKED})`);
    if (now === undefined) return skip('needs the evaluation date (the rule option `now`)');
    const { status, days } = supportStatus(window, now);
    const until = `${window.name}: ${window.phase} until ${window.end}`;
    if (status === 'ended')
      return fail(`${window.name} is past its end of life: ${window.phase} ended ${window.end}`, [release, until]);
    if (status === 'ending')
      return warn(
        `${window.name} reaches its end of life in ${count(days ?? 0, 'day')} (${window.phase} ends ${window.end}; ` +
          `warning from ${END_WARNING_DAYS} days before)`,
        [release, until],
      );
    return pass(`${window.name} is supported until ${window.end} (${window.phase})`, [release]);
  },
});
