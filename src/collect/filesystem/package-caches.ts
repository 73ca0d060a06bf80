import type { PackageCacheFacts } from '../../facts.js';
import type { FinalView } from '../layers/types.js';
import { globSource } from '../../shared/glob.js';
import { absolute, compareText } from './paths.js';

/** Download caches package managers leave behind; `*` is one path segment (a user's home). */
const CACHE_ROOTS = [
  'var/lib/apt/lists',
  'var/cache/apt',
  'var/cache/apk',
  'var/cache/yum',
  'var/cache/dnf',
  'root/.cache/pip',
  'home/*/.cache/pip',
  'root/.npm/_cacache',
  'home/*/.npm/_cacache',
  'usr/local/share/.cache/yarn',
  'root/.cache/yarn',
  'home/*/.cache/yarn',
  'root/.cache/go-build',
];

/** One anchored alternation, compiled once: group 1 is the concrete cache root of a file below one. */
const UNDER_CACHE_ROOT = new RegExp(`^(${CACHE_ROOTS.map((root) => globSource(root)).join('|')})/`);

/** True when `path` lies below one of the package managers' cache directories. */
export function isInPackageCache(path: string): boolean {
  return UNDER_CACHE_ROOT.test(path);
}

export function detectPackageCaches(view: FinalView): {
  packageCaches: PackageCacheFacts[];
  packageCacheBytes: number;
} {
  const byRoot = new Map<string, { bytes: number; files: number; layers: Set<number> }>();
  for (const { path, type, size, layerIndex } of view.files.values()) {
    if (type !== 'file') continue;
    const root = UNDER_CACHE_ROOT.exec(path)?.[1];
    if (root === undefined) continue;
    const totals = byRoot.get(root) ?? { bytes: 0, files: 0, layers: new Set<number>() };
    totals.bytes += size;
    totals.files += 1;
    if (size > 0) totals.layers.add(layerIndex);
    byRoot.set(root, totals);
  }
  const packageCaches = [...byRoot]
    .filter(([, { bytes }]) => bytes > 0)
    .map(([root, { bytes, files, layers }]) => ({
      path: absolute(root),
      bytes,
      files,
      layerIndexes: [...layers].sort((a, b) => a - b),
    }))
    .sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path));
  return { packageCaches, packageCacheBytes: packageCaches.reduce((sum, cache) => sum + cache.bytes, 0) };
}
