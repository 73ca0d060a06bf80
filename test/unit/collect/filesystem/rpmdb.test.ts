import { describe, expect, it } from 'vitest';
import { detectPackages, wants } from '../../../../src/collect/filesystem/packages.js';
import { rpmdbRecords, rpmHeader, rpmVersion } from '../../../../src/collect/filesystem/rpmdb.js';
import { readSqliteTable, type SqliteValue } from '../../../../src/collect/filesystem/sqlite.js';
import { mergeLayers } from '../../../../src/collect/layers/merge.js';
import type { TarItem } from '../layers/tar.js';
import { inventoryOf, scanned } from './scanned.js';
import { file, layer } from './layers.js';
import { rpmdbExpected, rpmdbFixture, rpmHeaderBlob, type RpmdbFixture } from './rpmdb-samples.js';

const FIXTURES: readonly RpmdbFixture[] = ['p512', 'p1024', 'p4096', 'p65536'];
const DB = 'var/lib/rpm/rpmdb.sqlite';
const MiB = 1024 * 1024;

/** `name, version, arch, license, epoch, source rpm` of each record, as expected.json lists them. */
const summary = (records: readonly (readonly string[])[]) =>
  records.map(([name, evr, arch, license, epoch, , , sourcerpm]) =>
    [name, evr, arch, license, epoch, sourcerpm].join('\t'),
  );

/** The page size and type byte of each b-tree page (page 1's after the 100-byte header). */
function pages(db: Buffer): { pageSize: number; starts: number[] } {
  const encoded = db.readUInt16BE(16);
  const pageSize = encoded === 1 ? 65536 : encoded;
  return { pageSize, starts: Array.from({ length: db.length / pageSize }, (_, i) => i * pageSize) };
}
const headerOf = (start: number) => (start === 0 ? 100 : start);
/** A table leaf cell's payload size: the varint it starts with. */
function payloadSize(db: Buffer, at: number): number {
  let value = 0;
  for (let i = at; ; i++) {
    value = value * 128 + (db[i]! & 0x7f);
    if ((db[i]! & 0x80) === 0) return value;
  }
}

