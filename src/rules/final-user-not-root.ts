import { defineRule } from './support/define.js';
import { finalInstructions, lineEvidence } from './support/dockerfile.js';
import { fail, pass, skip } from './support/types.js';

export const finalUserNotRoot = defineRule({
  id: 'final-user-not-root',
  title: "The Dockerfile's last USER is not root",
  severity: 'high',
  needs: ['dockerfile'],
  categories: ['security'],
  rationale:
    'Steps that need root (package installs) often switch with `USER root` and never switch back: the image then ' +
    'runs as root although an earlier line created an unprivileged user. The last USER of the final stage is the ' +
    'one the container runs as.',
  fix:
    'End the final stage with an unprivileged USER, after the steps that need root.\n' +
    'USER root\n' +
    'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n' +
    'USER 10001:10001',
  check: ({ dockerfile }) => {
    const users = finalInstructions(dockerfile).filter((instruction) => instruction.keyword === 'USER');
    const last = users.at(-1);
    if (!last) return skip('the final stage sets no USER: non-root-user judges the image’s user');
    const user = last.arguments.trim().split(':')[0]!;
    if (user === 'root' || user === '0')
      return { ...fail(`the last USER is ${last.arguments.trim()}`, [lineEvidence(last)]), line: last.line };
    return pass(`the last USER is ${last.arguments.trim()}`);
  },
});
