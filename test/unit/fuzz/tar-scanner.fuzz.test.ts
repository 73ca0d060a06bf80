import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TarFormatError, TarScanner, type TarHeader } from '../../../src/collect/layers/tar-scanner.js';
import { decodeName } from '../../../src/collect/layers/utf8-name.js';
import { packTar, padded, paxHeader, rawHeader, rawTar, type TarItem } from '../collect/layers/tar.js';
import { chunkSizes, chunksOf, mutate, mutation, SEED } from './fuzz.js';

interface Scanned {
  readonly headers: TarHeader[];
  readonly bodies: Buffer[];
}

/** Scans the chunks, streaming every entry's bytes to a sink; returns what was seen, or the error thrown. */
function scan(chunks: readonly Buffer[]): Scanned | { error: unknown } {
  const headers: TarHeader[] = [];
  const bodies: Buffer[] = [];
  const scanner = new TarScanner({
    entry(header) {
      headers.push(header);
      const pieces: Buffer[] = [];
      return {
        write: (piece) => void pieces.push(Buffer.from(piece)),
        end: () => void bodies.push(Buffer.concat(pieces)),
      };
    },
    content: () => undefined,
  });
  try {
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
    return { headers, bodies };
  } catch (error) {
    return { error };
  }
}

/** Completes or throws TarFormatError, and never reports more entries than the bytes could hold headers for. */
function expectCompletesOrFormatError(bytes: Buffer, sizes: readonly number[]): void {
  const result = scan(chunksOf(bytes, sizes));
  if ('error' in result) {
    expect(result.error).toBeInstanceOf(TarFormatError);
    expect((result.error as Error).message).not.toContain('\n');
  } else {
    expect(result.headers.length).toBeLessThanOrEqual(Math.floor(bytes.length / 512));
  }
}