describe('readSqliteTable on SQLite files written by SQLite itself', () => {
  it.each(FIXTURES)('%s: every row of Packages in rowid order, overflow chains joined', (name) => {
    const db = rpmdbFixture(name);
    const expected = rpmdbExpected(name);
    expect(pages(db).pageSize).toBe(expected.pageSize);
    const rowids: number[] = [];
    const sizes: number[] = [];
    const problem = readSqliteTable(db, 'Packages', (rowid, values) => {
      rowids.push(rowid);
      expect(values[0]).toBeNull(); // hnum is the rowid itself
      sizes.push((values[1] as Buffer).length);
      return true;
    });
    expect(problem).toBeUndefined();
    // The packages and the gpg-pubkey row.
    expect(rowids).toEqual(Array.from({ length: expected.packages.length + 1 }, (_, i) => i + 1));
    // Some headers are longer than a page: they were read across overflow pages.
    expect(Math.max(...sizes)).toBeGreaterThan(expected.pageSize);
  });

  it('reads any table the schema names (rpm index tables), and says when there is none', () => {
    const db = rpmdbFixture('p1024');
    const names: SqliteValue[] = [];
    expect(readSqliteTable(db, 'name', (_rowid, values) => names.push(values[0]!) > 0)).toBeUndefined();
    expect(names).toHaveLength(300);
    expect(names[0]).toBe('pkg-0000');
    expect(readSqliteTable(db, 'Nothing', () => true)).toBe('no table Nothing in the sqlite schema');
  });

  it('stops when the visitor says so', () => {
    let rows = 0;
    expect(readSqliteTable(rpmdbFixture('p4096'), 'Packages', () => ++rows < 5)).toBeUndefined();
    expect(rows).toBe(5);
  });

  it('refuses what is not an SQLite 3 file, or has an impossible header', () => {
    expect(readSqliteTable(Buffer.from('bdb'), 'Packages', () => true)).toMatch(/not an SQLite 3 file/);
    const db = rpmdbFixture('p512');
    expect(readSqliteTable(db.subarray(0, 60), 'Packages', () => true)).toMatch(/truncated header/);
    const badSize = Buffer.from(db);
    badSize.writeUInt16BE(1000, 16);
    expect(readSqliteTable(badSize, 'Packages', () => true)).toBe('corrupt sqlite database: page size 1000');
    const badEncoding = Buffer.from(db);
    badEncoding.writeUInt32BE(7, 56);
    expect(readSqliteTable(badEncoding, 'Packages', () => true)).toMatch(/text encoding 7/);
  });

  it('a truncated file is a problem, not a read past its end', () => {
    const db = rpmdbFixture('p4096');
    for (const length of [4096, 3 * 4096, db.length - 4096, db.length - 100])
      expect(readSqliteTable(db.subarray(0, length), 'Packages', () => true)).toMatch(/^corrupt sqlite database: /);
  });

  it('an interior page that points back to itself ends at once', () => {
    const db = Buffer.from(rpmdbFixture('p1024'));
    const { starts } = pages(db);
    let changed = 0;
    for (const [i, start] of starts.entries())
      if (db[headerOf(start)] === 5) {
        db.writeUInt32BE(i + 1, headerOf(start) + 8);
        changed++;
      }
    expect(changed).toBeGreaterThan(0);
    expect(readSqliteTable(db, 'Packages', () => true)).toMatch(/page \d+ reached twice/);
  });

  it('an overflow chain that loops ends at once', () => {
    const db = Buffer.from(rpmdbFixture('p4096'));
    const { starts } = pages(db);
    let changed = 0;
    // Overflow pages of a fresh file follow each other: a page whose first word names the next page is one.
    for (const [i, start] of starts.entries())
      if (i > 0 && db.readUInt32BE(start) === i + 2) {
        db.writeUInt32BE(i + 1, start);
        changed++;
      }
    expect(changed).toBeGreaterThan(0);
    expect(readSqliteTable(db, 'Packages', () => true)).toMatch(/overflow page \d+ reached twice/);
  });

  it('cells that all point at one cell cost no more than the file holds', () => {
    // Every leaf page's cell pointers set to one cell that fits on the page, as many as fit: thousands of rows a page.
    const db = Buffer.from(rpmdbFixture('p65536'));
    const { starts } = pages(db);
    let changed = 0;
    let planted = 0;
    for (const start of starts) {
      const header = headerOf(start);
      const count = db.readUInt16BE(header + 3);
      if (db[header] !== 13) continue;
      const pointers = Array.from({ length: count }, (_, i) => db.readUInt16BE(header + 8 + 2 * i));
      const local = pointers.find((at) => payloadSize(db, start + at) < 65536 - 35);
      if (local === undefined) continue;
      const cells = Math.floor((local - (header - start) - 8) / 2);
      db.writeUInt16BE(cells, header + 3);
      for (let i = 0; i < cells; i++) db.writeUInt16BE(local, header + 8 + 2 * i);
      changed++;
      planted += cells;
    }
    expect(changed).toBeGreaterThan(0);
    let rows = 0;
    const started = performance.now();
    expect(
      readSqliteTable(db, 'Packages', () => {
        rows++;
        return true;
      }),
    ).toMatch(/more payload than the file holds/);
    // The rows of one file's worth of payload, not every cell planted.
    expect(planted).toBeGreaterThan(50_000);
    expect(rows).toBeLessThan(planted / 10);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads text in UTF-16 databases', () => {
    // The schema's text of a UTF-8 file read as UTF-16 finds no table: the encoding field is honoured.
    const db = Buffer.from(rpmdbFixture('p512'));
    db.writeUInt32BE(2, 56);
    expect(readSqliteTable(db, 'Packages', () => true)).toBe('no table Packages in the sqlite schema');
  });
});

