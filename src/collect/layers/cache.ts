import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../../cleanup.js';
import { findSecretsInText } from '../../secrets/text.js';
import { TOOL_VERSION } from '../../version.js';
import type { EntryType, LayerCompression, LayerEntry, LayerSecret } from './types.js';

/**
 * Bump when what a layer scan records changes (the reader, the files detectors want, the secret patterns): cached
 * layers from another revision are then never read.
 */
export const LAYER_SCAN_REVISION = 1;
export const SCANNER_VERSION = `${TOOL_VERSION}-r${LAYER_SCAN_REVISION}`;

/** A scanned layer as the store keeps it: metadata, the non-secret small files, and redacted secrets. */
export interface StoredLayer {
  readonly source: string;
  readonly compression: LayerCompression;
  readonly readable: boolean;
  readonly entries: readonly LayerEntry[];
  readonly whiteouts: readonly string[];
  readonly opaqueDirs: readonly string[];
  readonly contents: ReadonlyMap<string, Buffer>;
  readonly secrets: readonly LayerSecret[];
  readonly fileBytes: number;
}

/** What the store needs of an image beyond inspect: which history step made each layer (from the saved config). */
export interface StoredImage {
  readonly diffIds: readonly string[];
  readonly layerHistoryIndex: readonly (number | null)[];
}

/** `$IMGAUDIT_CACHE_DIR`, else `$XDG_CACHE_HOME/imgaudit`, else `~/.cache/imgaudit`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.IMGAUDIT_CACHE_DIR) return env.IMGAUDIT_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'imgaudit');
}

const TYPE_CODES: readonly EntryType[] = ['file', 'directory', 'symlink', 'hardlink', 'other'];

/** path, type, mode, uid, gid, size, linkname: arrays, because a layer can hold 100,000 entries. */
type PackedEntry = [string, number, number, number, number, number, string | null];

interface LayerFile {
  readonly scanner: string;
  readonly diffId: string;
  readonly source: string;
  readonly compression: LayerCompression;
  readonly readable: boolean;
  readonly fileBytes: number;
  readonly entries: PackedEntry[];
  readonly whiteouts: readonly string[];
  readonly opaqueDirs: readonly string[];
  /** path → base64; only files no secret rule wanted (etc/passwd, os-release). */
  readonly contents: Record<string, string>;
  readonly secrets: readonly LayerSecret[];
}

interface ImageFile {
  readonly scanner: string;
  readonly id: string;
  readonly diffIds: readonly string[];
  readonly layerHistoryIndex: readonly (number | null)[];
}

/**
 * Per-layer scan results on disk, keyed by the layer's diff id (a digest of its content, so an entry never goes
 * stale) and the scanner version. Never holds a secret: secret files are kept as redacted findings only. A broken
 * or foreign file reads as a miss; a write that fails is skipped (the cache only ever saves time).
 */
export class LayerCache {
  private readonly layersDir: string;
  private readonly imagesDir: string;
  private ready: Promise<boolean> | null = null;

  constructor(readonly root: string) {
    this.layersDir = join(root, `layers-${SCANNER_VERSION}`);
    this.imagesDir = join(root, `images-${SCANNER_VERSION}`);
  }

  async getLayer(diffId: string): Promise<StoredLayer | undefined> {
    const file = (await this.read(this.layerPath(diffId))) as LayerFile | undefined;
    if (!file || file.scanner !== SCANNER_VERSION || file.diffId !== diffId || !Array.isArray(file.entries)) return undefined;
    return {
      source: file.source,
      compression: file.compression,
      readable: file.readable,
      fileBytes: file.fileBytes,
      entries: file.entries.map(([path, type, mode, uid, gid, size, linkname]) => ({
        path,
        type: TYPE_CODES[type] ?? 'other',
        mode,
        uid,
        gid,
        size,
        linkname,
      })),
      whiteouts: file.whiteouts,
      opaqueDirs: file.opaqueDirs,
      contents: new Map(Object.entries(file.contents).map(([path, base64]) => [path, Buffer.from(base64, 'base64')])),
      secrets: file.secrets,
    };
  }

