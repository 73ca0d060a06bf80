import type { Readable } from 'node:stream';
import { ImageStreamError } from '../../shared/errors.js';
import { layerSink, sniffBlob, type Flow, type ScannedLayer } from './layer-reader.js';
import { normalise, resolveSymlink } from './merge.js';
import { TarFormatError, TarScanner, type EntrySink } from './tar-scanner.js';
import type { ContentWanted, LayerIndex } from './types.js';

export interface SavedImage {
  /** Bottom layer first. */
  readonly layers: readonly LayerIndex[];
  /** For each layer, the index of the history step that made it; null when the history does not say. */
  readonly layerHistoryIndex: readonly (number | null)[];
}

/** One image of a saved archive, as its manifest and config describe it. */
export interface SavedImageEntry {
  /** `sha256:<hex>` of the image config: the image id. Null when the manifest does not name its config. */
  readonly id: string | null;
  /** Where each layer is in the archive (links followed), bottom first. */
  readonly layerPaths: readonly string[];
  /** The config's `rootfs.diff_ids`, bottom first; null when the config does not list them. */
  readonly diffIds: readonly string[] | null;
  readonly layerHistoryIndex: readonly (number | null)[];
}

/** A whole `docker save` archive of one or more images: each layer once, however many images share it. */
export interface SavedArchive {
  readonly images: readonly SavedImageEntry[];
  /** Every layer in the archive by its path; unreadable ones (zstd, unknown format, corrupt) with `readable: false`. */
  readonly layers: ReadonlyMap<string, ScannedLayer>;
}

const JSON_LIMIT = 16 * 1024 * 1024;
const HEAD_BYTES = 512;

/** Reads a `docker save` stream of one image: its layers, bottom first. */
export async function readSavedImage(stream: Readable, wants: ContentWanted): Promise<SavedImage> {
  const archive = await readSavedArchive(stream, wants);
  return assembleImage(archive, archive.images[0]!);
}

/**
 * Reads a `docker save` stream once, in either layout (legacy `manifest.json` + `<id>/layer.tar`, or OCI
 * `index.json` + `blobs/sha256/…`), of one or several images. Every chunk is pushed through synchronously: the
 * outer archive's scanner hands each entry's bytes to the layer scanner (or zlib, or a JSON buffer) as they arrive,
 * so no layer is held in memory and no chunk waits for a promise. Layers are indexed whatever their order; the
 * manifest, which may come last, says which image has which layers.
 */
export async function readSavedArchive(stream: Readable, wants: ContentWanted): Promise<SavedArchive> {
  const layers = new Map<string, ScannedLayer>();
  const jsons = new Map<string, unknown>();
  const links = new Map<string, string>();
  const scans: Promise<void>[] = [];
  const flow: Flow = { pause: () => stream.pause(), resume: () => stream.resume() };

  /** What to do with an entry once its first bytes say what it is. */
  const sinkFor = (name: string, size: number, head: Buffer): EntrySink => {
    const kind = sniffBlob(head);
    if (kind === 'tar' || kind === 'gzip') {
      const { sink, done } = layerSink(name, kind, wants, flow);
      const scan = done.then((layer) => void layers.set(name, layer));
      // Awaited below; a failure may also stop the stream first, and then nobody else waits for it.
      scan.catch(() => undefined);
      scans.push(scan);
      return sink;
    }
    if (kind === 'json' && size <= JSON_LIMIT) return collector((bytes) => jsons.set(name, parseJson(bytes)));
    if (kind === 'zstd') layers.set(name, unreadableLayer(name, 'zstd'));
    else if (name.startsWith('blobs/') || name.endsWith('layer.tar'))
      layers.set(name, unreadableLayer(name, 'unknown'));
    return DISCARD;
  };
  const outer = new TarScanner({
    entry(header) {
      const name = normalise(header.name);
      if (header.type === '2' && header.linkname) links.set(name, resolveSymlink(name, header.linkname));
      if (header.type !== '0' && header.type !== '7') return false;
      return sniffing((head) => sinkFor(name, header.size, head));
    },
    content: () => undefined,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown) => {
        stream.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      stream.on('data', (chunk: Buffer) => {
        try {
          outer.write(chunk);
        } catch (error) {
          fail(error);
        }
      });
      stream.on('end', () => {
        try {
          outer.end();
          resolve();
        } catch (error) {
          fail(error);
        }
      });
      stream.on('error', fail);
    });
    await Promise.all(scans);
  } catch (error) {
    if (error instanceof ImageStreamError) throw error;
    if (error instanceof TarFormatError)
      throw new ImageStreamError(`the image stream is not a valid docker save archive: ${error.message}`);
    throw new ImageStreamError(`the image stream could not be read: ${(error as Error).message}`);
  }
  return { images: findImages(jsons, links), layers };
}

const DISCARD: EntrySink = { write: () => undefined, end: () => undefined };

