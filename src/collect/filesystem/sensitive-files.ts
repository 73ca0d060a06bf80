import type { SensitiveFileFinding } from '../../facts.js';
import type { FinalView, LayerEntry } from '../layers/types.js';
import { absolute, baseName, compareText, isDotenvName, isInSystemTree } from './paths.js';

/** A file that should not be in an image, recognised by its name or path alone. */
interface SensitiveFile {
  readonly kind: string;
  /** Exact base names; a rule with names matches by them alone. */
  readonly names?: readonly string[];
  /** Base-name endings. */
  readonly suffixes?: readonly string[];
  /** Path endings on a segment boundary: `.aws/credentials` matches `root/.aws/credentials`. */
  readonly pathSuffixes?: readonly string[];
  /** With `path` or `name`: how every base name they match begins, so the quick pass can skip all others. */
  readonly basePrefix?: string;
  readonly path?: RegExp;
  readonly name?: (base: string) => boolean;
  /** Only outside the distribution's and packages' trees (a library may ship its own `.npmrc`). */
  readonly outsideSystemTrees?: boolean;
}

export const SENSITIVE_FILES: readonly SensitiveFile[] = [
  { kind: 'dotenv', basePrefix: '.env', name: isDotenvName },
  { kind: 'ssh-private-key', names: ['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk'] },
  { kind: 'ssh-host-key', basePrefix: 'ssh_host_', path: /^etc\/ssh\/ssh_host_(?:\w+_)?key$/ },
  { kind: 'aws-credentials', pathSuffixes: ['.aws/credentials'] },
  { kind: 'terraform-state', suffixes: ['.tfstate', '.tfstate.backup'] },
  { kind: 'docker-config', pathSuffixes: ['.docker/config.json'] },
  { kind: 'kube-config', pathSuffixes: ['.kube/config'] },
  { kind: 'npmrc', names: ['.npmrc'], outsideSystemTrees: true },
  { kind: 'pypirc', names: ['.pypirc'], outsideSystemTrees: true },
  { kind: 'netrc', names: ['.netrc', '_netrc'], outsideSystemTrees: true },
];

type Matcher = (path: string, base: string) => boolean;

/** Compiled once: exact names in one Map, the other rules as predicates; the first rule that matches names the kind. */
const BY_NAME = new Map(SENSITIVE_FILES.flatMap((rule) => (rule.names ?? []).map((name) => [name, rule] as const)));
const BY_PATTERN: readonly { kind: string; matches: Matcher }[] = SENSITIVE_FILES.filter((rule) => !rule.names).map(
  (rule) => ({
    kind: rule.kind,
    matches: compile(rule),
  }),
);

function compile(rule: SensitiveFile): Matcher {
  const suffixes = rule.suffixes ?? [];
  const pathSuffixes = rule.pathSuffixes ?? [];
  const matches: Matcher = (path, base) =>
    suffixes.some((suffix) => base.endsWith(suffix)) ||
    pathSuffixes.some((suffix) => path === suffix || path.endsWith(`/${suffix}`)) ||
    (rule.path?.test(path) ?? false) ||
    (rule.name?.(base) ?? false);
  return rule.outsideSystemTrees ? (path, base) => matches(path, base) && !isInSystemTree(path) : matches;
}

/**
 * What every rule's base name looks like (exact names, the last segment of path suffixes, name endings, name
 * beginnings): most files fail this in a Set lookup and a few string compares, and only the rest meet the rules.
 */
const EXACT_BASES: ReadonlySet<string> = new Set(
  SENSITIVE_FILES.flatMap((rule) => [
    ...(rule.names ?? []),
    ...(rule.pathSuffixes ?? []).map((suffix) => suffix.slice(suffix.lastIndexOf('/') + 1)),
  ]),
);
const BASE_SUFFIXES: readonly string[] = SENSITIVE_FILES.flatMap((rule) => rule.suffixes ?? []);
const BASE_PREFIXES: readonly string[] = SENSITIVE_FILES.flatMap((rule) => {
  if ((rule.path || rule.name) && !rule.basePrefix)
    throw new Error(`sensitive file rule ${rule.kind} needs a basePrefix`);
  return rule.basePrefix ? [rule.basePrefix] : [];
});

