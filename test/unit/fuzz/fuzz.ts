import fc from 'fast-check';

/** Every property runs from the same seed: a failure reproduces on any machine, and a run never differs from the last. */
export const SEED = 42;

/** The bytes cut into pieces of the sizes given (cycled), as a stream would deliver them. */
export function chunksOf(bytes: Uint8Array, sizes: readonly number[]): Buffer[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < buffer.length; i++) {
    const size = Math.max(1, sizes.length === 0 ? buffer.length : sizes[i % sizes.length]!);
    chunks.push(buffer.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Chunk sizes from one byte up to a few blocks, the boundaries a header can straddle included. */
export const chunkSizes = fc.array(
  fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constantFrom(511, 512, 513, 1024), fc.integer({ min: 1, max: 4096 })),
  {
    minLength: 1,
    maxLength: 6,
  },
);

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly mask: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number };

/** Damage a tool or a disk could do: flipped bits, bytes set to junk, a cut, bytes inserted or lost. Positions are fractions of the length. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.constantFrom(0x00, 0x20, 0x30, 0x37, 0x38, 0x78, 0x80, 0xff),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 600 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 600 }) }),
);

export function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const change of mutations) {
    if (out.length === 0) break;
    const at = change.at % out.length;
    if (change.kind === 'flip') out[at] = out[at]! ^ change.mask;
    else if (change.kind === 'set') out[at] = change.value;
    else if (change.kind === 'truncate') out = out.subarray(0, at);
    else if (change.kind === 'insert') out = Buffer.concat([out.subarray(0, at), change.bytes, out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + change.length)]);
  }
  return out;
}
