import { deflateRawSync } from 'node:zlib';

/** A zip with the given entries, stored or deflated, as `jar` writes one. */
export function zipOf(entries: readonly { name: string; content: string; deflate?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, content, deflate } of entries) {
    const raw = Buffer.from(content);
    const data = deflate ? deflateRawSync(raw) : raw;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An ELF file of `size` bytes with Go 1.18+ build information (inline strings) at `at`. */
export function goBinary(size: number, at: number, modules: string): Buffer {
  const binary = Buffer.alloc(size);
  binary.write('\x7fELF', 0, 'latin1');
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 0, 'latin1');
  header[14] = 8;
  header[15] = 2;
  const sentinel = Buffer.alloc(16, 0x31);
  const modinfo = Buffer.concat([sentinel, Buffer.from(modules), sentinel]);
  const version = Buffer.from('go1.22.4');
  const varint = (n: number) => (n < 128 ? Buffer.from([n]) : Buffer.from([(n & 0x7f) | 0x80, n >> 7]));
  Buffer.concat([header, varint(version.length), version, varint(modinfo.length), modinfo]).copy(binary, at);
  return binary;
}

/**
 * A little-endian ELF64 with two program headers: a writable data segment at `dataOffset` whose first `relroSize`
 * bytes are RELRO (as in a position-independent, externally linked binary).
 */
export function elf64(size: number, dataOffset: number, relroSize: number): Buffer {
  const binary = Buffer.alloc(size);
  binary.write('\x7fELF', 0, 'latin1');
  binary[4] = 2;
  binary[5] = 1;
  binary.writeBigUInt64LE(64n, 0x20);
  binary.writeUInt16LE(0x38, 0x36);
  binary.writeUInt16LE(2, 0x38);
  const header = (at: number, type: number, flags: number, offset: number, fileSize: number) => {
    binary.writeUInt32LE(type, at);
    binary.writeUInt32LE(flags, at + 4);
    binary.writeBigUInt64LE(BigInt(offset), at + 8);
    binary.writeBigUInt64LE(BigInt(fileSize), at + 32);
  };
  header(64, 1, 6, dataOffset, size - dataOffset);
  header(64 + 0x38, 0x6474e552, 4, dataOffset, relroSize);
  return binary;
}