function mayBeSensitive(base: string): boolean {
  if (EXACT_BASES.has(base)) return true;
  for (const prefix of BASE_PREFIXES) if (base.startsWith(prefix)) return true;
  for (const suffix of BASE_SUFFIXES) if (base.endsWith(suffix)) return true;
  return false;
}

function sensitiveKind(path: string, base: string): string | undefined {
  if (!mayBeSensitive(base)) return undefined;
  const named = BY_NAME.get(base);
  if (named) return named.outsideSystemTrees && isInSystemTree(path) ? undefined : named.kind;
  return BY_PATTERN.find(({ matches }) => matches(path, base))?.kind;
}

const GIT_DIR = '.git';
const GIT_SEGMENT = /(?:^|\/)\.git(?:\/|$)/;

/**
 * Every layer's copy, so a file a later layer deleted is still reported (`deleted: true`): it can be extracted from
 * the image. A `.git` directory is reported once per layer, not once per object.
 */
export function detectSensitiveFiles(view: FinalView): SensitiveFileFinding[] {
  const findings: SensitiveFileFinding[] = [];
  for (const layer of view.layers) {
    const { files, gitDirs } = candidatesOf(layer.entries);
    for (const { kind, path } of files) {
      findings.push({
        kind,
        path: absolute(path),
        layerIndex: layer.index,
        deleted: !view.isVisible(path, layer.index),
      });
    }
    for (const [gitDir, stored] of gitDirs) {
      findings.push({
        kind: 'git-directory',
        path: absolute(gitDir),
        layerIndex: layer.index,
        // A later layer re-adding the directory entry does not bring back the files this one stored.
        deleted:
          stored.length === 0
            ? view.files.get(gitDir)?.type !== 'directory'
            : !stored.some((path) => view.isVisible(path, layer.index)),
      });
    }
  }
  return findings.sort((a, b) => compareText(a.path, b.path) || a.layerIndex - b.layerIndex);
}

/** What in one layer's entries is sensitive by name: files, and `.git` directories with the files stored in them. */
interface LayerCandidates {
  readonly files: readonly { readonly kind: string; readonly path: string }[];
  readonly gitDirs: ReadonlyMap<string, readonly string[]>;
}

/** Per layer, not per image: the images of a batch share their base layer's entries array. */
const candidatesByLayer = new WeakMap<readonly LayerEntry[], LayerCandidates>();

function candidatesOf(entries: readonly LayerEntry[]): LayerCandidates {
  const known = candidatesByLayer.get(entries);
  if (known) return known;
  const files: { kind: string; path: string }[] = [];
  // A tar may repeat a path; one finding per path and layer.
  const seen = new Set<string>();
  const gitDirs = new Map<string, string[]>();
  for (const { path, type } of entries) {
    const gitDir = gitDirectoryOf(path, type === 'directory');
    if (gitDir !== null) {
      const stored = gitDirs.get(gitDir) ?? [];
      if (type !== 'directory') stored.push(path);
      gitDirs.set(gitDir, stored);
    }
    if (type !== 'file' && type !== 'hardlink') continue;
    const kind = sensitiveKind(path, baseName(path));
    if (kind === undefined || seen.has(path)) continue;
    seen.add(path);
    files.push({ kind, path });
  }
  const candidates = { files, gitDirs };
  candidatesByLayer.set(entries, candidates);
  return candidates;
}

/** `app/.git/objects/ab/cd` → `app/.git`; a `.git` entry itself only when it is a directory (not a submodule's file). */
export function gitDirectoryOf(path: string, isDirectory: boolean): string | null {
  if (!path.includes(GIT_DIR)) return null;
  const match = GIT_SEGMENT.exec(path);
  if (!match) return null;
  const end = match.index + match[0].length - (match[0].endsWith('/') ? 1 : 0);
  return end === path.length && !isDirectory ? null : path.slice(0, end);
}
