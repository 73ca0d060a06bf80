import type { DevLeftover } from '../../facts.js';
import type { FinalView } from '../layers/types.js';
import { isInPackageCache } from './package-caches.js';
import { absolute, compareText, isInSystemTree } from './paths.js';

/** Directories a developer's machine or a build context holds and a running container never needs. */
const DIRECTORY_KINDS: ReadonlyMap<string, string> = new Map([
  ['.git', 'git-directory'],
  ['.svn', 'svn-directory'],
  ['.hg', 'hg-directory'],
  ['.vscode', 'vscode-settings'],
  ['.idea', 'idea-settings'],
  ['.aws', 'aws-config'],
  ['.azure', 'azure-config'],
  ['.gcp', 'gcp-config'],
  ['.npm', 'npm-directory'],
  ['.cache', 'cache-directory'],
]);

const COMPOSE_FILE = /^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/;

/**
 * A file's kind by its base name (from `start` in `path`): Finder metadata, a Dockerfile or a compose file copied in
 * with the context. Most names are ruled out by their first and last characters, without cutting the name out.
 */
function fileKind(path: string, start: number): string | undefined {
  const first = path.charCodeAt(start);
  if (path.endsWith('Dockerfile')) {
    const base = path.slice(start);
    return base === 'Dockerfile' || base.endsWith('.Dockerfile') ? 'dockerfile' : undefined;
  }
  if (first === UPPER_D) return path.startsWith('Dockerfile.', start) ? 'dockerfile' : undefined;
  if (first === DOT) return path.endsWith('/.DS_Store') || path === '.DS_Store' ? 'ds-store' : undefined;
  if ((first === LOWER_D || first === LOWER_C) && path.endsWith('ml') && COMPOSE_FILE.test(path.slice(start)))
    return 'compose-file';
  return undefined;
}
const [UPPER_D, LOWER_D, LOWER_C] = ['D', 'd', 'c'].map((char) => char.charCodeAt(0));

const DOCKER_CONFIG = '.docker/config.json';
const DOT = '.'.charCodeAt(0);
/** A vendored dependency tree (Go, PHP, Ruby): someone else's files, like node_modules. */
const VENDOR = /(?:^|\/)vendor\//;

/** Which leftover a visible path belongs to: the first matching directory on its way, else the file itself. */
function leftoverOf(path: string, isDirectory: boolean): { kind: string; root: string } | undefined {
  if (path.charCodeAt(0) === DOT || path.includes('/.')) {
    let start = 0;
    while (start < path.length) {
      const slash = path.indexOf('/', start);
      const end = slash === -1 ? path.length : slash;
      if (path.charCodeAt(start) === DOT && (end < path.length || isDirectory)) {
        const kind = DIRECTORY_KINDS.get(path.slice(start, end));
        if (kind) return { kind, root: path.slice(0, end) };
      }
      start = end + 1;
    }
    if (!isDirectory && (path === DOCKER_CONFIG || path.endsWith(`/${DOCKER_CONFIG}`)))
      return { kind: 'docker-config', root: path };
  }
  const kind = isDirectory ? undefined : fileKind(path, path.lastIndexOf('/') + 1);
  return kind ? { kind, root: path } : undefined;
}

/**
 * Leftovers in the final view, from the tar headers alone: each with the bytes and files it holds. Package managers'
 * caches (measured by the package-caches detector), the distribution's and packages' trees and vendored code are
 * not the developer's and are left out.
 */
export function detectDevLeftovers(view: FinalView): DevLeftover[] {
  const found = new Map<string, { kind: string; bytes: number; files: number; directory: boolean }>();
  for (const { path, type, size } of view.files.values()) {
    const isDirectory = type === 'directory';
    const leftover = leftoverOf(path, isDirectory);
    if (!leftover || isInSystemTree(path) || VENDOR.test(path) || isInPackageCache(path)) continue;
    const totals = found.get(leftover.root) ?? {
      kind: leftover.kind,
      bytes: 0,
      files: 0,
      directory: leftover.root !== path || isDirectory,
    };
    if (type === 'file' || type === 'hardlink') {
      totals.bytes += size;
      totals.files += 1;
    }
    found.set(leftover.root, totals);
  }
  return [...found]
    .filter(([, { files, directory }]) => !directory || files > 0)
    .map(([root, { kind, bytes, files }]) => ({ kind, path: absolute(root), bytes, files }))
    .sort((a, b) => compareText(a.path, b.path));
}
