import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { normalise } from './merge.js';
import { CONTENT_SIZE_CAP, type ContentWanted, type EntryType, type LayerCompression, type LayerEntry } from './types.js';

/** A layer as read from the stream, before its position in the image is known. */
export interface ScannedLayer {
  readonly source: string;
  readonly compression: LayerCompression;
  readonly readable: boolean;
  readonly entries: LayerEntry[];
  readonly whiteouts: string[];
  readonly opaqueDirs: string[];
  readonly contents: Map<string, Buffer>;
  fileBytes: number;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

const TYPES: Readonly<Record<string, EntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  link: 'hardlink',
};

/** How a blob starts: a tar (ustar magic at 257), gzip, zstd, JSON, or something else. */
export type BlobKind = 'tar' | 'gzip' | 'zstd' | 'json' | 'unknown';

export function sniffBlob(head: Buffer): BlobKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  const first = head.toString('latin1', 0, Math.min(head.length, 64)).trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  // An empty layer is 1024 zero bytes (two end-of-archive blocks).
  if (head.length >= 512 && head.subarray(0, 512).every((byte) => byte === 0)) return 'tar';
  return 'unknown';
}

/**
 * Indexes one layer tar as its bytes arrive: metadata for every entry, content only for the small files `wants`
 * names. `chunks` yields the layer's bytes (the head already read for sniffing comes first).
 */
export async function readLayer(
  source: string,
  kind: 'tar' | 'gzip',
  chunks: AsyncIterable<Buffer>,
  wants: ContentWanted,
): Promise<ScannedLayer> {
  const layer: ScannedLayer = {
    source,
    compression: kind === 'gzip' ? 'gzip' : 'none',
    readable: true,
    entries: [],
    whiteouts: [],
    opaqueDirs: [],
    contents: new Map(),
    fileBytes: 0,
  };
  const extract = tar.extract();
  const indexing = indexEntries(extract, layer, wants);
  // Without this, an error from the input side leaves `indexing` waiting forever.
  indexing.catch(() => undefined);
  const sink = kind === 'gzip' ? createGunzip() : null;
  if (sink) {
    // A corrupt gzip stream fails the layer through the extractor, which `indexing` reports.
    sink.on('error', (error) => extract.destroy(error));
    sink.pipe(extract as unknown as NodeJS.WritableStream);
  }
  const target = (sink ?? extract) as unknown as NodeJS.WritableStream & { destroy(error?: Error): void };
  try {
    for await (const chunk of chunks) {
      if (!target.write(chunk)) await Promise.race([once(target, 'drain'), indexing]);
    }
    target.end();
    await indexing;
  } catch (error) {
    target.destroy();
    throw error;
  }
  return layer;
}

/** Event callbacks rather than async iteration: tens of thousands of small entries make per-entry promises count. */
function indexEntries(extract: tar.Extract, layer: ScannedLayer, wants: ContentWanted): Promise<void> {
  return new Promise((resolve, reject) => {
    extract.on('error', reject);
    extract.on('finish', resolve);
    extract.on('entry', (header, stream, next) => {
      const path = normalise(header.name);
      const slash = path.lastIndexOf('/');
      const base = path.slice(slash + 1);
      if (base.startsWith(WHITEOUT_PREFIX)) {
        const dir = slash === -1 ? '' : path.slice(0, slash);
        if (base === OPAQUE_MARKER) layer.opaqueDirs.push(dir);
        else layer.whiteouts.push(dir === '' ? base.slice(WHITEOUT_PREFIX.length) : `${dir}/${base.slice(WHITEOUT_PREFIX.length)}`);
        stream.on('end', () => next());
        stream.resume();
        return;
      }
      const type = TYPES[header.type ?? 'file'] ?? 'other';
      const size = type === 'file' ? (header.size ?? 0) : 0;
      layer.entries.push({
        path,
        type,
        mode: (header.mode ?? 0) & 0o7777,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        size,
        linkname: linkTarget(type, header.linkname),
      });
      layer.fileBytes += size;
      if (type === 'file' && size <= CONTENT_SIZE_CAP && path !== '' && wants(path, size)) {
        const parts: Buffer[] = [];
        stream.on('data', (part) => parts.push(part as Buffer));
        stream.on('end', () => {
          layer.contents.set(path, parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
          next();
        });
      } else {
        stream.on('end', () => next());
        stream.resume();
      }
    });
  });
}

function linkTarget(type: EntryType, linkname: string | null | undefined): string | null {
  if (!linkname) return null;
  return type === 'hardlink' ? normalise(linkname) : linkname;
}

