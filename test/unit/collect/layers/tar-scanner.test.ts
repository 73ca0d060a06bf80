import { describe, expect, it } from 'vitest';
import { TarFormatError, TarScanner, type TarHeader } from '../../../../src/collect/layers/tar-scanner.js';
import { packTar, padded, paxHeader, rawHeader, rawTar } from './tar.js';

function scan(bytes: Buffer, chunkSize: number, wanted: (name: string) => boolean = () => false) {
  const headers: TarHeader[] = [];
  const contents = new Map<string, string>();
  const scanner = new TarScanner({
    entry: (header) => (headers.push(header), wanted(header.name)),
    content: (header, data) => contents.set(header.name, data.toString()),
  });
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    scanner.write(bytes.subarray(offset, offset + chunkSize));
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

describe('TarScanner: numeric fields and checksums', () => {
  const headersOf = (bytes: Buffer, chunkSize = 512) =>
    scan(bytes, chunkSize).headers.map((h) => [h.name, h.mode, h.uid, h.size]);

  it('rejects a size field that is not a number instead of reading the digits before the junk', () => {
    for (const size of ['0000000012x4', 'garbage\0\0\0\0\0', '0000000001 7', '-0000000001\0']) {
      const bytes = rawTar(rawHeader({ size }), padded('x'.repeat(10)));
      expect(() => scan(bytes, 512), size).toThrow(TarFormatError);
      expect(() => scan(bytes, 512), size).toThrow(/tar header at byte 0: the size field .* is not a number/);
    }
  });

  it('rejects a mode, uid or gid field that is not a number', () => {
    expect(() => scan(rawTar(rawHeader({ mode: '00006x4\0' })), 512)).toThrow(
      /the mode field "00006x4" is not a number/,
    );
    expect(() => scan(rawTar(rawHeader({ uid: 'root\0\0\0\0' })), 512)).toThrow(/the uid field "root" is not a number/);
    expect(() => scan(rawTar(rawHeader({ gid: '12 34\0\0\0' })), 512)).toThrow(/the gid field "12 34" is not a number/);
  });

  it('accepts octal padded with spaces or NULs on either side, an all-NUL field, and GNU base-256', () => {
    const base256 = Buffer.alloc(12);
    base256[0] = 0x80;
    base256.writeUIntBE(3, 6, 6);
    const bytes = rawTar(
      rawHeader({ name: 'a', mode: '   644 \0', uid: '\0\0\0\0\0\0\0\0', size: '         5  ' }),
      padded('hello'),
      rawHeader({ name: 'b', mode: '0000755\0', uid: '1750    ', size: base256 }),
      padded('abc'),
      rawHeader({ name: 'c', mode: '\0\0\0\0\0\0\0\0', size: '\0'.repeat(12) }),
    );
    expect(headersOf(bytes)).toEqual([
      ['a', 0o644, 0, 5],
      ['b', 0o755, 0o1750, 3],
      ['c', 0, 0, 0],
    ]);
  });

  it('rejects a negative or oversized base-256 size', () => {
    const negative = Buffer.alloc(12, 0xff);
    expect(() => scan(rawTar(rawHeader({ size: negative })), 512)).toThrow(/the size field .* is not a number/);
    const huge = Buffer.alloc(12, 0x7f);
    huge[0] = 0x80;
    expect(() => scan(rawTar(rawHeader({ size: huge })), 512)).toThrow(TarFormatError);
  });

  it('rejects a checksum that is wrong or not a number, wherever the header falls in the chunks', () => {
    const good = rawHeader({ size: 3 });
    const sum = good.toString('latin1', 148, 154);
    const cases = [
      rawHeader({ size: 3, checksum: (unsigned) => `${(unsigned + 1).toString(8).padStart(6, '0')}\0 ` }),
      rawHeader({ size: 3, checksum: `${sum}x ` }),
      rawHeader({ size: 3, checksum: 'garbage!' }),
    ];
    for (const header of cases) {
      const bytes = rawTar(
        rawHeader({ name: 'first', size: 600 }),
        padded(Buffer.alloc(600, 1)),
        header,
        padded('abc'),
      );
      for (const chunkSize of [1, 100, 511, 512, 700, bytes.length]) {
        expect(() => scan(bytes, chunkSize), `${header.toString('latin1', 148, 156)} / ${chunkSize}`).toThrow(
          /tar header at byte 1536: invalid checksum/,
        );
      }
    }
  });

  it('rejects a corrupt GNU long-name and pax header as it does an entry header', () => {
    const longName = rawHeader({ name: '././@LongLink', type: 'L', size: 10, checksum: '0000000\0' });
    expect(() => scan(rawTar(longName, padded('long/name\0'), rawHeader()), 512)).toThrow(/invalid checksum/);
    const pax = paxHeader({ path: 'x' });
    pax[200] = 0x41;
    expect(() => scan(rawTar(pax, rawHeader()), 512)).toThrow(/invalid checksum/);
  });

  it('accepts a header whose checksum was summed over signed bytes (old Sun tar)', () => {
    const name = Buffer.from('caf\u00e9', 'utf8');
    const header = rawHeader({ name, checksum: (_, signed) => `${signed.toString(8).padStart(6, '0')}\0 ` });
    expect(headersOf(rawTar(header))).toEqual([['caf\u00e9', 0o644, 0, 0]]);
  });

  it('rejects a pax size, uid or gid that is not a decimal number, and a malformed pax record', () => {
    const cases: Record<string, string>[] = [{ size: '12x' }, { uid: '-1' }, { gid: '' }, { size: '1e3' }];
    for (const records of cases) {
      expect(
        () => scan(rawTar(paxHeader(records), rawHeader({ size: 3 }), padded('abc')), 512),
        JSON.stringify(records),
      ).toThrow(/pax/);
    }
    const body = padded('20 path=missing-newline');
    const broken = Buffer.concat([rawHeader({ name: 'PaxHeaders/x', type: 'x', size: 23 }), body]);
    expect(() => scan(rawTar(broken, rawHeader()), 512)).toThrow(/malformed pax record/);
  });

  it('reads a pax size over the header one', () => {
    const bytes = rawTar(paxHeader({ size: '5', path: 'from/pax' }), rawHeader({ size: 0 }), padded('hello'));
    expect(headersOf(bytes)).toEqual([['from/pax', 0o644, 0, 5]]);
  });

  it('ends at two zero blocks or at one followed by the end, but rejects a zero block followed by a header', () => {
    const entry = Buffer.concat([rawHeader({ size: 3 }), padded('abc')]);
    expect(headersOf(Buffer.concat([entry, Buffer.alloc(512)]))).toHaveLength(1);
    expect(headersOf(Buffer.concat([entry, Buffer.alloc(1024), Buffer.alloc(700, 0x41)]))).toHaveLength(1);
    expect(() => scan(Buffer.concat([entry, Buffer.alloc(512), entry, Buffer.alloc(1024)]), 512)).toThrow(
      /tar header at byte 1024: a zero block before the end/,
    );
  });
});

describe('TarScanner: names that are not valid UTF-8', () => {
  const namesOf = (bytes: Buffer) => scan(bytes, 512).headers.map((h) => [h.name, h.linkname]);
  const raw = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

  it('keeps two names that differ only in invalid bytes distinct, in the name, prefix and link name fields', () => {
    const bytes = rawTar(
      rawHeader({ name: raw('bad', [0xff], 'name') }),
      rawHeader({ name: raw('bad', [0xfe], 'name') }),
      rawHeader({ name: raw('file'), prefix: raw('dir', [0xe9]) }),
      rawHeader({ name: raw('link'), type: '2', linkname: raw('target', [0xc0, 0xaf]) }),
    );
    expect(namesOf(bytes)).toEqual([
      ['bad\\xffname', ''],
      ['bad\\xfename', ''],
      ['dir\\xe9/file', ''],
      ['link', 'target\\xc0\\xaf'],
    ]);
  });

  it('decodes GNU long names and long link names the same way', () => {
    const longName = raw(`${'d/'.repeat(60)}`, [0xff, 0xfe]);
    const longLink = raw(`${'t/'.repeat(60)}`, [0x80]);
    const bytes = rawTar(
      rawHeader({ name: '././@LongLink', type: 'L', size: longName.length + 1, magic: 'gnu' }),
      padded(Buffer.concat([longName, Buffer.from([0])])),
      rawHeader({ name: '././@LongLink', type: 'K', size: longLink.length, magic: 'gnu' }),
      padded(longLink),
      rawHeader({ name: 'short', type: '2', magic: 'gnu' }),
    );
    expect(namesOf(bytes)).toEqual([[`${'d/'.repeat(60)}\\xff\\xfe`, `${'t/'.repeat(60)}\\x80`]]);
  });

  it('decodes pax path and linkpath the same way', () => {
    const bytes = rawTar(
      paxHeader({ path: raw('pax/', [0xff]), linkpath: raw('to/', [0xe6, 0x97]) }),
      rawHeader({ type: '2' }),
    );
    expect(namesOf(bytes)).toEqual([['pax/\\xff', 'to/\\xe6\\x97']]);
  });

  it('keeps valid multi-byte UTF-8 and a literal U+FFFD unchanged in every name field', () => {
    const names = ['caf\u00e9', '\u65e5\u672c', '\u{1f680}', 'odd\ufffd'];
    const bytes = rawTar(
      ...names.map((name) => rawHeader({ name: raw(name) })),
      paxHeader({ path: raw('pax-\u00e9\ufffd') }),
      rawHeader(),
      rawHeader({ name: raw('long'), type: '2', linkname: raw('\u65e5\ufffd') }),
    );
    expect(namesOf(bytes)).toEqual([
      ...names.map((name) => [name, '']),
      ['pax-\u00e9\ufffd', ''],
      ['long', '\u65e5\ufffd'],
    ]);
  });
});

describe('TarScanner sinks', () => {
  it('streams an entry to a sink in order, whatever the chunking, and ends it before the next entry', async () => {
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    const bytes = await packTar([
      { name: 'one', content: body },
      { name: 'two', content: 'second' },
      { name: 'empty', content: '' },
    ]);
    for (const chunkSize of [1, 100, 511, 512, 4096, bytes.length]) {
      const events: string[] = [];
      const received: Buffer[] = [];
      const scanner = new TarScanner({
        entry: (header) => {
          events.push(`entry ${header.name}`);
          return {
            write: (piece) => void received.push(Buffer.from(piece)),
            end: () => void events.push(`end ${header.name}`),
          };
        },
        content: () => undefined,
      });
      for (let offset = 0; offset < bytes.length; offset += chunkSize)
        scanner.write(bytes.subarray(offset, offset + chunkSize));
      scanner.end();
      expect(events).toEqual(['entry one', 'end one', 'entry two', 'end two', 'entry empty', 'end empty']);
      expect(Buffer.concat(received).equals(Buffer.concat([body, Buffer.from('second')]))).toBe(true);
    }
  });
});
