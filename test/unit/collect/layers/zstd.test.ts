import { describe, expect, it } from 'vitest';
import { zstdDecoder, ZstdDataError, ZSTD_WINDOW_LIMIT } from '../../../../src/collect/layers/zstd.js';
import { ZSTD_LAYER, ZSTD_LAYER_TAR_BYTES as TAR_BYTES, ZSTD_LAYER_TWO_FRAMES } from './zstd-fixtures.js';

function decode(bytes: Buffer, chunkSize: number): Buffer {
  const parts: Buffer[] = [];
  let ended = false;
  const decoder = zstdDecoder({
    write: (piece) => void parts.push(Buffer.from(piece)),
    end: () => void (ended = true),
  });
  for (let at = 0; at < bytes.length; at += chunkSize) decoder.write(bytes.subarray(at, at + chunkSize));
  decoder.end();
  expect(ended).toBe(true);
  return Buffer.concat(parts);
}

/** A frame header: magic, descriptor, then the window byte or the content size. */
const frameHeader = (...bytes: number[]) => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, ...bytes]);

describe('zstdDecoder', () => {
  it('decodes one frame and two frames to the same tar, whatever the pieces', () => {
    for (const bytes of [ZSTD_LAYER, ZSTD_LAYER_TWO_FRAMES])
      for (const chunkSize of [1, 3, 17, 512, 4096, 65_536]) {
        const tar = decode(bytes, chunkSize);
        expect(tar.length).toBe(TAR_BYTES);
        expect(tar.toString('latin1', 257, 262)).toBe('ustar');
      }
    expect(decode(ZSTD_LAYER, 4096).equals(decode(ZSTD_LAYER_TWO_FRAMES, 4096))).toBe(true);
  });

  it('throws ZstdDataError on garbage, a stream cut short, or bytes after the last frame', () => {
    const cases = [
      Buffer.concat([frameHeader(0x00, 0x50), Buffer.alloc(40, 0xff)]),
      ZSTD_LAYER.subarray(0, 20_000),
      ZSTD_LAYER.subarray(0, ZSTD_LAYER.length - 2),
      Buffer.concat([ZSTD_LAYER, Buffer.from('trailing junk')]),
    ];
    for (const bytes of cases) expect(() => decode(bytes, 1000)).toThrow(ZstdDataError);
  });

  it('refuses a frame whose window is above the limit before decoding it, in any frame of the stream', () => {
    // Window descriptor 0x90: 2^(10+18) = 256 MiB; single segment with an 8-byte content size of 4 GiB.
    const bigWindow = frameHeader(0x00, 0x90, 0x01, 0x00, 0x00);
    const bigContent = frameHeader(0xe0, 0, 0, 0, 0, 1, 0, 0, 0, 0x01, 0x00, 0x00);
    for (const bytes of [bigWindow, bigContent, Buffer.concat([ZSTD_LAYER, bigWindow])])
      expect(() => decode(bytes, 5)).toThrow(
        new ZstdDataError(
          `a frame declares a ${bytes === bigContent ? 4096 : 256} MiB window, above the ${ZSTD_WINDOW_LIMIT / 1024 / 1024} MiB imgaudit decodes`,
        ),
      );
  });

  it('passes errors of what reads the output through unchanged', () => {
    const failure = new Error('the scanner says no');
    const decoder = zstdDecoder({
      write: () => {
        throw failure;
      },
      end: () => undefined,
    });
    expect(() => decoder.write(ZSTD_LAYER)).toThrow(failure);
  });
});
