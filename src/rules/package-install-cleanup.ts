import type { FilesystemFacts, HistoryEntry } from '../facts.js';
import { parseHistoryStep } from '../secrets/history-step.js';
import { formatBytes } from '../shared/text.js';
import { defineRule } from './support/define.js';
import { historyEvidence } from './support/history.js';
import { programName, simpleCommands, subcommand } from './support/shell.js';
import { fail, pass, skip } from './support/types.js';

/** One package manager: how an install looks, what cleans its cache in the same step, and where the cache is. */
interface Installer {
  readonly cache: string;
  readonly installs: (words: readonly string[]) => boolean;
  readonly cleans: (words: readonly string[]) => boolean;
}

/** `rm … <path>` or `rm … <path>/*`, with any options. */
const removes =
  (path: string) =>
  (words: readonly string[]): boolean =>
    programName(words[0] ?? '') === 'rm' && words.slice(1).some((word) => word === path || word.startsWith(`${path}/`));

const APT_VALUED = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release']);

const INSTALLERS: readonly Installer[] = [
  {
    cache: '/var/cache/apk',
    installs: (words) =>
      programName(words[0] ?? '') === 'apk' &&
      subcommand(words, new Set(['-X', '--repository', '-p', '--root'])) === 'add' &&
      !words.includes('--no-cache'),
    cleans: (words) =>
      removes('/var/cache/apk')(words) ||
      (programName(words[0] ?? '') === 'apk' && ['clean', 'purge'].includes(words[words.indexOf('cache') + 1] ?? '')),
  },
  {
    cache: '/var/lib/apt/lists',
    installs: (words) =>
      ['apt-get', 'apt', 'aptitude'].includes(programName(words[0] ?? '')) &&
      subcommand(words, APT_VALUED) === 'install',
    cleans: (words) =>
      removes('/var/lib/apt/lists')(words) ||
      (['apt-get', 'apt'].includes(programName(words[0] ?? '')) &&
        ['distclean', 'dist-clean'].includes(subcommand(words, APT_VALUED) ?? '')),
  },
];

/** The caches a RUN step's package installs leave behind: an install with no cleanup after it in the same step. */
export function cachesLeftBy(createdBy: string): string[] {
  const step = parseHistoryStep(createdBy);
  if (step.instruction !== 'RUN') return [];
  const commands = simpleCommands(step.text);
  return INSTALLERS.filter(({ installs, cleans }) => {
    const install = commands.findIndex(installs);
    return install !== -1 && !commands.slice(install + 1).some(cleans);
  }).map(({ cache }) => cache);
}

/** What the filesystem scan measured of `cache` in the layers this step made: ` (18.2 MB of it in the final image)`. */
function measured(filesystem: FilesystemFacts | undefined, entry: HistoryEntry, cache: string): string {
  if (!filesystem) return '';
  const layers = new Set(filesystem.layers.filter((layer) => layer.createdBy === entry.createdBy).map((l) => l.index));
  const found = filesystem.packageCaches.find(
    ({ path, layerIndexes }) => path === cache && layerIndexes.some((index) => layers.has(index)),
  );
  return found ? ` (${formatBytes(found.bytes)} of it in the final image)` : '';
}

export const packageInstallCleanup = defineRule({
  id: 'package-install-cleanup',
  title: 'Package installs clean up in the same step',
  severity: 'low',
  needs: ['config'],
  categories: ['efficiency'],
  rationale:
    '`apk add` without `--no-cache` keeps the package index in /var/cache/apk, and `apt-get install` after ' +
    '`apt-get update` keeps /var/lib/apt/lists: megabytes in the layer of that step. Only a cleanup in the same ' +
    'RUN step keeps them out of the image; a later step that deletes them only hides them.',
  fix:
    'Use `apk add --no-cache`; end an apt-get install step with `rm -rf /var/lib/apt/lists/*`.\n' +
    'RUN apk add --no-cache curl\n' +
    'RUN apt-get update \\\n' +
    ' && apt-get install -y --no-install-recommends curl \\\n' +
    ' && rm -rf /var/lib/apt/lists/*',
  check: ({ config, filesystem }) => {
    if (config.history.length === 0) return skip('the image has no build history');
    const evidence = config.history.flatMap((entry, index) =>
      cachesLeftBy(entry.createdBy).map(
        (cache) => `${historyEvidence(index, entry)} keeps ${cache}${measured(filesystem, entry, cache)}`,
      ),
    );
    if (evidence.length === 0) return pass('every package install cleans its cache in the same step');
    return fail(
      `${evidence.length === 1 ? 'a package install keeps' : `${evidence.length} package installs keep`} the ` +
        "package manager's cache in its layer",
      evidence,
    );
  },
});
