import { PassThrough, type Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { ImageStreamError } from '../../docker/errors.js';
import { readLayer, sniffBlob, type ScannedLayer } from './layer-reader.js';
import { normalise, resolveSymlink } from './merge.js';
import type { ContentWanted, LayerIndex } from './types.js';

/** The image config's history, which (unlike the API's) says which steps made a layer. */
export interface ConfigHistoryEntry {
  readonly created_by?: string;
  readonly empty_layer?: boolean;
}

export interface SavedImage {
  /** Bottom layer first. */
  readonly layers: readonly LayerIndex[];
  /** For each layer, the index of the history step that made it; null when the history does not say. */
  readonly layerHistoryIndex: readonly (number | null)[];
}

const JSON_LIMIT = 16 * 1024 * 1024;
const HEAD_BYTES = 512;
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * Reads a `docker save` stream once, in either layout (legacy `manifest.json` + `<id>/layer.tar`, or OCI
 * `index.json` + `blobs/sha256/…`). Layers are indexed as they stream, whatever their order; the manifest, which
 * may come last, orders them at the end.
 */
export async function readSavedImage(stream: Readable, wants: ContentWanted): Promise<SavedImage> {
  const outer = tar.extract();
  const scanned = new Map<string, ScannedLayer>();
  const unreadable = new Map<string, ScannedLayer['compression']>();
  const jsons = new Map<string, unknown>();
  const links = new Map<string, string>();
  // A deep buffer between the engine and the parser: the engine keeps writing while one layer entry is parsed.
  const buffer = new PassThrough({ highWaterMark: READ_AHEAD_BYTES });
  stream.on('error', (error) => outer.destroy(error));
  buffer.on('error', (error) => outer.destroy(error));
  stream.pipe(buffer).pipe(outer as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of outer) {
      const name = normalise(entry.header.name);
      if (entry.header.type === 'symlink' && entry.header.linkname) {
        links.set(name, resolveSymlink(name, entry.header.linkname));
        entry.resume();
        continue;
      }
      if (entry.header.type !== 'file') {
        entry.resume();
        continue;
      }
      const { head, rest } = await readHead(entry as unknown as AsyncIterable<Buffer>);
      const kind = sniffBlob(head);
      if (kind === 'tar' || kind === 'gzip') {
        scanned.set(name, await readLayer(name, kind, rest, wants));
      } else if (kind === 'json' && (entry.header.size ?? 0) <= JSON_LIMIT) {
        jsons.set(name, parseJson(await collect(rest)));
      } else {
        if (kind === 'zstd') unreadable.set(name, 'zstd');
        else if (name.startsWith('blobs/') || name.endsWith('layer.tar')) unreadable.set(name, 'unknown');
        await drain(rest);
      }
    }
  } catch (error) {
    stream.destroy();
    if (error instanceof ImageStreamError) throw error;
    throw new ImageStreamError(`the image stream could not be read: ${(error as Error).message}`);
  }
  return assemble(findLayout(jsons, links), scanned, unreadable, links);
}

interface Layout {
  readonly layerPaths: readonly string[];
  readonly history: readonly ConfigHistoryEntry[] | null;
}

function findLayout(jsons: ReadonlyMap<string, unknown>, links: ReadonlyMap<string, string>): Layout {
  const follow = (path: string) => jsons.get(links.get(path) ?? path);
  const manifest = jsons.get('manifest.json') as { Config?: string; Layers?: string[] }[] | undefined;
  if (Array.isArray(manifest) && manifest[0]?.Layers) {
    const config = manifest[0].Config ? (follow(normalise(manifest[0].Config)) as { history?: ConfigHistoryEntry[] }) : undefined;
    return { layerPaths: manifest[0].Layers.map(normalise), history: config?.history ?? null };
  }
  let node = jsons.get('index.json') as OciNode | undefined;
  // index.json may point at an image index before the manifest itself; a few hops at most.
  for (let hop = 0; node && hop < 4; hop++) {
    if (Array.isArray(node.layers)) {
      const config = node.config?.digest ? (follow(blobPath(node.config.digest)) as { history?: ConfigHistoryEntry[] }) : undefined;
      return { layerPaths: node.layers.map((layer) => blobPath(layer.digest)), history: config?.history ?? null };
    }
    const next = node.manifests?.[0]?.digest;
    node = next ? (follow(blobPath(next)) as OciNode | undefined) : undefined;
  }
  throw new ImageStreamError('the image stream has no manifest.json or OCI index.json: not a docker save archive');
}

interface OciNode {
  manifests?: { digest: string }[];
  layers?: { digest: string }[];
  config?: { digest: string };
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

function assemble(
  layout: Layout,
  scanned: ReadonlyMap<string, ScannedLayer>,
  unreadable: ReadonlyMap<string, ScannedLayer['compression']>,
  links: ReadonlyMap<string, string>,
): SavedImage {
  const layers = layout.layerPaths.map((listed, index): LayerIndex => {
    const path = links.get(listed) ?? listed;
    const layer = scanned.get(path);
    if (layer) return { ...layer, index };
    const compression = unreadable.get(path);
    if (compression === undefined) throw new ImageStreamError(`the image stream lacks the layer ${listed} its manifest lists`);
    return { source: path, index, compression, readable: false, entries: [], whiteouts: [], opaqueDirs: [], contents: new Map(), fileBytes: 0 };
  });
  return { layers, layerHistoryIndex: historyIndexes(layout.history, layers.length) };
}

/** The n-th step without `empty_layer` made the n-th layer. */
function historyIndexes(history: readonly ConfigHistoryEntry[] | null, layerCount: number): (number | null)[] {
  const steps = (history ?? []).flatMap((step, index) => (step.empty_layer ? [] : [index]));
  if (steps.length !== layerCount) return Array.from({ length: layerCount }, () => null);
  return steps;
}

async function readHead(entry: AsyncIterable<Buffer>): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = entry[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* taken;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: Buffer.concat(taken, length), rest: rest() };
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of chunks) parts.push(part);
  return Buffer.concat(parts);
}

/** Not every JSON-looking blob matters; one that does and is broken is reported missing by the layout. */
function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function drain(chunks: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of chunks) void chunk;
}
