import type { Readable } from 'node:stream';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { ImageNotFound, ImageStreamError, ImageStreamTimeout } from '../../shared/errors.js';
import type { ConfigFacts, FilesystemFacts } from '../../facts.js';
import type { LayerCache, StoredImage, StoredLayer } from './cache.js';
import type { ScannedLayer } from './layer-reader.js';
import { layerOf, readSavedArchive, type SavedArchive, type SavedImage, type SavedImageEntry } from './save-stream.js';
import type { ContentWanted, LayerStoreStats } from './types.js';

export interface LayerStoreOptions {
  /** The disk cache, or null to always read the layer stream. */
  readonly cache: LayerCache | null;
  /** The small files whose content the detectors need. */
  readonly wants: ContentWanted;
  /** Turns a freshly scanned layer into what is kept: secrets found and redacted, secret files' bytes dropped. */
  readonly keep: (layer: ScannedLayer) => StoredLayer;
  /** Deadline for reading the run's whole layer stream, from the moment the engine answers; 0: none. */
  readonly scanTimeoutMs: number;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** What the store needs of an image to load its layers: known from inspect alone, before the history. */
export type ImageLayers = Pick<ConfigFacts, 'id' | 'layerDiffIds'>;

/** Reads the layers of these images from somewhere other than the engine (an `--input` archive or layout). */
export type ArchiveReader = (images: readonly ImageLayers[], wants: ContentWanted) => Promise<SavedArchive>;

/**
 * The layers of one audit run. Each layer is scanned once per run however many images share it, and not at all
 * when the disk cache has it: `load()` reads the cache, then streams every image that still lacks something in
 * one `docker save` of all of them, in which the engine sends each shared layer once.
 */
export class LayerStore {
  private readonly layers = new Map<string, StoredLayer>();
  private readonly images = new Map<string, StoredImage>();
  /** How many images of the run still need each layer: a layer leaves memory when none does. */
  private readonly users = new Map<string, number>();
  private readonly writes: Promise<void>[] = [];
  /** Filesystem facts read from the disk cache, by image id. */
  private readonly facts = new Map<string, FilesystemFacts>();
  /** Images whose layers all came from the cache without their saved config: their history says which step made which layer. */
  private readonly stepsFromHistory = new Set<string>();
  /** Images whose layers are read from a file rather than exported by the engine, by image id. */
  private readonly readers = new Map<string, ArchiveReader>();
  readonly stats: LayerStoreStats = {
    cachedImages: 0,
    streamedImages: 0,
    streamedLayers: 0,
    memoryHits: 0,
    diskHits: 0,
  };

  constructor(
    private readonly client: DockerClient,
    private readonly options: LayerStoreOptions,
  ) {}

  /**
   * The image's layers come from `read` (an `--input` file), not from the engine; `image` says which layers it has
   * and which history step made each, as its config in the file does.
   */
  readFrom(id: string, image: StoredImage, read: ArchiveReader): void {
    this.readers.set(id, read);
    this.images.set(id, image);
  }

  /**
   * Makes every image's layers available: from memory, the disk cache, or one stream of all that remain (for
   * images read from files, a read of each file).
   */
  async load(all: readonly ImageLayers[]): Promise<void> {
    const cache = this.options.cache;
    if (cache) {
      const cached = await Promise.all(all.map((config) => cache.getFacts(config.id)));
      all.forEach((config, i) => {
        if (cached[i] === undefined || this.facts.has(config.id)) return;
        this.facts.set(config.id, cached[i] as FilesystemFacts);
        this.stats.cachedImages++;
      });
    }
    const configs = all.filter((config) => !this.facts.has(config.id));
    const unique = [...new Map(configs.map((config) => [config.id, config])).values()];
    for (const config of configs)
      for (const diffId of config.layerDiffIds) this.users.set(diffId, (this.users.get(diffId) ?? 0) + 1);
    const found = await Promise.all(unique.map((config) => this.fromCaches(config)));
    const missing = unique.filter((_, i) => !found[i]);
    const fromEngine = missing.filter((config) => !this.readers.has(config.id));
    const fromFiles = new Map<ArchiveReader, ImageLayers[]>();
    for (const config of missing) {
      const read = this.readers.get(config.id);
      if (read) fromFiles.set(read, [...(fromFiles.get(read) ?? []), config]);
    }
    await Promise.all([
      fromEngine.length > 0 ? this.stream(fromEngine) : undefined,
      ...[...fromFiles].map(async ([read, configs]) => this.ingest(configs, await read(configs, this.options.wants))),
    ]);
  }

