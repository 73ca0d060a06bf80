import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * The rpmdb.sqlite fixtures test/fixtures/rpmdb/make-rpmdb.py writes with python3's sqlite3 (real SQLite files, rpm's
 * schema, rpm header blobs), and what each holds: `name, version, arch, license, epoch, source rpm` per package.
 */
export type RpmdbFixture = 'p512' | 'p1024' | 'p4096' | 'p65536';

const DIR = new URL('../../../fixtures/rpmdb/', import.meta.url);

export const rpmdbFixture = (name: RpmdbFixture): Buffer => gunzipSync(readFileSync(new URL(`${name}.sqlite.gz`, DIR)));

interface Expected {
  readonly pageSize: number;
  readonly bytes: number;
  readonly packages: readonly string[];
}
export const rpmdbExpected = (name: RpmdbFixture): Expected =>
  (JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Record<RpmdbFixture, Expected>)[name];

const TYPES = { int32: 4, string: 6, bin: 7, i18n: 9 } as const;

/** An rpm header blob as rpmdb stores it, from `[tag, type, value]` entries (value: a string or an int32). */
export function rpmHeaderBlob(entries: readonly (readonly [number, keyof typeof TYPES, string | number])[]): Buffer {
  const index: Buffer[] = [];
  const store: Buffer[] = [];
  let length = 0;
  for (const [tag, type, value] of entries) {
    let bytes: Buffer;
    if (type === 'int32') {
      const pad = (4 - (length % 4)) % 4;
      store.push(Buffer.alloc(pad));
      length += pad;
      bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(Number(value));
    } else bytes = Buffer.from(`${value}\0`);
    const entry = Buffer.alloc(16);
    entry.writeUInt32BE(tag, 0);
    entry.writeUInt32BE(TYPES[type], 4);
    entry.writeUInt32BE(length, 8);
    entry.writeUInt32BE(1, 12);
    index.push(entry);
    store.push(bytes);
    length += bytes.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(length, 4);
  return Buffer.concat([head, ...index, ...store]);
}
