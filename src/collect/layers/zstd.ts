import { Decompress } from 'fzstd';
import type { EntrySink } from './tar-scanner.js';

/** A zstd layer that cannot be decoded: corrupt or cut-short data, or a frame imgaudit declines to decode. */
export class ZstdDataError extends Error {}

/**
 * The largest frame window decoded: 128 MiB, the zstd tool's own default limit (`zstd -d` refuses more without
 * `--memory`). fzstd allocates the whole window a frame declares and slides it after every block, so an image could
 * otherwise make it allocate 2 GiB and copy it for each 128 KiB it decodes.
 */
export const ZSTD_WINDOW_LIMIT = 128 * 1024 * 1024;

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * Decodes a zstd stream pushed to it piece by piece and hands the decoded bytes to `output`, synchronously: the
 * caller's `write` returns once the piece is decoded and its bytes scanned, so a source never gets ahead of the
 * decoder and nothing piles up (back-pressure without pausing). Errors of the data throw ZstdDataError; errors that
 * `output` throws pass through unchanged.
 */
export function zstdDecoder(output: EntrySink): EntrySink {
  const guard = new FrameWindowGuard();
  let outputError: unknown = null;
  const decoder = new Decompress((chunk) => {
    try {
      if (chunk.length > 0) output.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (error) {
      outputError = error;
      throw error;
    }
  });
  const push = (piece: Uint8Array, final: boolean) => {
    try {
      decoder.push(piece, final);
    } catch (error) {
      if (error === outputError) throw error;
      throw new ZstdDataError((error as Error).message);
    }
  };
  return {
    write(piece) {
      guard.check(piece);
      push(piece, false);
    },
    end() {
      guard.end();
      push(new Uint8Array(0), true);
      output.end();
    },
  };
}

/**
 * Follows the frames of a zstd stream (headers, block headers, checksums, skippable frames) to check each frame's
 * declared window before the decoder sees the bytes. What it does not understand it leaves to the decoder, which
 * rejects it.
 */
class FrameWindowGuard {
  /** Header bytes being gathered across pieces. */
  private held: number[] = [];
  /** Bytes to pass over: a block's body, a checksum, a skippable frame. */
  private skip = 0;
  private state: 'frame' | 'block' | 'off' = 'frame';
  private checksum = false;

  check(piece: Uint8Array): void {
    let at = 0;
    while (at < piece.length && this.state !== 'off') {
      if (this.skip > 0) {
        const taken = Math.min(this.skip, piece.length - at);
        this.skip -= taken;
        at += taken;
        continue;
      }
      this.held.push(piece[at++]!);
      if (this.state === 'block') this.readBlockHeader();
      else this.readFrameHeader();
    }
  }

  /** A stream that ends inside a frame header is the decoder's to report (unexpected end). */
  end(): void {
    this.held = [];
  }

  private readFrameHeader(): void {
    const bytes = this.held;
    if (bytes.length < 4) return;
    const magic = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      if (bytes.length < 8) return;
      this.skip = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
      this.held = [];
      return;
    }
    if (magic !== ZSTD_MAGIC) {
      this.state = 'off';
      return;
    }
    if (bytes.length < 5) return;
    const descriptor = bytes[4]!;
    const singleSegment = (descriptor >> 5) & 1;
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
    const sizeFlag = descriptor >> 6;
    const sizeBytes = sizeFlag === 0 ? singleSegment : 1 << sizeFlag;
    const length = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + sizeBytes;
    if (bytes.length < length) return;
    let window: number;
    if (singleSegment) {
      // The window is the content size, stored little-endian after the dictionary id.
      const start = 5 + dictionaryBytes;
      window = 0;
      for (let i = sizeBytes - 1; i >= 0; i--) window = window * 256 + bytes[start + i]!;
      if (sizeBytes === 2) window += 256;
    } else {
      const exponent = 10 + (bytes[5]! >> 3);
      const base = 2 ** exponent;
      window = base + (base / 8) * (bytes[5]! & 7);
    }
    if (window > ZSTD_WINDOW_LIMIT)
      throw new ZstdDataError(
        `a frame declares a ${Math.round(window / 1024 / 1024)} MiB window, above the ` +
          `${ZSTD_WINDOW_LIMIT / 1024 / 1024} MiB imgaudit decodes`,
      );
    this.checksum = ((descriptor >> 2) & 1) === 1;
    this.held = [];
    this.state = 'block';
  }

  private readBlockHeader(): void {
    if (this.held.length < 3) return;
    const [b0, b1, b2] = this.held as [number, number, number];
    this.held = [];
    const type = (b0 >> 1) & 3;
    const size = (b0 >> 3) | (b1 << 5) | (b2 << 13);
    // A run-length block stores one byte however many it stands for.
    this.skip = type === 1 ? 1 : size;
    if ((b0 & 1) === 1) {
      this.skip += this.checksum ? 4 : 0;
      this.state = 'frame';
    }
  }
}