const nameSegment = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._-é日本🚀'.match(/./gu)!),
  minLength: 1,
  maxLength: 40,
});
const tarItem: fc.Arbitrary<TarItem> = fc.record({
  name: fc.array(nameSegment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/')),
  content: fc.uint8Array({ maxLength: 1500 }).map((bytes) => Buffer.from(bytes)),
  // tar-stream writes mode 0 as 0o644, so the packer never writes it.
  mode: fc.integer({ min: 1, max: 0o7777 }),
  // tar-stream writes six octal digits, and 777777 for anything larger.
  uid: fc.integer({ min: 0, max: 0o777777 }),
});

/** Names made unique, which a tar does not require but the round trip compares by position anyway. */
const tarItems = fc.uniqueArray(tarItem, { maxLength: 8, selector: (item) => item.name });

describe('TarScanner under arbitrary bytes (fast-check)', () => {
  it('completes or throws TarFormatError on arbitrary bytes, however chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), chunkSizes, (bytes, sizes) =>
        expectCompletesOrFormatError(Buffer.from(bytes), sizes),
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('completes or throws TarFormatError on a header of arbitrary field bytes that has a valid checksum', () => {
    const field = (length: number) => fc.uint8Array({ maxLength: length }).map((bytes) => Buffer.from(bytes));
    fc.assert(
      fc.property(
        fc.record({
          name: field(100),
          mode: field(8),
          uid: field(8),
          gid: field(8),
          size: field(12),
          type: fc.constantFrom('0', '1', '2', '5', '7', 'x', 'g', 'L', 'K', 'S', '\u00ff'),
          linkname: field(100),
          prefix: field(155),
        }),
        fc.uint8Array({ maxLength: 2048 }),
        chunkSizes,
        (fields, data, sizes) =>
          expectCompletesOrFormatError(rawTar(rawHeader(fields), padded(Buffer.from(data))), sizes),
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('completes or throws TarFormatError on pax records of arbitrary values, and reads a valid pax size and path', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer({ min: -600, max: 5000 }).map(String),
      fc.constantFrom('', ' 12', '1e3', '0x10', '-0', '9'.repeat(20)),
    );
    const records = fc.dictionary(
      fc.constantFrom('path', 'linkpath', 'size', 'uid', 'gid', 'mtime', 'comment'),
      value,
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(records, fc.uint8Array({ maxLength: 1500 }), chunkSizes, (pax, data, sizes) => {
        const bytes = rawTar(paxHeader(pax), rawHeader({ size: data.length }), padded(Buffer.from(data)));
        expectCompletesOrFormatError(bytes, sizes);
        const result = scan(chunksOf(bytes, sizes));
        if ('error' in result || !/^\d+$/.test(pax.size ?? '0')) return;
        expect(result.headers[0]!.size).toBe(Number(pax.size ?? data.length));
        if (pax.path) expect(result.headers[0]!.name).toBe(pax.path);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('completes or throws TarFormatError on a mutated valid tar', async () => {
    await fc.assert(
      fc.asyncProperty(
        tarItems,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        chunkSizes,
        async (items, mutations, sizes) => {
          expectCompletesOrFormatError(mutate(await packTar(items), mutations), sizes);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

/** Go's archive/tar rule for a numeric field, written plainly: the oracle the scanner is held to. Null: invalid. */
function referenceNumeric(field: Buffer): number | null {
  if (field.length > 0 && (field[0]! & 0x80) !== 0) {
    if ((field[0]! & 0x40) !== 0) return null;
    const value = [...field].reduce((total, byte, i) => total * 256n + BigInt(i === 0 ? byte & 0x7f : byte), 0n);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : null;
  }
  const digits = field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '');
  return /^[0-7]*$/.test(digits) ? (digits === '' ? 0 : parseInt(digits, 8)) : null;
}

/** A numeric field as writers pad it, or with junk where a digit or the padding should be. */
function numericField(length: number): fc.Arbitrary<Buffer> {
  const pad = fc.constantFrom('', ' ', '\0', '  ', '\0\0', ' \0');
  const valid = fc
    .tuple(pad, fc.integer({ min: 0, max: 4096 }), pad)
    .map(([before, value, after]) => `${before}${value.toString(8)}${after}`.slice(0, length));
  const junk = fc.string({
    unit: fc.constantFrom('0', '1', '7', '8', '9', ' ', '\0', 'x', '-', '+', '\u0080', '\u00ff'),
    maxLength: length,
  });
  return fc.oneof(valid, junk).map((text) => Buffer.from(text.padEnd(length, '\0'), 'latin1'));
}

describe('TarScanner numeric fields against the Go rules (fast-check)', () => {
  it('rejects every size, mode, uid or gid field the rules reject, and reads every other one exactly', () => {
    fc.assert(
      fc.property(numericField(12), numericField(8), numericField(8), numericField(8), (size, mode, uid, gid) => {
        const expected = [size, mode, uid, gid].map(referenceNumeric);
        const data = Buffer.alloc(expected[0] ?? 0, 0x61);
        const result = scan([rawTar(rawHeader({ size, mode, uid, gid }), padded(data))]);
        if (expected.includes(null)) {
          expect('error' in result && result.error instanceof TarFormatError).toBe(true);
        } else {
          if ('error' in result) throw result.error;
          expect(result.headers.map((h) => [h.size, h.mode, h.uid, h.gid])).toEqual([expected]);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('TarScanner round trip (fast-check)', () => {
  it('reads back the name, type, mode, uid, size and bytes of every entry a tar packer wrote, however chunked', async () => {
    await fc.assert(
      fc.asyncProperty(tarItems, chunkSizes, async (items, sizes) => {
        const result = scan(chunksOf(await packTar(items), sizes));
        if ('error' in result) throw result.error;
        expect(result.headers.map((h) => [h.name, h.type, h.mode, h.uid, h.size])).toEqual(
          items.map((item) => [item.name, '0', item.mode, item.uid, (item.content as Buffer).length]),
        );
        expect(result.bodies).toEqual(items.map((item) => item.content));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('keeps names of arbitrary bytes apart: different bytes never decode to the same name', () => {
    // A backslash is left out: a literal `\xff` in a valid name reads like the escape of byte 0xff (see decodeName).
    const nameBytes = fc
      .uint8Array({ minLength: 1, maxLength: 100 })
      .map((bytes) => Buffer.from(bytes.map((byte) => (byte === 0 || byte === 0x5c ? 0x61 : byte))));
    fc.assert(
      fc.property(nameBytes, nameBytes, (a, b) => {
        const names = [a, b].map((name) => {
          const result = scan([rawTar(rawHeader({ name }))]);
          if ('error' in result) throw result.error;
          return result.headers[0]!.name;
        });
        expect(names[0] === names[1]).toBe(a.equals(b));
        expect(names[0]).toBe(decodeName(a));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('leaves valid UTF-8 names exactly as written', () => {
    const validName = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 25 })
      .filter((name) => !name.includes('\u0000') && Buffer.byteLength(name) <= 100);
    fc.assert(
      fc.property(validName, (name) => {
        const result = scan([rawTar(rawHeader({ name: Buffer.from(name, 'utf8') }))]);
        if ('error' in result) throw result.error;
        expect(result.headers[0]!.name).toBe(name);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
