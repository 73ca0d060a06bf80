import { posix } from 'node:path';
import type { FinalView, LayerIndex, ViewEntry } from './types.js';

const MAX_LINK_HOPS = 40;

/**
 * Stacks the layers as overlayfs does: each layer first hides what its whiteouts and opaque directories name in
 * the layers below, then adds its own entries over them.
 */
export function mergeLayers(layers: readonly LayerIndex[]): FinalView {
  const files = new Map<string, ViewEntry>();
  for (const layer of layers) {
    for (const dir of layer.opaqueDirs) removeBelow(files, dir);
    for (const path of layer.whiteouts) removeWhiteout(files, path);
    for (const entry of layer.entries) {
      // A file replacing a directory hides everything the directory held.
      const previous = files.get(entry.path);
      if (previous?.type === 'directory' && entry.type !== 'directory') removeBelow(files, entry.path);
      files.set(entry.path, { ...entry, layerIndex: layer.index });
    }
  }
  return createView(files, layers);
}

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

function createView(files: ReadonlyMap<string, ViewEntry>, layers: readonly LayerIndex[]): FinalView {
  const byIndex = new Map(layers.map((layer) => [layer.index, layer]));
  const view: FinalView = {
    files,
    layers,
    content(path) {
      const entry = files.get(normalise(path));
      return entry ? byIndex.get(entry.layerIndex)?.contents.get(entry.path) : undefined;
    },
    resolve(path) {
      let current = files.get(normalise(path));
      for (let hops = 0; current && hops < MAX_LINK_HOPS; hops++) {
        if (current.type === 'hardlink' && current.linkname !== null) current = files.get(current.linkname);
        else if (current.type === 'symlink' && current.linkname !== null) current = files.get(resolveSymlink(current.path, current.linkname));
        else return current;
      }
      return undefined;
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
  const clean = posix.normalize(`/${path}`);
  return clean === '/' ? '' : clean.replace(/^\/+/, '').replace(/\/+$/, '');
}
