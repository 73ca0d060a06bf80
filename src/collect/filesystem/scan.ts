import type { DockerClient } from '../../docker/client.js';
import type { ConfigFacts, FilesystemFacts } from '../../facts.js';
import { redactText, type Redactor } from '../../secrets/redactor.js';
import { redactStrings } from '../../secrets/scrub.js';
import { scanLayerSecrets, withoutSecretFiles } from './file-secrets.js';
import { withoutPasswordHashes } from './shadow.js';
import { buildFilesystemFacts, FILESYSTEM_CONTENT_WANTED } from './index.js';
import { LayerCache } from '../layers/cache.js';
import type { ScannedLayer } from '../layers/layer-reader.js';
import { mergeLayers } from '../layers/merge.js';
import { LayerStore, type LayerStoreOptions } from '../layers/store.js';
import { DEFAULT_SCAN_TIMEOUT_MS } from '../layers/types.js';

export interface FilesystemScanOptions {
  /** Directory of the per-layer result cache, or null to bypass it. */
  readonly cacheDir: string | null;
  /** Deadline for the whole layer stream of the run (default 10 minutes); 0: none. */
  readonly scanTimeoutMs?: number;
}

/** The run's layer store: each layer scanned once (or read from the cache), secret files kept only as redacted findings. */
export function createLayerStore(client: DockerClient, options: FilesystemScanOptions): LayerStore {
  const storeOptions: LayerStoreOptions = {
    cache: options.cacheDir === null ? null : new LayerCache(options.cacheDir),
    wants: FILESYSTEM_CONTENT_WANTED,
    keep: keepLayer,
    scanTimeoutMs: options.scanTimeoutMs ?? DEFAULT_SCAN_TIMEOUT_MS,
  };
  return new LayerStore(client, storeOptions);
}

function keepLayer(layer: ScannedLayer) {
  return {
    ...layer,
    secrets: scanLayerSecrets(layer.contents),
    contents: redactedContents(withoutPasswordHashes(withoutSecretFiles(layer.contents))),
  };
}

/** The small files kept for other detectors (passwd, os-release) can still hold a token a hostile image planted. */
function redactedContents(contents: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  return new Map(
    [...contents].map(([path, bytes]) => {
      const text = bytes.toString('utf8');
      const redacted = redactText(text);
      return [path, redacted === text ? bytes : Buffer.from(redacted, 'utf8')];
    }),
  );
}

/** The filesystem facts of one image whose layers the store has loaded, redacted before the disk cache keeps them. */
export function filesystemFacts(store: LayerStore, config: ConfigFacts, redact: Redactor): FilesystemFacts {
  const cached = store.cachedFacts(config);
  if (cached) return cached;
  const saved = store.layersOf(config);
  const view = mergeLayers(saved.layers);
  const layerCreatedBy = saved.layerHistoryIndex.map((index) =>
    index === null ? null : (config.history[index]?.createdBy ?? null),
  );
  const facts = redactStrings(
    buildFilesystemFacts(view, { config, layerCreatedBy, layerHistoryIndex: saved.layerHistoryIndex }),
    redact,
  );
  store.rememberFacts(config, facts);
  return facts;
}
