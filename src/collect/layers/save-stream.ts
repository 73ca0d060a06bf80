import type { Readable } from 'node:stream';
import { ImageStreamError } from '../../shared/errors.js';
import { layerSink, sniffBlob, type Flow, type ScannedLayer } from './layer-reader.js';
import { findImages, parseJson, type SavedImageEntry } from './layout.js';
import { normalise, resolveSymlink } from './merge.js';
import { TarFormatError, TarScanner, type EntrySink } from './tar-scanner.js';
import type { ContentWanted, LayerIndex } from './types.js';

export interface SavedImage {
  /** Bottom layer first. */
  readonly layers: readonly LayerIndex[];
  /** For each layer, the index of the history step that made it; null when the history does not say. */
  readonly layerHistoryIndex: readonly (number | null)[];
}

export type { SavedImageEntry } from './layout.js';

/** A whole `docker save` archive of one or more images: each layer once, however many images share it. */
export interface SavedArchive {
  readonly images: readonly SavedImageEntry[];
  /** Every layer in the archive by its path; unreadable ones (unknown format, corrupt) with `readable: false`. */
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
  const flow = flowOf(stream);

  /** What to do with an entry once its first bytes say what it is. */
  const sinkFor = (name: string, size: number, head: Buffer): EntrySink => {
    const kind = sniffBlob(head);
    if (kind === 'json' && size <= JSON_LIMIT) return collector((bytes) => jsons.set(name, parseJson(bytes)));
    if (kind === 'json' || (kind === 'unknown' && !name.startsWith('blobs/') && !name.endsWith('layer.tar')))
      return DISCARD;
    const { sink, done } = blobSink(name, head, wants, flow);
    const scan = done.then((layer) => void layers.set(name, layer));
    // Awaited below; a failure may also stop the stream first, and then nobody else waits for it.
    scan.catch(() => undefined);
    scans.push(scan);
    return sink;
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
    await pushStream(stream, outer);
    await Promise.all(scans);
  } catch (error) {
    if (error instanceof ImageStreamError) throw error;
    if (error instanceof TarFormatError)
      throw new ImageStreamError(`the image stream is not a valid docker save archive: ${error.message}`);
    throw new ImageStreamError(`the image stream could not be read: ${(error as Error).message}`);
  }
  return { images: findImages({ json: (path) => jsons.get(path), links }), layers };
}

/**
 * The sink for a layer blob whose first bytes are `head`: scanned when it is a tar, gzip or zstd; otherwise settled
 * at once as unreadable of an unknown format, its bytes dropped.
 */
export function blobSink(
  name: string,
  head: Buffer,
  wants: ContentWanted,
  flow: Flow,
): { sink: EntrySink; done: Promise<ScannedLayer> } {
  const kind = sniffBlob(head);
  if (kind === 'tar' || kind === 'gzip' || kind === 'zstd') return layerSink(name, kind, wants, flow);
  return { sink: DISCARD, done: Promise.resolve(unreadableLayer(name, 'unknown')) };
}

/** Reads one layer blob from its own stream (a file of an OCI layout, a range of an archive). */
export async function readLayerStream(stream: Readable, name: string, wants: ContentWanted): Promise<ScannedLayer> {
  const flow = flowOf(stream);
  let done: Promise<ScannedLayer> | null = null;
  const sink = sniffing((head) => {
    const chosen = blobSink(name, head, wants, flow);
    done = chosen.done;
    return chosen.sink;
  });
  await pushStream(stream, sink);
  return done!;
}

/**
 * Back-pressure on `stream` for the layer sinks. Several gzip layers can hold it at once (one finishing, the next
 * starting): it runs again when none does.
 */
function flowOf(stream: Readable): Flow {
  let holds = 0;
  return {
    pause: () => {
      if (holds++ === 0) stream.pause();
    },
    resume: () => {
      if (--holds === 0) stream.resume();
    },
  };
}

/**
 * Pushes every chunk of `stream` synchronously into `sink` and ends it with the stream. Settles when the sink has
 * taken the last byte; a sink that throws stops (and destroys) the stream with that error.
 */
function pushStream(stream: Readable, sink: EntrySink): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      stream.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    stream.on('data', (chunk: Buffer) => {
      try {
        sink.write(chunk);
      } catch (error) {
        fail(error);
      }
    });
    stream.on('end', () => {
      try {
        sink.end();
        resolve();
      } catch (error) {
        fail(error);
      }
    });
    stream.on('error', fail);
  });
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

/** One image's layers from the archive, bottom first. */
export function assembleImage(archive: SavedArchive, image: SavedImageEntry): SavedImage {
  const layers = image.layerPaths.map((path, index): LayerIndex => ({
    ...layerOf(archive, image, index),
    index,
  }));
  return { layers, layerHistoryIndex: image.layerHistoryIndex };
}

/**
 * The image's `index`-th layer as read from the archive. A foreign layer the archive leaves out by design stands as
 * unreadable and foreign; any other missing layer means the archive is broken.
 */
export function layerOf(archive: SavedArchive, image: SavedImageEntry, index: number): ScannedLayer {
  const path = image.layerPaths[index]!;
  const layer = archive.layers.get(path);
  if (layer) return layer;
  if (image.foreign[index]) return foreignLayer(path);
  throw new ImageStreamError(`the image stream lacks the layer ${path} its manifest lists`);
}

/** A foreign or non-distributable layer, absent from the archive: nothing of it could be scanned. */
export function foreignLayer(source: string): ScannedLayer {
  return { ...unreadableLayer(source, 'unknown'), foreign: true };
}
