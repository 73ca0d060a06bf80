import { availableParallelism } from 'node:os';
import { mapWithConcurrency } from '../../shared/async.js';
import { ImageArchiveError, ImageInputError } from '../../shared/errors.js';
import type { InputFacts } from '../../facts.js';
import { inspectFromConfigBlob } from '../config/config-blob.js';
import type { HistoryRow, InspectFields } from '../config/image-config.js';
import {
  findImages,
  parseJson,
  selectPlatform,
  type ArchiveDocuments,
  type SavedImageEntry,
} from '../layers/layout.js';
import { readLayerStream, type SavedArchive } from '../layers/save-stream.js';
import type { ContentWanted } from '../layers/types.js';
import { openInput, type InputSource } from './source.js';

/** One image of an `--input` archive or layout: what inspect and history would say of it, and where its layers are. */
export interface InputImage {
  /** The path, and the image's name in the archive when it has one: `image.tar (myorg/api:1.4.2)`. */
  readonly ref: string;
  readonly input: InputFacts;
  readonly inspect: InspectFields;
  readonly history: HistoryRow[];
  /** Its manifest entry: id, diff ids and layer paths all known. */
  readonly entry: SavedImageEntry & { readonly id: string; readonly diffIds: readonly string[] };
  /** The bytes each layer takes in the archive (0 for a foreign layer it leaves out). */
  readonly storedBytes: readonly number[];
  readonly source: InputSource;
}

const JSON_LIMIT = 16 * 1024 * 1024;
/** Layers of a file read at once: one per core, each gunzip in the thread pool with a tar scan on the main thread. */
const LAYER_READ_CONCURRENCY = Math.max(2, availableParallelism());
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The images of an `--input` path (each image of a `docker save` of several; for a multi-platform image the one of
 * `platform`), read from their manifests and config blobs. Their layers are read later, by readInputLayers.
 */
export async function readInput(path: string, platform: string): Promise<InputImage[]> {
  const source = await openInput(path);
  const documents = await loadDocuments(source);
  let found: SavedImageEntry[];
  try {
    found = findImages(documents);
  } catch {
    throw new ImageArchiveError(
      path,
      'not an image archive or layout: no manifest.json, or an index.json that names no image',
    );
  }
  const { images, missing } = selectPlatform(found, platform);
  if (missing.length > 0)
    throw new ImageInputError(
      `--input ${path}: a multi-platform image without ${platform} (it has ${missing[0]!.join(', ')}); ` +
        'choose one with --platform',
    );
  const byId = new Map<string, SavedImageEntry>();
  for (const image of images) {
    if (image.id === null || !DIGEST.test(image.id))
      throw new ImageArchiveError(path, 'an image manifest names no sha256 config');
    const known = byId.get(image.id);
    byId.set(image.id, known ? { ...known, names: [...new Set([...known.names, ...image.names])] } : image);
  }
  const unique = [...byId.values()];
  return Promise.all(unique.map((entry) => describeInputImage(source, documents, entry, unique.length)));
}

/** An image of the source as inspect and history would show it, from its manifest entry and config document. */
export async function describeInputImage(
  source: InputSource,
  documents: ArchiveDocuments,
  entry: SavedImageEntry,
  imageCount: number,
): Promise<InputImage> {
  const id = entry.id!;
  const config = entry.configPath
    ? documents.json(documents.links.get(entry.configPath) ?? entry.configPath)
    : undefined;
  if (config === undefined) throw new ImageArchiveError(source.path, `the config of ${id} is missing or not JSON`);
  if (entry.diffIds === null)
    throw new ImageArchiveError(
      source.path,
      `the config of ${id} does not list a diff id for each of its ${entry.layerPaths.length} layers`,
    );
  const storedBytes = await Promise.all(
    entry.layerPaths.map(async (layerPath, index) => {
      const size = await source.size(layerPath);
      if (size !== undefined) return size;
      if (entry.foreign[index]) return 0;
      throw new ImageArchiveError(source.path, `the archive lacks the layer ${layerPath} the manifest of ${id} lists`);
    }),
  );
  const name = entry.names[0] ?? null;
  const { inspect, history } = inspectFromConfigBlob(id, entry.names, config);
  return {
    ref: name ? `${source.path} (${name})` : imageCount > 1 ? `${source.path} (${id.slice(0, 19)})` : source.path,
    input: { path: source.path, format: source.format, name },
    inspect,
    history,
    entry: { ...entry, id, diffIds: entry.diffIds },
    storedBytes,
    source,
  };
}

/**
 * The JSON documents findImages needs, read one level at a time: index.json, the indexes and manifests it names,
 * their configs. Nothing else of the archive is read.
 */
async function loadDocuments(source: InputSource): Promise<ArchiveDocuments> {
  const jsons = new Map<string, unknown>();
  for (let round = 0; round < 8; round++) {
    const wanted = new Set<string>();
    try {
      findImages({
        json: (path) => {
          if (!jsons.has(path)) wanted.add(path);
          return jsons.get(path);
        },
        links: source.links,
      });
    } catch {
      // Not every document is there yet, or the archive holds none: the last round says.
    }
    if (wanted.size === 0) break;
    for (const path of wanted) jsons.set(path, await readJson(source, path));
  }
  return { json: (path) => jsons.get(path), links: source.links };
}

async function readJson(source: InputSource, path: string): Promise<unknown> {
  const size = await source.size(path);
  if (size === undefined || size > JSON_LIMIT) return undefined;
  return parseJson(await source.read(path));
}

/**
 * Reads the layers of these images from their archive, each once and none extracted to disk, several at a time: in a
 * file, unlike the engine's stream, every layer can be read from its own offset, so the gunzip of independent layers
 * runs on every core (zlib works in the thread pool). A foreign layer the archive leaves out is left to layerOf.
 */
export async function readInputLayers(
  source: InputSource,
  images: readonly SavedImageEntry[],
  wants: ContentWanted,
): Promise<SavedArchive> {
  const paths = [...new Set(images.flatMap((image) => image.layerPaths))];
  const present = await Promise.all(paths.map(async (path) => (await source.size(path)) !== undefined));
  const toRead = paths.filter((_, index) => present[index]);
  const scanned = await mapWithConcurrency(toRead, source.concurrency ?? LAYER_READ_CONCURRENCY, async (path) => {
    try {
      return await readLayerStream(source.stream(path), path, wants);
    } catch (error) {
      throw new ImageArchiveError(source.path, `the layer ${path} could not be read: ${(error as Error).message}`);
    }
  });
  return { images, layers: new Map(toRead.map((path, index) => [path, scanned[index]!])) };
}
