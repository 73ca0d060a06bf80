import { defineRule } from './support/define.js';
import { historyEvidence } from './support/history.js';
import { fail, pass, skip } from './support/types.js';

/**
 * `<tool> [options] <verb>` as a whole command word; `-o`/`-c`/`-t`/`--root` take a separate value. Each option word
 * reads one way only (a bare `-o` is never also a flag of its own: `-o -o -o …` once took exponential time), and at
 * most 16 of them, so a step of repeated tool names stays linear.
 */
function upgradeCommand(tools: string, verbs: string): RegExp {
  const options = String.raw`(?:(?:-[oct]|--root)\s+\S+\s+|-(?![oct]\s|-root\s)\S+\s+){0,16}`;
  return new RegExp(String.raw`(?<![\w.-])(?:${tools})\s+${options}(?:${verbs})(?=$|[\s;&|)"'])`);
}

const UPGRADE_COMMANDS = [
  upgradeCommand('apt-get|apt|aptitude', 'upgrade|dist-upgrade|full-upgrade|safe-upgrade'),
  upgradeCommand('apk', 'upgrade'),
  upgradeCommand('yum|dnf|microdnf|tdnf', 'update|upgrade|update-minimal|upgrade-minimal|distro-sync'),
  upgradeCommand('zypper', 'up|update|dup|dist-upgrade'),
];

const upgrades = (createdBy: string) => UPGRADE_COMMANDS.some((pattern) => pattern.test(createdBy));

export const noAptUpgrade = defineRule({
  id: 'no-apt-upgrade',
  title: 'No package upgrades at build time',
  severity: 'low',
  needs: ['config'],
  categories: ['maintainability'],
  rationale:
    'A blanket package upgrade installs whatever the mirrors serve on the day of the build, so two builds of the same ' +
    'Dockerfile differ and a rebuild can break without a code change. Security fixes should come from a newer pinned ' +
    'base image or from explicitly upgraded packages.',
  fix:
    'Rebuild on a newer pinned base image; upgrade only the packages that need a fix.\n' +
    'FROM debian:12.8-slim\n' +
    'RUN apt-get update \\\n' +
    ' && apt-get install -y --no-install-recommends --only-upgrade openssl \\\n' +
    ' && rm -rf /var/lib/apt/lists/*',
  check: ({ config }) => {
    if (config.history.length === 0) return skip('the image has no build history');
    const evidence = config.history.flatMap((entry, index) =>
      upgrades(entry.createdBy) ? [historyEvidence(index, entry)] : [],
    );
    if (evidence.length === 0) return pass('no package upgrade steps');
    return fail(
      `${evidence.length} build step${evidence.length === 1 ? '' : 's'} ` +
        `upgrade${evidence.length === 1 ? 's' : ''} all packages`,
      evidence,
    );
  },
});
