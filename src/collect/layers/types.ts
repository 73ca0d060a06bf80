/** What one streaming pass over an image's layers records: file metadata always, content only when wanted. */

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Normalised: no leading `/` or `./`, no trailing `/`; `etc/passwd`. */
  readonly path: string;
  readonly type: EntryType;
  /** Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Bytes stored for a regular file; 0 for everything else (hard links store no bytes). */
  readonly size: number;
  /** Symlink: the target as stored (may be relative). Hard link: the normalised path it links to. */
  readonly linkname: string | null;
}

export type LayerCompression = 'none' | 'gzip' | 'zstd' | 'unknown';

export interface LayerIndex {
  /** Position in the image, 0 = the bottom layer. */
  readonly index: number;
  /** Where the layer was found in the saved image (`<id>/layer.tar` or `blobs/sha256/<hex>`). */
  readonly source: string;
  readonly compression: LayerCompression;
  /** False when the layer could not be read: unknown format or foreign (no entries), or corrupt (see `problem`). */
  readonly readable: boolean;
  /** Why a tar, gzip or zstd layer could not be parsed; its entries are those read before the fault. Absent otherwise. */
  readonly problem?: string;
  /** A foreign or non-distributable layer, left out of the archive by design: not read. Absent otherwise. */
  readonly foreign?: boolean;
  /** Regular entries in tar order; whiteout markers are not entries. */
  readonly entries: readonly LayerEntry[];
  /** Paths this layer deletes from the layers below (`.wh.<name>` markers). */
  readonly whiteouts: readonly string[];
  /** Directories whose lower-layer contents this layer hides (`.wh..wh..opq` markers). */
  readonly opaqueDirs: readonly string[];
  /** Contents of the small files some detector asked for, by path. */
  readonly contents: ReadonlyMap<string, Buffer>;
  /**
   * Secrets found in this layer's files, already redacted. Set when the layer went through the layer store, which
   * then keeps no secret file's content; absent on a layer built by hand, whose `contents` are scanned instead.
   */
  readonly secrets?: readonly LayerSecret[];
  /** Sum of regular file sizes in this layer. */
  readonly fileBytes: number;
}

/** A secret in one layer's copy of a file: redacted at the source, never the value. */
export interface LayerSecret {
  readonly path: string;
  readonly kind: string;
  /** Kind plus a short redacted prefix of the value. */
  readonly preview: string;
  /** 1-based line of the match. */
  readonly line: number;
}

export interface ViewEntry extends LayerEntry {
  /** The layer this visible version comes from. */
  readonly layerIndex: number;
}

/** The merged filesystem a container would see, plus the layers it came from. */
export interface FinalView {
  readonly files: ReadonlyMap<string, ViewEntry>;
  readonly layers: readonly LayerIndex[];
  /** The visible version's content, when it was captured. */
  content(path: string): Buffer | undefined;
  /** Follows symlinks and hard links (bounded) to the entry they end at; undefined when dangling. */
  resolve(path: string): ViewEntry | undefined;
  /** True when `entry` at `layerIndex` is the version the final view shows. */
  isVisible(path: string, layerIndex: number): boolean;
}

/** Files under this size can be captured for content checks. */
export const CONTENT_SIZE_CAP = 1024 * 1024;

/**
 * A detector's declaration of the files whose content it needs: `true` keeps a file of at most CONTENT_SIZE_CAP bytes
 * whole; a ContentReader sees the bytes of a file of any size as they stream past and keeps only what its `end()`
 * returns (a bounded extract: a binary's build information, a jar's Maven coordinates). `mode` is the permission bits (0 when unknown).
 */
export type ContentWanted = (path: string, size: number, mode?: number) => boolean | ContentReader;

/**
 * Reads one file as it streams past. Pieces are views of the stream's chunks (copy what is kept); what it keeps must
 * be bounded whatever the file's size. `end()` returns the bytes the layer keeps for the file, or undefined for none.
 */
export interface ContentReader {
  write(piece: Buffer): void;
  end(): Buffer | undefined;
}

/** How many layers came from where in one run: the batch benchmark and `--debug` print it. */
export interface LayerStoreStats {
  /** Images whose filesystem facts came whole from the disk cache: none of their layers was read. */
  cachedImages: number;
  streamedImages: number;
  streamedLayers: number;
  memoryHits: number;
  diskHits: number;
}

/** How long the whole layer stream of a run may take (`--scan-timeout`). */
export const DEFAULT_SCAN_TIMEOUT_MS = 600_000;