describe('rpmHeader', () => {
  it('reads name, version, release, epoch, arch, license, source rpm and vendor', () => {
    const blob = rpmHeaderBlob([
      [63, 'bin', 'region'],
      [1000, 'string', 'bash'],
      [1001, 'string', '5.2.26'],
      [1002, 'string', '3.fc40'],
      [1004, 'i18n', 'The GNU Bourne Again shell'],
      [1003, 'int32', 1],
      [1011, 'string', 'Fedora Project'],
      [1014, 'string', 'GPL-3.0-or-later'],
      [1022, 'string', 'x86_64'],
      [1044, 'string', 'bash-5.2.26-3.fc40.src.rpm'],
    ]);
    expect(rpmHeader(blob)).toEqual({
      name: 'bash',
      version: '5.2.26',
      release: '3.fc40',
      epoch: 1,
      vendor: 'Fedora Project',
      license: 'GPL-3.0-or-later',
      arch: 'x86_64',
      sourcerpm: 'bash-5.2.26-3.fc40.src.rpm',
    });
  });

  it('is undefined for what is no header, and leaves out fields that point outside the data store', () => {
    expect(rpmHeader(Buffer.alloc(4))).toBeUndefined();
    expect(rpmHeader(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    const blob = rpmHeaderBlob([
      [1000, 'string', 'zlib'],
      [1001, 'string', '1.3'],
      [1003, 'int32', 2],
    ]);
    // More entries than the bytes hold.
    const many = Buffer.from(blob);
    many.writeUInt32BE(1000, 0);
    expect(rpmHeader(many)).toBeUndefined();
    // The version's offset past the store, the epoch's at its last byte.
    const outside = Buffer.from(blob);
    outside.writeUInt32BE(0xffffff, 8 + 16 + 8);
    outside.writeUInt32BE(blob.readUInt32BE(4) - 1, 8 + 32 + 8);
    expect(rpmHeader(outside)).toEqual({ name: 'zlib' });
    // A string without its NUL before the end of the store.
    const unterminated = Buffer.from(blob.subarray(0, blob.length - 8));
    unterminated.writeUInt32BE(blob.readUInt32BE(4) - 8, 4);
    expect(rpmHeader(unterminated)).toEqual({ name: 'zlib' });
  });

  it('writes versions as rpm -q does', () => {
    expect(rpmVersion('1.3', '1.fc40', undefined)).toBe('1.3-1.fc40');
    expect(rpmVersion('1.3', '1.fc40', 0)).toBe('0:1.3-1.fc40');
    expect(rpmVersion('1.3', undefined, 2)).toBe('2:1.3');
  });
});

describe('rpmdbRecords', () => {
  it.each(FIXTURES)('%s: every package but the gpg-pubkey keys', (name) => {
    expect(summary(rpmdbRecords(rpmdbFixture(name)))).toEqual(rpmdbExpected(name).packages);
  });

  it('a corrupt database is one problem record', () => {
    const db = Buffer.from(rpmdbFixture('p1024'));
    expect(rpmdbRecords(db.subarray(0, 5000))).toEqual([['!', expect.stringMatching(/^corrupt sqlite database: /)]]);
    expect(rpmdbRecords(Buffer.from('bdb'))).toEqual([
      ['!', 'corrupt sqlite database: not an SQLite 3 file (no "SQLite format 3" header)'],
    ]);
  });
});

const FEDORA: TarItem = { name: 'etc/os-release', content: 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n' };

describe('the rpm inventory', () => {
  it('lists the packages of rpmdb.sqlite with rpm purls, in the layer that installed each version', async () => {
    const before = rpmdbFixture('p512');
    const after = rpmdbFixture('p1024');
    const { packages, notInventoried } = await inventoryOf(
      [FEDORA, { name: DB, content: before }],
      [{ name: DB, content: after }],
    );
    expect(notInventoried).toEqual([]);
    expect(packages).toHaveLength(300);
    const pkg = (name: string) => packages.find((p) => p.name === name)!;
    // p512's pkg-0000 to pkg-0011 are p1024's too (same generator): installed in layer 0.
    expect(pkg('pkg-0000')).toEqual({
      name: 'pkg-0000',
      version: '0:1.0.0-1.fc40',
      type: 'rpm',
      path: '/var/lib/rpm/rpmdb.sqlite',
      layerIndex: 0,
      license: 'MIT',
      purl: 'pkg:rpm/fedora/pkg-0000@1.0.0-1.fc40?arch=x86_64&distro=fedora-40&epoch=0&upstream=pkg-0000-1.0.0-1.fc40.src.rpm',
    });
    expect(pkg('pkg-0011').layerIndex).toBe(0);
    expect(pkg('pkg-0012').layerIndex).toBe(1);
    expect(pkg('pkg-0003')).toMatchObject({
      version: '4.3.3-1.fc40',
      purl: 'pkg:rpm/fedora/pkg-0003@4.3.3-1.fc40?arch=x86_64&distro=fedora-40&upstream=pkg-0003-4.3.3-1.fc40.src.rpm',
    });
    expect(pkg('pkg-0003').license).toBeUndefined();
    expect(packages.some((p) => p.name === 'gpg-pubkey')).toBe(false);
  });

  it('names RHEL packages redhat, and leaves the namespace out without os-release', async () => {
    const db = rpmdbFixture('p512');
    const rhel = await inventoryOf([
      { name: 'etc/os-release', content: 'ID="rhel"\nVERSION_ID="9.4"\n' },
      { name: 'usr/lib/sysimage/rpm/rpmdb.sqlite', content: db },
    ]);
    expect(rhel.packages[1]!.purl).toBe(
      'pkg:rpm/redhat/pkg-0001@2.1.1-2.fc40?arch=noarch&distro=rhel-9.4&upstream=pkg-0001-2.1.1-2.fc40.src.rpm',
    );
    expect(rhel.packages[1]!.path).toBe('/usr/lib/sysimage/rpm/rpmdb.sqlite');
    const scratch = await inventoryOf([{ name: DB, content: db }]);
    expect(scratch.packages[1]!.purl).toBe(
      'pkg:rpm/pkg-0001@2.1.1-2.fc40?arch=noarch&upstream=pkg-0001-2.1.1-2.fc40.src.rpm',
    );
  });

  it('says that a non-empty write-ahead log beside it may hold the last transactions', async () => {
    const db = rpmdbFixture('p512');
    const withWal = await inventoryOf([
      FEDORA,
      { name: DB, content: db },
      { name: `${DB}-wal`, content: Buffer.alloc(4096, 1) },
      { name: `${DB}-shm`, content: Buffer.alloc(32768) },
    ]);
    expect(withWal.packages).toHaveLength(12);
    expect(withWal.notInventoried).toEqual([
      {
        path: '/var/lib/rpm/rpmdb.sqlite-wal',
        reason: expect.stringMatching(/^sqlite write-ahead log .* may be missing/),
      },
    ]);
    const emptyWal = await inventoryOf([FEDORA, { name: DB, content: db }, { name: `${DB}-wal`, content: '' }]);
    expect(emptyWal.notInventoried).toEqual([]);
  });

  it('says why a corrupt database, a BerkeleyDB or an ndb one is not inventoried, and what to do', async () => {
    const { packages, notInventoried } = await inventoryOf([
      { name: DB, content: rpmdbFixture('p1024').subarray(0, 2048) },
      { name: 'usr/lib/sysimage/rpm/Packages', content: 'bdb' },
      { name: 'usr/lib/sysimage/rpm/Packages.db', content: 'ndb' },
    ]);
    expect(packages).toEqual([]);
    expect(notInventoried).toEqual([
      {
        path: '/usr/lib/sysimage/rpm/Packages',
        reason:
          'rpm database in BerkeleyDB format (RHEL/UBI/CentOS 7 and 8, Amazon Linux 2, Fedora before 33): imgaudit ' +
          "cannot read it, so the image's rpm packages are not inventoried; list them with rpm itself, e.g. " +
          'docker run --rm --entrypoint rpm IMAGE -qa',
      },
      {
        path: '/usr/lib/sysimage/rpm/Packages.db',
        reason: expect.stringMatching(/^rpm database in ndb format \(openSUSE, SUSE .*\): imgaudit cannot read it/),
      },
      {
        path: '/var/lib/rpm/rpmdb.sqlite',
        reason: expect.stringMatching(/^rpm database \(sqlite\) not read: corrupt sqlite database: .*out of the file/),
      },
    ]);
  });

  it('reads databases up to 32 MiB, and says so of a larger one', () => {
    expect(wants(DB, 32 * MiB, 0o644)).not.toBe(false);
    expect(wants(DB, 32 * MiB + 1, 0o644)).toBe(false);
    const view = mergeLayers([layer(0, [file(DB, { size: 32 * MiB + 1 })])]);
    expect(detectPackages(view).notInventoried).toEqual([
      { path: '/var/lib/rpm/rpmdb.sqlite', reason: 'rpm database (sqlite) larger than 32 MiB: not read' },
    ]);
  });

  it('keeps a few bytes per package, not the database', async () => {
    const db = rpmdbFixture('p4096');
    const [scannedLayer] = await scanned([{ name: DB, content: db }]);
    const kept = scannedLayer!.contents.get(DB)!;
    expect(kept.length).toBeLessThan(db.length / 10);
    expect(kept.toString().split('\n')).toHaveLength(300);
  });
});