  /** The image's filesystem facts when the disk cache had them. */
  cachedFacts(config: ImageLayers): FilesystemFacts | undefined {
    return this.facts.get(config.id);
  }

  /** Keeps an image's freshly built facts in the disk cache; not when a detector failed or a layer was corrupt. */
  rememberFacts(config: ConfigFacts, facts: FilesystemFacts): void {
    if (facts.detectorErrors || facts.layers.some((layer) => layer.problem !== undefined)) return;
    if (this.options.cache && DIGEST.test(config.id)) this.writes.push(this.options.cache.putFacts(config.id, facts));
  }

  /** The image's layers, bottom first; `load()` must have finished for it. */
  layersOf(config: ConfigFacts): SavedImage {
    const image = this.stepsFromHistory.has(config.id) ? layerStepsFromHistory(config) : this.images.get(config.id);
    const layers = image?.diffIds.map((diffId, index) => {
      const layer = this.layers.get(diffId);
      return layer ? { ...layer, index } : undefined;
    });
    if (!image || !layers || layers.some((layer) => layer === undefined)) {
      throw new ImageStreamError(`the layers of ${config.id} were not read`);
    }
    return { layers: layers.map((layer) => layer!), layerHistoryIndex: image.layerHistoryIndex };
  }

  /** The image is done with its layers: the ones no other image of the run needs leave memory. */
  release(config: ImageLayers): void {
    for (const diffId of this.images.get(config.id)?.diffIds ?? config.layerDiffIds) {
      const left = (this.users.get(diffId) ?? 1) - 1;
      if (left > 0) {
        this.users.set(diffId, left);
      } else {
        this.users.delete(diffId);
        this.layers.delete(diffId);
      }
    }
  }

  /** Waits for the cache writes of this run (each one's failure is already swallowed). */
  async flush(): Promise<void> {
    await Promise.all(this.writes);
  }

  private async fromCaches(config: ImageLayers): Promise<boolean> {
    const diffIds = config.layerDiffIds;
    if (diffIds.length === 0 || !diffIds.every((diffId) => DIGEST.test(diffId))) return false;
    const known = this.images.get(config.id);
    if (known && diffIds.every((diffId) => this.layers.has(diffId))) {
      this.stats.memoryHits += diffIds.length;
      return true;
    }
    const cache = this.options.cache;
    if (!cache) return false;
    const image = known ?? (await cache.getImage(config.id));
    const layers = await Promise.all(
      diffIds.map(async (diffId) => this.layers.get(diffId) ?? (await cache.getLayer(diffId))),
    );
    if (layers.some((layer) => layer === undefined)) return false;
    if (!image) this.stepsFromHistory.add(config.id);
    diffIds.forEach((diffId, i) => {
      if (!this.layers.has(diffId)) this.stats.diskHits++;
      else this.stats.memoryHits++;
      this.layers.set(diffId, layers[i]!);
    });
    this.images.set(config.id, image ?? { diffIds: [...diffIds], layerHistoryIndex: diffIds.map(() => null) });
    return true;
  }

  private async stream(configs: readonly ImageLayers[]): Promise<void> {
    const ids = configs.map((config) => config.id);
    const described = ids.length === 1 ? ids[0]! : `${ids.length} images`;
    const stream = await callDaemon(
      this.client,
      `export of ${described}`,
      // @types/dockerode lacks getImages (GET /images/get?names=…), which dockerode has.
      () =>
        (
          this.client.docker as unknown as { getImages(options: { names: string[] }): Promise<NodeJS.ReadableStream> }
        ).getImages({ names: ids }),
      (status) => (status === 404 ? new ImageNotFound(ids.join(', '), this.client.host) : undefined),
    );
    const archive = await readWithin(
      stream as unknown as Readable,
      this.options.wants,
      this.options.scanTimeoutMs,
      described,
    );
    this.ingest(configs, archive);
  }

