import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ImageArchiveError, ImageInputError } from '../../shared/errors.js';
import { normalise, resolveSymlink } from '../layers/merge.js';
import { TarFormatError, TarScanner } from '../layers/tar-scanner.js';

/**
 * What an `--input` path holds: a `docker save` archive, an OCI layout in a tar, or an OCI layout directory; or a
 * registry (`registry://`, `--source registry`).
 */
export type InputFormat = 'docker-archive' | 'oci-archive' | 'oci-layout' | 'registry';

/** Random access to the files of an image archive or layout: the small documents whole, the layers as streams. */
export interface InputSource {
  readonly path: string;
  readonly format: InputFormat;
  /** Symlinks of the archive (a legacy layer path may link into blobs/). */
  readonly links: ReadonlyMap<string, string>;
  /** How many layers are read at once (default: one per core). */
  readonly concurrency?: number;
  /** The entry's size in bytes; undefined when there is no such file. */
  size(name: string): Promise<number | undefined>;
  /** The whole entry (only for documents: callers check the size first). */
  read(name: string): Promise<Buffer>;
  /** The entry's bytes as a stream, read from the file as they are consumed. */
  stream(name: string): Readable;
}

const CHUNK = 256 * 1024;

interface TarEntry {
  readonly start: number;
  readonly size: number;
}

/**
 * Opens an `--input` path. A file is indexed from its tar headers alone (each entry's data is passed by, never
 * read), so the layers are read once, later, and only those not already in the layer cache.
 */
export async function openInput(path: string): Promise<InputSource> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImageInputError(
      error.code === 'ENOENT' ? `--input ${path}: no such file or directory` : `--input ${path}: ${error.code}`,
    );
  });
  if (info.isDirectory()) return openLayoutDirectory(path);
  if (!info.isFile()) throw new ImageInputError(`--input ${path}: not a file or directory`);
  return openArchive(path, info.size);
}

async function openLayoutDirectory(dir: string): Promise<InputSource> {
  const sizes = new Map<string, number | undefined>();
  const sizeOf = async (name: string) => {
    if (!sizes.has(name))
      sizes.set(
        name,
        await stat(join(dir, name)).then(
          (info) => (info.isFile() ? info.size : undefined),
          () => undefined,
        ),
      );
    return sizes.get(name);
  };
  const [layout, index] = await Promise.all([sizeOf('oci-layout'), sizeOf('index.json')]);
  if (layout === undefined || index === undefined)
    throw new ImageInputError(
      `--input ${dir}: a directory that is not an OCI image layout (it needs oci-layout and index.json)`,
    );
  return {
    path: dir,
    format: 'oci-layout',
    links: new Map(),
    // Names come from digests in the image's own documents: only the layout's own shapes reach the disk.
    size: async (name) => (isLayoutName(name) ? sizeOf(name) : undefined),
    read: (name) => readFile(join(dir, name)),
    stream: (name) => createReadStream(join(dir, name), { highWaterMark: CHUNK }),
  };
}

const LAYOUT_NAME = /^(?:index\.json|oci-layout|manifest\.json|blobs\/[a-z0-9]+\/[a-f0-9]{32,128})$/;

function isLayoutName(name: string): boolean {
  return LAYOUT_NAME.test(name);
}

/** Reads the file's tar headers, seeking past each entry's data. */
async function openArchive(path: string, fileSize: number): Promise<InputSource> {
  const entries = new Map<string, TarEntry>();
  const links = new Map<string, string>();
  const scanner = new TarScanner({
    entry(header, dataStart) {
      const name = normalise(header.name);
      if (header.type === '2' && header.linkname) links.set(name, resolveSymlink(name, header.linkname));
      if (header.type === '0' || header.type === '7') entries.set(name, { start: dataStart, size: header.size });
      return false;
    },
    content: () => undefined,
  });
  const file = await open(path, 'r');
  try {
    const block = Buffer.alloc(512);
    let position = 0;
    for (;;) {
      const { bytesRead } = await file.read(block, 0, 512, position);
      if (bytesRead === 0) break;
      scanner.write(bytesRead === 512 ? block : block.subarray(0, bytesRead));
      position += bytesRead;
      const skippable = scanner.skippable;
      if (skippable > 0) {
        if (position + skippable > fileSize)
          throw new TarFormatError(`unexpected end of data in the tar after ${fileSize} bytes`);
        position += skippable;
        scanner.skip();
      }
    }
    scanner.end();
  } catch (error) {
    if (error instanceof TarFormatError)
      throw new ImageArchiveError(path, `not a valid image archive: ${error.message}`);
    throw new ImageArchiveError(path, `cannot be read: ${(error as Error).message}`);
  } finally {
    await file.close();
  }
  const format: InputFormat =
    entries.has('manifest.json') || !entries.has('index.json') ? 'docker-archive' : 'oci-archive';
  return {
    path,
    format,
    links,
    size: (name) => Promise.resolve(entries.get(name)?.size),
    read: async (name) => {
      const entry = entries.get(name)!;
      const bytes = Buffer.alloc(entry.size);
      const handle = await open(path, 'r');
      try {
        await handle.read(bytes, 0, entry.size, entry.start);
      } finally {
        await handle.close();
      }
      return bytes;
    },
    stream: (name) => {
      const entry = entries.get(name)!;
      if (entry.size === 0) return Readable.from([]);
      return createReadStream(path, { start: entry.start, end: entry.start + entry.size - 1, highWaterMark: CHUNK });
    },
  };
}
