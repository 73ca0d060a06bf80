import type { FilesystemFacts } from '../../facts.js';
import type { FinalView } from '../layers/types.js';
import { normalise } from '../layers/merge.js';
import type { DetectedFacts } from './detectors.js';

const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'];

/**
 * The layer each path the detectors named comes from, read off the merged view the scan already built: no second
 * pass over the layers, and as many entries as the facts hold paths. A link counts as itself (whoever made
 * `/usr/bin/sh` a link made that finding), a package cache as its newest file, a wasted file as the layer that hid it.
 */
export function pathLayersOf(
  view: FinalView,
  detected: Partial<DetectedFacts>,
): NonNullable<FilesystemFacts['pathLayers']> {
  const layers: Record<string, number> = {};
  const visible = (path: string) => {
    const entry = view.files.get(normalise(path));
    if (entry) layers[path] = entry.layerIndex;
  };
  const tools = [
    ...(detected.packageManagers ?? []),
    ...(detected.shells ?? []),
    ...(detected.buildTools ?? []),
    ...(detected.devTools ?? []),
    ...(detected.privilegeTools ?? []),
    ...(detected.sshDaemons ?? []),
  ];
  for (const path of [
    ...(detected.setuid ?? []),
    ...(detected.setgid ?? []),
    ...(detected.worldWritable ?? []),
    ...tools.map((tool) => tool.path),
    ...(detected.healthcheckTools ?? []).flatMap((tool) => (tool.path === null ? [] : [tool.path])),
  ])
    visible(path.startsWith('/') ? path : `/${path}`);
  // Account files (no-empty-password, unique-ids) and developer leftovers: a directory kind by its newest file below.
  for (const path of ['/etc/passwd', '/etc/group', detected.shadow?.path]) if (path) visible(path);
  for (const leftover of detected.devLeftovers ?? []) visible(leftover.path);
  const osRelease = OS_RELEASE_PATHS.find((path) => view.files.has(path));
  if (osRelease !== undefined) layers['/etc/os-release'] = view.files.get(osRelease)!.layerIndex;
  Object.assign(
    layers,
    newestUnder(view, [
      ...(detected.packageCaches ?? []).map((cache) => cache.path),
      ...(detected.devLeftovers ?? [])
        .filter((leftover) => view.files.get(normalise(leftover.path))?.type !== 'file')
        .map((leftover) => leftover.path),
    ]),
  );
  for (const { path, layerIndexes } of detected.wastedFiles ?? [])
    layers[path] = hiddenBy(view, normalise(path)) ?? Math.max(...layerIndexes);
  return layers;
}

/** The newest layer holding a file below each directory; one walk of the view, only when there are directories. */
function newestUnder(view: FinalView, directories: readonly string[]): Record<string, number> {
  const newest: Record<string, number> = {};
  if (directories.length === 0) return newest;
  const prefixes = directories.map((directory) => [directory, `${normalise(directory)}/`] as const);
  for (const entry of view.files.values()) {
    if (entry.type !== 'file') continue;
    for (const [directory, prefix] of prefixes)
      if (entry.path.startsWith(prefix)) newest[directory] = Math.max(newest[directory] ?? 0, entry.layerIndex);
  }
  return newest;
}

/** The layer whose version replaced a file, or whose whiteout (of it or a directory above it) deleted it. */
function hiddenBy(view: FinalView, path: string): number | undefined {
  const visible = view.files.get(path);
  if (visible) return visible.layerIndex;
  const above = (dir: string) => dir === '' || path === dir || path.startsWith(`${dir}/`);
  for (let i = view.layers.length - 1; i >= 0; i--) {
    const layer = view.layers[i]!;
    if (layer.whiteouts.some(above) || layer.opaqueDirs.some((dir) => path !== dir && above(dir))) return layer.index;
  }
  return undefined;
}
