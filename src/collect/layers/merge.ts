import { posix } from 'node:path';
import type { FinalView, LayerEntry, LayerIndex, ViewEntry } from './types.js';

const MAX_LINK_HOPS = 40;

/**
 * Stacks the layers as overlayfs does: each layer first hides what its whiteouts and opaque directories name in
 * the layers below, then adds its own entries over them.
 */
export function mergeLayers(layers: readonly LayerIndex[]): FinalView {
  const files = new Map<string, ViewEntry>();
  const hardlinkTargets = new Map<string, ViewEntry>();
  for (const layer of layers) {
    for (const dir of layer.opaqueDirs) removeBelow(files, dir);
    for (const path of layer.whiteouts) removeWhiteout(files, path);
    for (const entry of layer.entries) {
      // A file replacing a directory hides everything the directory held.
      const previous = files.get(entry.path);
      if (previous?.type === 'directory' && entry.type !== 'directory') removeBelow(files, entry.path);
      files.set(entry.path, viewEntry(entry, layer.index));
    }
    recordHardlinkTargets(layer, hardlinkTargets);
  }
  return createView(files, layers, hardlinkTargets);
}

/** A hard link names a file earlier in the same layer tar: that copy, not whatever the path shows later. */
function recordHardlinkTargets(layer: LayerIndex, targets: Map<string, ViewEntry>): void {
  for (const [path, target] of hardlinksOf(layer.entries))
    targets.set(hardlinkKey(layer.index, path), viewEntry(target, layer.index));
}

/** Per layer, not per image: the images of a batch share their base layer's entries array. */
const hardlinksByLayer = new WeakMap<readonly LayerEntry[], readonly (readonly [string, LayerEntry])[]>();

/** Each hard link of a layer with the entry it names in the same layer. */
function hardlinksOf(entries: readonly LayerEntry[]): readonly (readonly [string, LayerEntry])[] {
  let links = hardlinksByLayer.get(entries);
  if (!links) {
    const sameLayer = entries.some((entry) => entry.type === 'hardlink')
      ? new Map(entries.map((entry) => [entry.path, entry]))
      : null;
    links = sameLayer
      ? entries.flatMap((entry) => {
          const target =
            entry.type === 'hardlink' && entry.linkname !== null ? sameLayer.get(entry.linkname) : undefined;
          return target ? [[entry.path, target] as const] : [];
        })
      : [];
    hardlinksByLayer.set(entries, links);
  }
  return links;
}

/**
 * Written out, not `{ ...entry, layerIndex }`: every view entry then shares one object shape, which keeps the merge
 * and each detector's pass over 100,000 entries several times faster than spread copies do (measured: 65 → 19 ms
 * for the merge of 60,000 files, and the detectors' passes 3-5× faster).
 */
function viewEntry(entry: LayerEntry, layerIndex: number): ViewEntry {
  return {
    path: entry.path,
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    size: entry.size,
    linkname: entry.linkname,
    layerIndex,
  };
}

const hardlinkKey = (layerIndex: number, path: string) => `${layerIndex}\u0000${path}`;

/** A whiteout of a plain file is one delete; only a directory (or a path with no entry of its own) needs a scan. */
function removeWhiteout(files: Map<string, ViewEntry>, path: string): void {
  const existing = files.get(path);
  files.delete(path);
  if (existing === undefined || existing.type === 'directory') removeBelow(files, path);
}

/** Removes everything inside the directory `path` (not the directory itself). */
function removeBelow(files: Map<string, ViewEntry>, path: string): void {
  const prefix = path === '' ? '' : `${path}/`;
  for (const key of files.keys()) if (key.startsWith(prefix)) files.delete(key);
}

function createView(
  files: ReadonlyMap<string, ViewEntry>,
  layers: readonly LayerIndex[],
  hardlinkTargets: ReadonlyMap<string, ViewEntry>,
): FinalView {
  const byIndex = new Map(layers.map((layer) => [layer.index, layer]));
  const budget = { hops: 0 };
  /** Follows symlinks in every component of `path`, as the kernel does (`bin/sh` with `bin -> usr/bin`). */
  const lookup = (path: string): ViewEntry | undefined => {
    let resolved = '';
    const parts = path === '' ? [] : path.split('/');
    for (const [i, part] of parts.entries()) {
      resolved = resolved === '' ? part : `${resolved}/${part}`;
      const entry = files.get(resolved);
      if (i === parts.length - 1) return entry;
      if (entry?.type === 'symlink' && entry.linkname !== null) {
        if (++budget.hops > MAX_LINK_HOPS) return undefined;
        const target = resolveSymlink(entry.path, entry.linkname);
        // Layer tars may omit directory entries: a target without one is still a directory if files live in it.
        const dir = lookupFinal(target);
        if (dir && dir.type !== 'directory') return undefined;
        resolved = dir?.path ?? target;
      }
    }
    return undefined;
  };
  /** lookup, then follow the entry itself while it is a link. */
  const lookupFinal = (path: string): ViewEntry | undefined => {
    let current = lookup(path);
    while (current && budget.hops <= MAX_LINK_HOPS) {
      if (current.type === 'hardlink' && current.linkname !== null) {
        current = hardlinkTargets.get(hardlinkKey(current.layerIndex, current.path)) ?? lookup(current.linkname);
      } else if (current.type === 'symlink' && current.linkname !== null) {
        budget.hops++;
        current = lookup(resolveSymlink(current.path, current.linkname));
      } else {
        return current;
      }
    }
    return undefined;
  };
  const view: FinalView = {
    files,
    layers,
    content(path) {
      const entry = files.get(normalise(path));
      return entry ? byIndex.get(entry.layerIndex)?.contents.get(entry.path) : undefined;
    },
    resolve(path) {
      budget.hops = 0;
      return lookupFinal(normalise(path));
    },
    isVisible(path, layerIndex) {
      return files.get(path)?.layerIndex === layerIndex;
    },
  };
  return view;
}

/** `usr/bin/rpm` → `../../bin/busybox` → `bin/busybox`; absolute targets are taken from the image root. */
export function resolveSymlink(linkPath: string, target: string): string {
  const joined = target.startsWith('/') ? target : posix.join(posix.dirname(`/${linkPath}`), target);
  return normalise(posix.normalize(`/${joined}`));
}

/** The path form every index uses: no leading `/` or `./`, no trailing `/`, no `..` above the root. */
export function normalise(path: string): string {
  // Layer tars name entries `usr/bin/x`, `./usr/bin/x` or `usr/bin/`: trim those without the general normaliser.
  if (!path.includes('..') && !path.includes('//') && !path.includes('/./') && !path.endsWith('/.')) {
    const start = path.startsWith('./') ? 2 : path.startsWith('/') ? 1 : 0;
    const end = path.endsWith('/') ? path.length - 1 : path.length;
    const trimmed = start === 0 && end === path.length ? path : path.slice(start, end);
    if (trimmed !== '.' && !trimmed.startsWith('/')) return trimmed;
  }
  const clean = posix.normalize(`/${path}`);
  return clean === '/' ? '' : clean.replace(/^\/+/, '').replace(/\/+$/, '');
}