  /** A layer whose file names hold a secret (a file named after a token) is not kept: names are stored as they are. */
  async putLayer(diffId: string, layer: StoredLayer): Promise<void> {
    if (namesHoldSecret(layer)) return;
    const file: LayerFile = {
      scanner: SCANNER_VERSION,
      diffId,
      source: layer.source,
      compression: layer.compression,
      readable: layer.readable,
      fileBytes: layer.fileBytes,
      entries: layer.entries.map((e) => [e.path, TYPE_CODES.indexOf(e.type), e.mode, e.uid, e.gid, e.size, e.linkname]),
      whiteouts: layer.whiteouts,
      opaqueDirs: layer.opaqueDirs,
      contents: Object.fromEntries([...layer.contents].map(([path, bytes]) => [path, bytes.toString('base64')])),
      secrets: layer.secrets,
    };
    await this.write(this.layerPath(diffId), file);
  }

  async getImage(id: string): Promise<StoredImage | undefined> {
    const file = (await this.read(this.imagePath(id))) as ImageFile | undefined;
    if (!file || file.scanner !== SCANNER_VERSION || file.id !== id || !Array.isArray(file.diffIds)) return undefined;
    return { diffIds: file.diffIds, layerHistoryIndex: file.layerHistoryIndex };
  }

  async putImage(id: string, image: StoredImage): Promise<void> {
    const file: ImageFile = { scanner: SCANNER_VERSION, id, ...image };
    await this.write(this.imagePath(id), file);
  }

  /** An image's finished filesystem facts: its id is a digest of its config and layers, so they never go stale. */
  async getFacts(id: string): Promise<unknown> {
    const file = (await this.read(this.factsPath(id))) as { scanner?: string; id?: string; facts?: unknown } | undefined;
    return file && file.scanner === SCANNER_VERSION && file.id === id ? file.facts : undefined;
  }

  async putFacts(id: string, facts: unknown): Promise<void> {
    await this.write(this.factsPath(id), { scanner: SCANNER_VERSION, id, facts });
  }

  private factsPath(id: string): string {
    return join(this.imagesDir, `${safeName(id)}.facts.json`);
  }

  private layerPath(diffId: string): string {
    return join(this.layersDir, `${safeName(diffId)}.json`);
  }

  private imagePath(id: string): string {
    return join(this.imagesDir, `${safeName(id)}.json`);
  }

  private async read(path: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Write-then-rename, so a reader never sees half a file; the temp file is removed even on Ctrl-C. */
  private async write(path: string, value: unknown): Promise<void> {
    if (!(await this.ensureDirs())) return;
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const unregister = onCleanup(() => unlink(temp).catch(() => undefined));
    try {
      await writeFile(temp, JSON.stringify(value), { mode: 0o600 });
      await rename(temp, path);
    } catch {
      await unlink(temp).catch(() => undefined);
    } finally {
      unregister();
    }
  }

  private ensureDirs(): Promise<boolean> {
    this.ready ??= Promise.all([
      mkdir(this.layersDir, { recursive: true, mode: 0o700 }),
      mkdir(this.imagesDir, { recursive: true, mode: 0o700 }),
    ]).then(
      () => true,
      () => false,
    );
    return this.ready;
  }
}

function namesHoldSecret(layer: StoredLayer): boolean {
  const names = [...layer.entries.map((entry) => `${entry.path}\n${entry.linkname ?? ''}`), ...layer.whiteouts, ...layer.opaqueDirs];
  return findSecretsInText(names.join('\n')).length > 0;
}

/** `sha256:abc…` → `sha256-abc…`; anything unexpected cannot escape the cache directory. */
function safeName(digest: string): string {
  return digest.replace(/[^A-Za-z0-9_.-]/g, '-');
}
