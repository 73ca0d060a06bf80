import { describe, expect, it } from 'vitest';
import { TarFormatError, TarScanner, type TarHeader } from '../../../../src/collect/layers/tar-scanner.js';
import { packTar } from './tar.js';

function scan(bytes: Buffer, chunkSize: number, wanted: (name: string) => boolean = () => false) {
  const headers: TarHeader[] = [];
  const contents = new Map<string, string>();
  const scanner = new TarScanner({
    entry: (header) => (headers.push(header), wanted(header.name)),
    content: (header, data) => contents.set(header.name, data.toString()),
  });
  for (let offset = 0; offset < bytes.length; offset += chunkSize) scanner.write(bytes.subarray(offset, offset + chunkSize));
  scanner.end();
  return { headers, contents };
}

/** A raw GNU-format header block, for what tar-stream's packer does not write. */
function gnuHeader(name: string, type: string, size: number | 'base256'): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  if (size === 'base256') {
    block[124] = 0x80;
    block.writeUIntBE(5, 130, 6);
  } else {
    block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  }
  block.write('00000000000\0', 136, 'latin1');
  block.write(type, 156, 'latin1');
  block.write('ustar  \0', 257, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}
const pad = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

describe('TarScanner', () => {
  it('reads headers and wanted content the same however the bytes are chunked', async () => {
    const long = `opt/${'nested/'.repeat(25)}config.json`;
    const bytes = await packTar([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644 },
      { name: 'usr/bin/passwd', content: Buffer.alloc(1500, 7), mode: 0o4755 },
      { name: 'usr/bin/chage', type: 'link', linkname: 'usr/bin/passwd' },
      { name: 'bin/sh', type: 'symlink', linkname: 'dash' },
      { name: long, content: '{"a":1}', uid: 1000 },
    ]);
    for (const chunkSize of [1, 511, 512, 4096, bytes.length]) {
      const { headers, contents } = scan(bytes, chunkSize, (name) => name === 'etc/passwd' || name === long);
      expect(headers.map((h) => [h.name, h.type, h.size])).toEqual([
        ['etc/', '5', 0],
        ['etc/passwd', '0', 26],
        ['usr/bin/passwd', '0', 1500],
        ['usr/bin/chage', '1', 0],
        ['bin/sh', '2', 0],
        [long, '0', 7],
      ]);
      expect(headers[2]!.mode).toBe(0o4755);
      expect(headers[3]!.linkname).toBe('usr/bin/passwd');
      expect(headers[5]!.uid).toBe(1000);
      expect(Object.fromEntries(contents)).toEqual({ 'etc/passwd': 'root:x:0:0::/root:/bin/sh\n', [long]: '{"a":1}' });
    }
  });

  it('reads GNU long names and base-256 sizes', () => {
    const longName = `${'x'.repeat(150)}/file.bin`;
    const bytes = Buffer.concat([
      gnuHeader('././@LongLink', 'L', longName.length + 1),
      pad(Buffer.from(`${longName}\0`)),
      gnuHeader('short', '0', 'base256'),
      pad(Buffer.from('hello')),
      Buffer.alloc(1024),
    ]);
    const { headers, contents } = scan(bytes, 100, () => true);
    expect(headers.map((h) => [h.name, h.size])).toEqual([[longName, 5]]);
    expect(contents.get(longName)).toBe('hello');
  });

  it('rejects a corrupt header and a tar cut short', async () => {
    const bytes = await packTar([{ name: 'a', content: 'x'.repeat(2000) }]);
    const corrupt = Buffer.from(bytes);
    corrupt[10] = corrupt[10]! ^ 0xff;
    expect(() => scan(corrupt, 512)).toThrow(TarFormatError);
    expect(() => scan(bytes.subarray(0, 1000), 512)).toThrow('unexpected end of data');
  });
});

describe('TarScanner sinks', () => {
  it('streams an entry to a sink in order, whatever the chunking, and ends it before the next entry', async () => {
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const bytes = await packTar([{ name: 'one', content: body }, { name: 'two', content: 'second' }, { name: 'empty', content: '' }]);
    for (const chunkSize of [1, 100, 511, 512, 4096, bytes.length]) {
      const events: string[] = [];
      const received: Buffer[] = [];
      const scanner = new TarScanner({
        entry: (header) => {
          events.push(`entry ${header.name}`);
          return { write: (piece) => void received.push(Buffer.from(piece)), end: () => void events.push(`end ${header.name}`) };
        },
        content: () => undefined,
      });
      for (let offset = 0; offset < bytes.length; offset += chunkSize) scanner.write(bytes.subarray(offset, offset + chunkSize));
      scanner.end();
      expect(events).toEqual(['entry one', 'end one', 'entry two', 'end two', 'entry empty', 'end empty']);
      expect(Buffer.concat(received).equals(Buffer.concat([body, Buffer.from('second')]))).toBe(true);
    }
  });
});
