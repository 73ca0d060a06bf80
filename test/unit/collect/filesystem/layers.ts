import { mergeLayers } from '../../../../src/collect/layers/merge.js';
import type { FinalView, LayerEntry, LayerIndex } from '../../../../src/collect/layers/types.js';
import type { FilesystemContext } from '../../../../src/collect/filesystem/index.js';
import { makeFacts } from '../../helpers/facts.js';

/** One item of a layer as `docker save` would store it: an entry (maybe with captured content) or a whiteout marker. */
export type Item =
  | { readonly kind: 'entry'; readonly entry: LayerEntry; readonly content?: Buffer }
  | { readonly kind: 'whiteout'; readonly path: string }
  | { readonly kind: 'opaque'; readonly path: string };

interface EntryOptions {
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
}

const entry = (
  path: string,
  type: LayerEntry['type'],
  mode: number,
  size: number,
  linkname: string | null,
  options: EntryOptions,
  content?: Buffer,
): Item => ({
  kind: 'entry',
  entry: { path, type, mode: options.mode ?? mode, uid: options.uid ?? 0, gid: options.gid ?? 0, size, linkname },
  ...(content === undefined ? {} : { content }),
});

/** A regular file; `content` is captured (as if some detector wanted it) and sets the size unless `size` is given. */
export function file(path: string, options: EntryOptions & { size?: number; content?: string | Buffer } = {}): Item {
  const content = typeof options.content === 'string' ? Buffer.from(options.content) : options.content;
  return entry(path, 'file', 0o644, options.size ?? content?.length ?? 100, null, options, content);
}

export const dir = (path: string, options: EntryOptions = {}): Item =>
  entry(path, 'directory', 0o755, 0, null, options);
export const symlink = (path: string, target: string, options: EntryOptions = {}): Item =>
  entry(path, 'symlink', 0o777, 0, target, options);
/** `target` is the normalised path it links to, as the stream reader stores it. */
export const hardlink = (path: string, target: string, options: EntryOptions = {}): Item =>
  entry(path, 'hardlink', 0o755, 0, target, options);
export const whiteout = (path: string): Item => ({ kind: 'whiteout', path });
export const opaque = (path: string): Item => ({ kind: 'opaque', path });

export function layer(index: number, items: readonly Item[]): LayerIndex {
  const entries: LayerEntry[] = [];
  const contents = new Map<string, Buffer>();
  const whiteouts: string[] = [];
  const opaqueDirs: string[] = [];
  for (const item of items) {
    if (item.kind === 'whiteout') whiteouts.push(item.path);
    else if (item.kind === 'opaque') opaqueDirs.push(item.path);
    else {
      entries.push(item.entry);
      if (item.content !== undefined) contents.set(item.entry.path, item.content);
    }
  }
  const fileBytes = entries.reduce((sum, { size }) => sum + size, 0);
  return {
    index,
    source: `blobs/sha256/${String(index).padStart(64, '0')}`,
    compression: 'gzip',
    readable: true,
    entries,
    whiteouts,
    opaqueDirs,
    contents,
    fileBytes,
  };
}

/** The final view of layers given bottom first, each as a list of items. */
export function image(...layers: readonly (readonly Item[])[]): FinalView {
  return mergeLayers(layers.map((items, index) => layer(index, items)));
}

export function context(
  options: { user?: string; layerCreatedBy?: readonly (string | null)[] } = {},
): FilesystemContext {
  const { config } = makeFacts({ config: { user: options.user ?? '' } });
  return { config, layerCreatedBy: options.layerCreatedBy ?? [] };
}
