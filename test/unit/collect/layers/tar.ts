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
    await new Promise<void>((resolve, reject) => pack.entry(header, body ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve())));
  }
  pack.finalize();
  return done;
}

export const gzip = (bytes: Buffer): Buffer => gzipSync(bytes);

/** A zstd frame header followed by junk: enough for the sniffer to say zstd. */
export const zstdLike = (): Buffer => Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(600, 7)]);

export function streamOf(bytes: Buffer, chunkSize = 7919): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

export const json = (value: unknown): string => JSON.stringify(value);
