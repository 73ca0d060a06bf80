import { defineRule } from './support/define.js';
import { fail, pass } from './support/types.js';

export const noSecretsInEnv = defineRule({
  id: 'no-secrets-in-env',
  title: 'No secrets in the image configuration',
  severity: 'critical',
  needs: ['config'],
  categories: ['security'],
  rationale:
    'ENV values, build arguments, ENTRYPOINT, CMD, HEALTHCHECK and labels are stored in the image config and history ' +
    'in plain text: anyone who can pull the image can read them with `docker inspect` or `docker history`. A ' +
    'credential baked into an image has leaked and must be rotated.',
  fix:
    'Pass secrets at run time (orchestrator secrets, mounted files) and use BuildKit secret mounts during the build.\n' +
    'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  check: ({ config }) => {
    const findings = config.envSecrets;
    if (findings.length === 0) return pass('no secret candidates in ENV, build history, commands or labels');
    return fail(
      `${findings.length} secret candidate${findings.length === 1 ? '' : 's'} in the image configuration`,
      findings.map(
        ({ kind, location, preview, alsoAt }) =>
          `${kind} at ${location}${alsoAt ? ` (also ${alsoAt.join(', ')})` : ''}: ${preview}`,
      ),
    );
  },
});