/** Holds an entry's first HEAD_BYTES (or all of a smaller one), then passes everything to the sink they choose. */
function sniffing(choose: (head: Buffer) => EntrySink): EntrySink {
  let held: Buffer[] = [];
  let heldBytes = 0;
  let target: EntrySink | null = null;
  const decide = () => {
    target = choose(Buffer.concat(held, heldBytes));
    for (const piece of held) target.write(piece);
    held = [];
  };
  return {
    write(piece) {
      if (target) return target.write(piece);
      held.push(piece);
      heldBytes += piece.length;
      if (heldBytes >= HEAD_BYTES) decide();
    },
    end() {
      if (!target) decide();
      target!.end();
    },
  };
}

/** Keeps a small entry (a JSON document) whole. */
function collector(done: (bytes: Buffer) => void): EntrySink {
  const pieces: Buffer[] = [];
  return { write: (piece) => void pieces.push(piece), end: () => done(Buffer.concat(pieces)) };
}

function unreadableLayer(source: string, compression: ScannedLayer['compression']): ScannedLayer {
  return {
    source,
    compression,
    readable: false,
    entries: [],
    whiteouts: [],
    opaqueDirs: [],
    contents: new Map(),
    fileBytes: 0,
  };
}

/**
 * The images the archive's manifest.json (legacy) or index.json (OCI) describe. Every JSON document here comes from
 * the stream, so each value is checked for the shape it must have; anything else counts as absent.
 */
function findImages(jsons: ReadonlyMap<string, unknown>, links: ReadonlyMap<string, string>): SavedImageEntry[] {
  const follow = (path: string) => jsons.get(links.get(path) ?? path);
  const entry = (id: string | null, configPath: string | null, layerPaths: readonly string[]): SavedImageEntry => {
    const config = configPath ? follow(configPath) : undefined;
    const paths = layerPaths.map((path) => links.get(path) ?? path);
    const rootfs = field(config, 'rootfs');
    const listed = field(rootfs, 'diff_ids');
    const diffIds = isStrings(listed) && listed.length === paths.length ? listed : null;
    return {
      id,
      layerPaths: paths,
      diffIds,
      layerHistoryIndex: historyIndexes(field(config, 'history'), paths.length),
    };
  };
  const manifest = jsons.get('manifest.json');
  if (Array.isArray(manifest) && manifest.length > 0 && manifest.every((image) => isStrings(field(image, 'Layers')))) {
    return manifest.map((image) => {
      const config = field(image, 'Config');
      const configPath = typeof config === 'string' && config !== '' ? normalise(config) : null;
      const hex = configPath ? /([0-9a-f]{64})(?:\.json)?$/.exec(configPath)?.[1] : undefined;
      return entry(hex ? `sha256:${hex}` : null, configPath, (field(image, 'Layers') as string[]).map(normalise));
    });
  }
  const images: SavedImageEntry[] = [];
  // index.json lists one manifest per image, or an image index first (multi-platform): a few hops at most.
  const visit = (node: unknown, hops: number): void => {
    if (hops > 4) return;
    const layers = field(node, 'layers');
    if (Array.isArray(layers)) {
      const digests = layers.map((layer) => field(layer, 'digest'));
      if (!isStrings(digests)) return;
      const configDigest = field(field(node, 'config'), 'digest');
      const id = typeof configDigest === 'string' ? configDigest : null;
      images.push(entry(id, id ? blobPath(id) : null, digests.map(blobPath)));
      return;
    }
    const manifests = field(node, 'manifests');
    if (!Array.isArray(manifests)) return;
    for (const child of manifests) {
      const digest = field(child, 'digest');
      if (typeof digest === 'string') visit(follow(blobPath(digest)), hops + 1);
    }
  };
  visit(jsons.get('index.json'), 0);
  if (images.length > 0) return images;
  throw new ImageStreamError('the image stream has no manifest.json or OCI index.json: not a docker save archive');
}

/** `value[key]` when value is a JSON object; undefined otherwise. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

/** One image's layers from the archive, bottom first. */
export function assembleImage(archive: SavedArchive, image: SavedImageEntry): SavedImage {
  const layers = image.layerPaths.map((path, index): LayerIndex => {
    const layer = archive.layers.get(path);
    if (!layer) throw new ImageStreamError(`the image stream lacks the layer ${path} its manifest lists`);
    return { ...layer, index };
  });
  return { layers, layerHistoryIndex: image.layerHistoryIndex };
}

/** The n-th step without `empty_layer` made the n-th layer. */
function historyIndexes(history: unknown, layerCount: number): (number | null)[] {
  const steps = (Array.isArray(history) ? history : []).flatMap((step, index) =>
    field(step, 'empty_layer') === true ? [] : [index],
  );
  if (steps.length !== layerCount) return Array.from({ length: layerCount }, () => null);
  return steps;
}

/** Not every JSON-looking blob matters; one that does and is broken is reported missing by the layout. */
function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
