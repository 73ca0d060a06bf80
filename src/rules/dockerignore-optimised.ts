import { isIgnored, parseDockerignore, type IgnorePattern } from '../collect/dockerfile/dockerignore.js';
import type { DockerfileFacts, DockerfileInstruction, FilesystemFacts } from '../facts.js';
import { defineRule } from './support/define.js';
import {
  allInstructions,
  copySources,
  copyTargets,
  flagValue,
  packageInstall,
  simpleCommands,
} from './support/dockerfile.js';
import { fail, pass, warn } from './support/types.js';

/** What a .dockerignore must leave out when the whole context is copied: a name to test, and what it stands for. */
const MUST_EXCLUDE = [
  { probe: '.git', what: '.git' },
  { probe: '.env', what: '.env*' },
  { probe: '.env.production', what: '.env*' },
  { probe: 'id_rsa', what: 'private keys (id_rsa, *.pem, *.key)' },
  { probe: 'server.pem', what: 'private keys (id_rsa, *.pem, *.key)' },
  { probe: 'server.key', what: 'private keys (id_rsa, *.pem, *.key)' },
] as const;
/** Image facts' kinds (no-sensitive-files) that a copy of the context explains. */
const FROM_CONTEXT = new Set([
  'git-directory',
  'dotenv',
  'ssh-private-key',
  'npmrc',
  'pypirc',
  'netrc',
  'terraform-state',
]);

export const dockerignoreOptimised = defineRule({
  id: 'dockerignore-optimised',
  title: '.dockerignore keeps the context lean and secret-free',
  severity: 'high',
  needs: ['dockerfile', 'buildContext'],
  categories: ['security', 'efficiency'],
  rationale:
    '`COPY . .` sends the whole build context into the image: .git history, .env files, keys, a local node_modules ' +
    'built for another platform. A .dockerignore that leaves them out keeps secrets out of every layer, keeps the ' +
    'context small and the cache stable.',
  fix:
    'Add a .dockerignore beside the Dockerfile (or the context root) that excludes at least these.\n' +
    '# .dockerignore\n' +
    '.git\n' +
    '.env*\n' +
    '*.pem\n' +
    '*.key\n' +
    '**/id_*\n' +
    'node_modules\n' +
    'Dockerfile\n' +
    '.dockerignore',
  check: ({ dockerfile, buildContext, filesystem }) => {
    const copies = allInstructions(dockerfile).filter(copiesWholeContext);
    const ignore = buildContext.dockerignore;
    const invalid = (ignore?.invalid ?? []).map(
      ({ line, pattern, message }) => `.dockerignore line ${line}: ${pattern}: ${message}`,
    );
    if (copies.length === 0) {
      if (invalid.length > 0) return warn('.dockerignore has patterns Docker refuses', invalid);
      return pass('the Dockerfile copies named files only, not the whole context');
    }
    const line = copies[0]!.line;
    const shippedInContext = buildContext.sensitive.filter((entry) => !entry.ignored);
    const lockInstall = allInstructions(dockerfile).some(
      (instruction) =>
        instruction.keyword === 'RUN' &&
        simpleCommands(instruction.arguments).some((command) =>
          ['npm', 'yarn', 'pnpm'].includes(packageInstall(command) ?? ''),
        ),
    );
    const shipped = shippedInContext
      .filter((entry) => entry.kind !== 'node-modules' || lockInstall)
      .map((entry) => `${entry.path} (${entry.kind}) is in the context and not ignored`);
    const inImage = (filesystem?.sensitiveFiles ?? [])
      .filter((file) => FROM_CONTEXT.has(file.kind))
      .map((file) => `${file.path} (${file.kind}) landed in the image`);
    if (!ignore)
      return {
        ...fail(`no .dockerignore, and line ${line} copies the whole context`, [...shipped, ...inImage]),
        line,
      };
    const compiled = parseDockerignore(ignore.patterns.join('\n')).compiled;
    const missing = [
      ...new Set(MUST_EXCLUDE.filter(({ probe }) => !isIgnored(compiled, probe)).map(({ what }) => what)),
      ...(lockInstall && !isIgnored(compiled, 'node_modules') ? ['node_modules'] : []),
    ].map((what) => `.dockerignore does not exclude ${what}`);
    const dockerfileName = dockerfile.path.split('/').at(-1)!;
    if (!isIgnored(compiled, dockerfileName)) missing.push(`.dockerignore does not exclude ${dockerfileName}`);
    const bypassed = ignoredButLanded(dockerfile, filesystem, compiled);
    if (bypassed.length > 0)
      return {
        ...fail(
          `${bypassed.length} file${bypassed.length === 1 ? '' : 's'} in the image that .dockerignore excludes: ` +
            'the image was not built from this context and its .dockerignore',
          [...bypassed, ...shipped, ...inImage, ...invalid, ...missing],
        ),
        line,
      };
    if (shipped.length > 0 || inImage.length > 0)
      return {
        ...fail(
          `line ${line} copies the whole context: ${shipped.length + inImage.length} sensitive entr${shipped.length + inImage.length === 1 ? 'y gets' : 'ies get'} through .dockerignore`,
          [...shipped, ...inImage, ...invalid, ...missing],
        ),
        line,
      };
    if (invalid.length > 0 || missing.length > 0)
      return {
        ...warn(`line ${line} copies the whole context: .dockerignore has gaps`, [...invalid, ...missing]),
        line,
      };
    return pass(`.dockerignore (${ignore.patterns.length} patterns) excludes .git, .env*, keys and node_modules`);
  },
});

/** A COPY or ADD from the build context (not `--from` a stage) of all of it: `.`, `./`, `*` or `./*`. */
function copiesWholeContext(instruction: DockerfileInstruction): boolean {
  return (
    (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
    flagValue(instruction, 'from') === undefined &&
    copySources(instruction).some((source) => /^\.\/?$|^\.?\/?\*$/.test(source))
  );
}

/**
 * The cross-check with the image: a sensitive file or developer leftover under the destination of a whole-context
 * copy whose path in the context the .dockerignore excludes. Such a file cannot have come through this context, so
 * the image was built from another one (a stale image, another checkout, a CI step that deleted .dockerignore).
 */
function ignoredButLanded(
  dockerfile: DockerfileFacts,
  filesystem: FilesystemFacts | undefined,
  compiled: readonly IgnorePattern[],
): string[] {
  if (!filesystem) return [];
  const targets = copyTargets(dockerfile).filter(({ instruction }) => copiesWholeContext(instruction));
  const landed = [
    ...filesystem.sensitiveFiles.filter((file) => !file.deleted).map((file) => file.path),
    ...filesystem.devLeftovers.map((leftover) => leftover.path),
  ];
  const evidence = new Set<string>();
  for (const path of landed)
    for (const { instruction, target } of targets) {
      const prefix = target === '/' ? '/' : `${target}/`;
      if (!path.startsWith(prefix)) continue;
      const inContext = path.slice(prefix.length);
      if (inContext !== '' && isIgnored(compiled, inContext))
        evidence.add(
          `${path} is in the image, but .dockerignore excludes ${inContext} (line ${instruction.line} copies the context to ${target})`,
        );
    }
  return [...evidence];
}
