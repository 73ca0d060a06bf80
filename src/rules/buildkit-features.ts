import type { DockerfileFacts, HistoryEntry } from '../facts.js';
import { defineRule } from './support/define.js';
import {
  allInstructions,
  flagValue,
  isExecForm,
  lineEvidence,
  mountsOf,
  osPackageInstall,
  packageInstall,
  simpleCommands,
} from './support/dockerfile.js';
import { fail, pass, skip, warn, type Verdict } from './support/types.js';

const LEGACY_STEP = /^\/bin\/sh -c #\(nop\)|^\|\d+ \/bin\/sh -c |^\/bin\/sh -c /;

export const buildkitFeatures = defineRule({
  id: 'buildkit-features',
  title: 'BuildKit features leveraged',
  severity: 'low',
  needs: ['config'],
  categories: ['security', 'efficiency'],
  rationale:
    'BuildKit builds stages in parallel and adds what the legacy builder cannot do: cache mounts keep package ' +
    'downloads out of the layers and fast across builds, secret mounts give a step a credential without writing it ' +
    'into any layer or the history (an ARG or ENV secret is readable by anyone who pulls the image), and `# syntax=` ' +
    'pins the Dockerfile frontend.',
  fix:
    'Pin the frontend, cache package downloads and pass credentials as secret mounts.\n' +
    '# syntax=docker/dockerfile:1\n' +
    'RUN --mount=type=cache,target=/root/.npm \\\n' +
    '    --mount=type=secret,id=npmrc,target=/root/.npmrc \\\n' +
    '    npm ci --omit=dev',
  check: ({ config, dockerfile }) => (dockerfile ? fromDockerfile(dockerfile) : fromHistory(config.history)),
});

function fromDockerfile(dockerfile: DockerfileFacts): Verdict {
  const instructions = allInstructions(dockerfile);
  const secrets = dockerfile.secrets.map(
    ({ keyword, name, line, kind }) => `line ${line}: ${keyword} ${name} holds a secret (${kind}): use a secret mount`,
  );
  if (secrets.length > 0)
    return {
      ...fail(`${secrets.length} secret${secrets.length === 1 ? '' : 's'} in ARG/ENV`, secrets),
      line: dockerfile.secrets[0]!.line,
    };
  const runs = instructions.filter((instruction) => instruction.keyword === 'RUN');
  const features = [
    ...(dockerfile.syntax ? [`# syntax=${dockerfile.syntax}`] : []),
    ...(runs.some((run) => mountsOf(run).some((mount) => mount.type === 'cache')) ? ['cache mounts'] : []),
    ...(runs.some((run) => mountsOf(run).some((mount) => mount.type === 'secret' || mount.type === 'ssh'))
      ? ['secret mounts']
      : []),
    ...(runs.some((run) => mountsOf(run).some((mount) => mount.type === 'bind')) ? ['bind mounts'] : []),
    ...(instructions.some((instruction) => instruction.arguments.trimStart().startsWith('<<')) ? ['heredocs'] : []),
    ...(instructions.some((instruction) => flagValue(instruction, 'link') !== undefined) ? ['COPY --link'] : []),
  ];
  const uncached = runs.filter(
    (run) =>
      !isExecForm(run) &&
      !mountsOf(run).some((mount) => mount.type === 'cache') &&
      simpleCommands(run.arguments).some((command) => packageInstall(command) ?? osPackageInstall(command)),
  );
  if (features.length === 0)
    return {
      ...fail(
        'no BuildKit feature: no # syntax= line, cache or secret mount',
        uncached.map((run) => lineEvidence(run, 'no cache mount')),
      ),
      ...(uncached[0] ? { line: uncached[0].line } : {}),
    };
  if (uncached.length > 0)
    return {
      ...warn(
        `uses ${features.join(', ')}; ${uncached.length} package install${uncached.length === 1 ? '' : 's'} without a cache mount`,
        uncached.map((run) => lineEvidence(run, 'no cache mount')),
      ),
      line: uncached[0]!.line,
    };
  return pass(`uses ${features.join(', ')}`);
}

/** Without the Dockerfile the history tells only which builder ran: partial evidence at best. */
function fromHistory(history: readonly HistoryEntry[]): Verdict {
  if (history.some((entry) => entry.createdBy.endsWith('# buildkit')))
    return warn(
      'built by BuildKit (the history says so); whether it uses cache and secret mounts needs the Dockerfile: pass --dockerfile PATH',
    );
  const last = history.at(-1);
  if (last && LEGACY_STEP.test(last.createdBy))
    return fail('built by the legacy builder (the history says so): no BuildKit feature can have been used');
  return skip('needs the Dockerfile: pass --dockerfile PATH');
}
