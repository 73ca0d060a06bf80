import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from '../../shared/cleanup.js';
import { findSecretsInText } from '../../secrets/text.js';
import { TOOL_VERSION } from '../../shared/version.js';
import type { EntryType, LayerCompression, LayerEntry, LayerSecret } from './types.js';

/** The code whose output the cache keeps: the layer reader, the detectors, the secret finders and redactor. */
const SCANNER_SOURCES = ['../layers/', '../filesystem/', '../../secrets/'].map(
  (path) => new URL(path, import.meta.url),
);

/**
 * A digest of the files in `folders` (names and bytes, in name order): any change to the code that scans layers or
 * builds filesystem facts gives another digest, so a cache written by other code is never read.
 */
export function codeDigest(folders: readonly URL[]): string {
  const hash = createHash('sha256');
  for (const folder of folders) {
    const dir = fileURLToPath(folder);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(?:js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    for (const file of files)
      hash
        .update(`${file.slice(dir.length)}\u0000`)
        .update(readFileSync(file))
        .update('\u0000');
  }
  return hash.digest('hex').slice(0, 16);
}

let scannerVersion: string | undefined;

/** The tool version and the digest of the scanner's code, computed once, when a cache is first used. */
export function scannerVersionOf(): string {
  scannerVersion ??= `${TOOL_VERSION}-${codeDigest(SCANNER_SOURCES)}`;
  return scannerVersion;
}

/** A scanned layer as the store keeps it: metadata, the non-secret small files, and redacted secrets. */
export interface StoredLayer {
  readonly source: string;
  readonly compression: LayerCompression;
  readonly readable: boolean;
  /** Set on a corrupt layer, which is never written to disk. */
  readonly problem?: string;
  /** Set on a foreign layer (absent from the archive), which is never written to disk either. */
  readonly foreign?: boolean;
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

  private readonly scanner: string;

  constructor(
    readonly root: string,
    scanner: string = scannerVersionOf(),
  ) {
    this.scanner = scanner;
    this.layersDir = join(root, `layers-${scanner}`);
    this.imagesDir = join(root, `images-${scanner}`);
  }

  async getLayer(diffId: string): Promise<StoredLayer | undefined> {
    const file = (await this.read(this.layerPath(diffId))) as LayerFile | undefined;
    if (!file || file.scanner !== this.scanner || file.diffId !== diffId || !Array.isArray(file.entries))
      return undefined;
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
      scanner: this.scanner,
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
    if (!file || file.scanner !== this.scanner || file.id !== id || !Array.isArray(file.diffIds)) return undefined;
    return { diffIds: file.diffIds, layerHistoryIndex: file.layerHistoryIndex };
  }

  async putImage(id: string, image: StoredImage): Promise<void> {
    const file: ImageFile = { scanner: this.scanner, id, ...image };
    await this.write(this.imagePath(id), file);
  }

  /** An image's finished filesystem facts: its id is a digest of its config and layers, so they never go stale. */
  async getFacts(id: string): Promise<unknown> {
    const file = (await this.read(this.factsPath(id))) as
      { scanner?: string; id?: string; facts?: unknown } | undefined;
    return file && file.scanner === this.scanner && file.id === id ? file.facts : undefined;
  }

  async putFacts(id: string, facts: unknown): Promise<void> {
    await this.write(this.factsPath(id), { scanner: this.scanner, id, facts });
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
  const names = [
    ...layer.entries.map((entry) => `${entry.path}\n${entry.linkname ?? ''}`),
    ...layer.whiteouts,
    ...layer.opaqueDirs,
  ];
  return findSecretsInText(names.join('\n')).length > 0;
}

/** `sha256:abc…` → `sha256-abc…`; anything unexpected cannot escape the cache directory. */
function safeName(digest: string): string {
  return digest.replace(/[^A-Za-z0-9_.-]/g, '-');
}