  /** Keeps the layers of these images from a freshly read archive, and writes them to the disk cache. */
  private ingest(configs: readonly ImageLayers[], archive: SavedArchive): void {
    this.stats.streamedImages += configs.length;
    this.stats.streamedLayers += archive.layers.size;
    for (const config of configs) {
      const entry =
        archive.images.find((image) => image.id === config.id) ??
        archive.images.find((image) => sameLayers(image, config));
      if (!entry) throw new ImageStreamError(`the image stream lacks ${config.id}`);
      const diffIds = layerKeys(entry, config);
      entry.layerPaths.forEach((_, i) => {
        const scanned = layerOf(archive, entry, i);
        const diffId = diffIds[i]!;
        if (this.layers.has(diffId)) return;
        const kept = this.options.keep(scanned);
        this.layers.set(diffId, kept);
        // Unreadable layers (corrupt, foreign) stay out of the cache: the next run reads them again.
        if (this.options.cache && DIGEST.test(diffId) && kept.readable)
          this.writes.push(this.options.cache.putLayer(diffId, kept));
      });
      const image: StoredImage = { diffIds, layerHistoryIndex: entry.layerHistoryIndex };
      this.images.set(config.id, image);
      if (this.options.cache && diffIds.every((diffId) => DIGEST.test(diffId)))
        this.writes.push(this.options.cache.putImage(config.id, image));
    }
  }
}

/** readSavedArchive under a deadline: each daemon call has one, and so does the stream, which can stall forever. */
async function readWithin(
  stream: Readable,
  wants: ContentWanted,
  timeoutMs: number,
  described: string,
): Promise<SavedArchive> {
  if (timeoutMs <= 0) return readSavedArchive(stream, wants);
  const timer = setTimeout(() => stream.destroy(new ImageStreamTimeout(described, timeoutMs)), timeoutMs);
  try {
    return await readSavedArchive(stream, wants);
  } finally {
    clearTimeout(timer);
  }
}

function sameLayers(entry: SavedImageEntry, config: ImageLayers): boolean {
  return entry.diffIds !== null && entry.diffIds.join() === config.layerDiffIds.join();
}

/** The diff ids from the saved config, else from inspect; an image with neither gets keys private to it. */
function layerKeys(entry: SavedImageEntry, config: ImageLayers): string[] {
  if (entry.diffIds) return [...entry.diffIds];
  if (config.layerDiffIds.length === entry.layerPaths.length) return [...config.layerDiffIds];
  return entry.layerPaths.map((path) => `${config.id}/${path}`);
}

/** Instructions that change only the configuration, never a layer. */
const METADATA_INSTRUCTIONS = [
  'ENV',
  'LABEL',
  'CMD',
  'ENTRYPOINT',
  'EXPOSE',
  'USER',
  'WORKDIR',
  'HEALTHCHECK',
  'STOPSIGNAL',
  'ARG',
  'ONBUILD',
  'SHELL',
  'VOLUME',
  'MAINTAINER',
];
const METADATA_STEP = new RegExp(`^(?:/bin/sh -c #\\(nop\\)\\s*)?(?:${METADATA_INSTRUCTIONS.join('|')})\\b`, 'i');

/**
 * Which history step made each layer, for an image whose layers are all cached but whose config was never saved
 * (a rebuild that changed only labels). Steps that stored bytes made a layer; if that does not account for every
 * layer, so did every step that is not pure metadata; otherwise the history does not say.
 */
export function layerStepsFromHistory(config: Pick<ConfigFacts, 'layerDiffIds' | 'history'>): StoredImage {
  const count = config.layerDiffIds.length;
  const sized = config.history.flatMap((step, index) => (step.sizeBytes > 0 ? [index] : []));
  const nonMetadata = config.history.flatMap((step, index) =>
    step.sizeBytes > 0 || !METADATA_STEP.test(step.createdBy.trim()) ? [index] : [],
  );
  const steps = sized.length === count ? sized : nonMetadata.length === count ? nonMetadata : null;
  return { diffIds: config.layerDiffIds, layerHistoryIndex: steps ?? config.layerDiffIds.map(() => null) };
}
