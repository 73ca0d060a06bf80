import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface TarItem {
  readonly name: string;
  readonly content?: string | Buffer;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly mode?: number;
  readonly linkname?: string;
  readonly uid?: number;
}

/** Tar bytes made in the test with tar-stream's packer. */
export async function packTar(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const done = collect(pack as unknown as AsyncIterable<Buffer>);
  for (const item of items) {
    const type = item.type ?? 'file';
    const body = type === 'file' ? Buffer.from(item.content ?? '') : undefined;
    const header = {
      name: item.name,
      type,
      mode: item.mode ?? (type === 'directory' ? 0o755 : 0o644),
      uid: item.uid ?? 0,
      gid: 0,
      linkname: item.linkname,
      size: body?.length ?? 0,
    };
    await new Promise<void>((resolve, reject) =>
      pack.entry(header, body ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve())),
    );
  }
  pack.finalize();
  return done;
}

export const gzip = (bytes: Buffer): Buffer => gzipSync(bytes);

/** A zstd frame header followed by junk: enough for the sniffer to say zstd. */
export const zstdLike = (): Buffer => Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(600, 7)]);

export function streamOf(bytes: Buffer, chunkSize = 7919): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    chunks.push(bytes.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/**
 * A source that behaves like the engine's socket: it produces the next chunk only when asked and holds nothing while
 * paused (no read-ahead buffer), so a stream left paused never delivers its rest nor its end. `Readable.from` reads
 * ahead and ends even while paused, which hides a pause that is never undone.
 */
export function socketLikeStream(bytes: Buffer, chunkSize: number): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: 0,
    read() {
      const chunk = bytes.subarray(offset, offset + chunkSize);
      offset += chunk.length;
      this.push(chunk.length > 0 ? chunk : null);
    },
  });
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

export const json = (value: unknown): string => JSON.stringify(value);

export interface RawHeaderFields {
  readonly name?: string | Buffer;
  readonly mode?: string | Buffer;
  readonly uid?: string | Buffer;
  readonly gid?: string | Buffer;
  /** The 12-byte size field as written; a number is written as 11 octal digits and a NUL. */
  readonly size?: string | Buffer | number;
  readonly type?: string;
  readonly linkname?: string | Buffer;
  /** POSIX `ustar\0` + `00` (default) or GNU `ustar  \0`. */
  readonly magic?: 'posix' | 'gnu';
  readonly prefix?: string | Buffer;
  /** The checksum field as written; by default the right unsigned sum. */
  readonly checksum?: string | ((unsigned: number, signed: number) => string);
}

/** One 512-byte tar header with every field's bytes exactly as given: what a packer would refuse to write. */
export function rawHeader(fields: RawHeaderFields = {}): Buffer {
  const block = Buffer.alloc(512);
  const put = (value: string | Buffer, at: number, length: number) => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
    bytes.copy(block, at, 0, Math.min(bytes.length, length));
  };
  put(fields.name ?? 'file.txt', 0, 100);
  put(fields.mode ?? '0000644\0', 100, 8);
  put(fields.uid ?? '0000000\0', 108, 8);
  put(fields.gid ?? '0000000\0', 116, 8);
  const size = fields.size ?? 0;
  put(typeof size === 'number' ? `${size.toString(8).padStart(11, '0')}\0` : size, 124, 12);
  put('00000000000\0', 136, 12);
  put(fields.type ?? '0', 156, 1);
  put(fields.linkname ?? '', 157, 100);
  put(fields.magic === 'gnu' ? 'ustar  \0' : 'ustar\u000000', 257, 8);
  if (fields.prefix !== undefined) put(fields.prefix, 345, 155);
  block.fill(0x20, 148, 156);
  let unsigned = 0;
  let signed = 0;
  for (const byte of block) {
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 256 : byte;
  }
  const checksum = fields.checksum ?? `${unsigned.toString(8).padStart(6, '0')}\0 `;
  put(typeof checksum === 'function' ? checksum(unsigned, signed) : checksum, 148, 8);
  return block;
}

/** Data padded to whole 512-byte blocks. */
export const padded = (data: string | Buffer): Buffer => {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
};

/** A tar of raw blocks, ended by the two zero blocks. */
export const rawTar = (...blocks: Buffer[]): Buffer => Buffer.concat([...blocks, Buffer.alloc(1024)]);

/** A pax extended header ('x') holding these records, and its data. */
export function paxHeader(records: Readonly<Record<string, string | Buffer>>): Buffer {
  const body = Buffer.concat(
    Object.entries(records).map(([key, value]) => {
      const rest = Buffer.concat([
        Buffer.from(` ${key}=`),
        typeof value === 'string' ? Buffer.from(value) : value,
        Buffer.from('\n'),
      ]);
      let length = rest.length + 1;
      while (String(length).length + rest.length !== length) length++;
      return Buffer.concat([Buffer.from(String(length)), rest]);
    }),
  );
  return Buffer.concat([rawHeader({ name: 'PaxHeaders/file', type: 'x', size: body.length }), padded(body)]);
}
