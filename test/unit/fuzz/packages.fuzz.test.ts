import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apkRecords,
  dpkgRecords,
  formatRecords,
  gemRecords,
  goBuildInfoRecords,
  jarRecords,
  MAX_RECORDS,
  npmLockRecords,
  npmRecords,
  parseRecords,
  pythonRecords,
  type PackageRecord,
} from '../../../src/collect/filesystem/package-records.js';
import { detectPackages, wants } from '../../../src/collect/filesystem/packages.js';
import { rpmdbRecords, rpmHeader } from '../../../src/collect/filesystem/rpmdb.js';
import { readSqliteTable } from '../../../src/collect/filesystem/sqlite.js';
import { mergeLayers } from '../../../src/collect/layers/merge.js';
import { goBinary, zipOf } from '../collect/filesystem/package-samples.js';
import { layer, file } from '../collect/filesystem/layers.js';
import { rpmdbFixture, rpmHeaderBlob } from '../collect/filesystem/rpmdb-samples.js';
import { chunkSizes, chunksOf, mutate, mutation, SEED } from './fuzz.js';

/** Each format: where the scan finds it, a valid sample, and its parser. */
const FORMATS: readonly {
  readonly name: string;
  readonly path: string;
  readonly mode?: number;
  readonly sample: Buffer;
  readonly parse: (bytes: Buffer) => PackageRecord[];
}[] = [
  {
    name: 'dpkg status',
    path: 'var/lib/dpkg/status',
    sample: Buffer.from(
      'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc (2.36-9)\nVersion: 2.36-9\n' +
        'Description: x\n long\n\nPackage: jq\nStatus: install ok installed\nVersion: 1.6\n\n',
    ),
    parse: dpkgRecords,
  },
  {
    name: 'apk database',
    path: 'lib/apk/db/installed',
    sample: Buffer.from('C:Q1=\nP:musl\nV:1.2.4-r4\nA:x86_64\nL:MIT\no:musl\n\nP:zlib\nV:1.3-r2\n\n'),
    parse: apkRecords,
  },
  {
    name: 'Python METADATA',
    path: 'usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA',
    sample: Buffer.from('Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n\nbody\n'),
    parse: pythonRecords,
  },
  {
    name: 'package.json',
    path: 'app/node_modules/@types/node/package.json',
    sample: Buffer.from('{"name":"@types/node","version":"20.1.0","license":{"type":"MIT"}}'),
    parse: npmRecords,
  },
  {
    name: 'npm hidden lockfile',
    path: 'app/node_modules/.package-lock.json',
    sample: Buffer.from('{"packages":{"node_modules/a":{"dev":true},"node_modules/b":{}}}'),
    parse: npmLockRecords,
  },
  {
    name: 'gemspec',
    path: 'usr/local/bundle/specifications/rack-3.0.8.gemspec',
    sample: Buffer.from('s.name = "rack".freeze\ns.version = "3.0.8"\ns.licenses = ["MIT".freeze]\n'),
    parse: gemRecords,
  },
  {
    name: 'jar',
    path: 'opt/app/x.jar',
    sample: zipOf([
      { name: 'META-INF/MANIFEST.MF', content: 'Manifest-Version: 1.0\n' },
      { name: 'META-INF/maven/g/a/pom.properties', content: 'groupId=g\nartifactId=a\nversion=1\n', deflate: true },
      { name: 'BOOT-INF/lib/inner.jar', content: 'PK' },
    ]),
    parse: jarRecords,
  },
  {
    name: 'rpm sqlite database',
    path: 'var/lib/rpm/rpmdb.sqlite',
    sample: rpmdbFixture('p512'),
    parse: rpmdbRecords,
  },
  {
    name: 'Go build information',
    path: 'usr/local/bin/app',
    mode: 0o755,
    sample: goBinary(600 * 1024, 513 * 1024 + 3, 'path\tx\nmod\tx\t(devel)\t\ndep\tgolang.org/x/net\tv0.20.0\th1:a=\n'),
    parse: (bytes) => {
      const at = bytes.indexOf('\xff Go buildinf:', 0, 'latin1');
      return goBuildInfoRecords(at < 0 ? bytes : bytes.subarray(at));
    },
  },
];

/** Records as the scan keeps them: fields without tabs or line breaks, never more than MAX_RECORDS (+1 header). */
function expectWellFormed(records: readonly PackageRecord[]): void {
  expect(records.length).toBeLessThanOrEqual(MAX_RECORDS + 1);
  for (const record of records) for (const field of record) expect(field).not.toMatch(/[\t\n]/);
}

/** Streams `bytes` in pieces of `sizes` through the reader the scan would use for the format's path. */
function streamed(path: string, mode: number, bytes: Buffer, sizes: readonly number[]): Buffer | undefined {
  const reader = wants(path, bytes.length, mode);
  if (typeof reader === 'boolean') return reader ? bytes : undefined;
  for (const piece of chunksOf(bytes, sizes)) reader.write(piece);
  return reader.end();
}

describe.each(FORMATS)('$name parser and reader on hostile bytes', ({ path, mode = 0o644, sample, parse }) => {
  it('never throws, keeps well-formed bounded records, and the detector stands on them', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(mutation, { minLength: 1, maxLength: 6 }).map((changes) => mutate(sample, changes)),
          fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
        ),
        chunkSizes,
        (bytes, sizes) => {
          expectWellFormed(parseRecords(formatRecords(parse(bytes))));
          const kept = streamed(path, mode, bytes, sizes);
          if (kept === undefined) return;
          expectWellFormed(parseRecords(kept));
          const view = mergeLayers([layer(0, [file(path, { content: kept, size: bytes.length, mode })])]);
          const { packages } = detectPackages(view);
          for (const pkg of packages) {
            expect(pkg.name).not.toBe('');
            expect(pkg.version).not.toBe('');
            expect(pkg.purl.startsWith(`pkg:`)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('reads the valid sample the same whatever the pieces', () => {
    const whole = streamed(path, mode, sample, [sample.length]);
    fc.assert(
      fc.property(chunkSizes, (sizes) => {
        expect(streamed(path, mode, sample, sizes)).toEqual(whole);
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(parseRecords(whole!).length).toBeGreaterThan(0);
  });
});

describe('bounds', () => {
  it('a dpkg status of 100,000 paragraphs keeps at most MAX_RECORDS records', () => {
    const status = Buffer.from('Package: p\nStatus: install ok installed\nVersion: 1\n\n'.repeat(100_000));
    expect(dpkgRecords(status).length).toBe(MAX_RECORDS);
  });

  it('a zip whose central directory claims 65,534 entries past its end stops at once', () => {
    const zip = zipOf([{ name: 'a', content: 'x' }]);
    zip.writeUInt16LE(0xfffe, zip.length - 22 + 10);
    expect(jarRecords(zip)).toEqual([['!', 'corrupt zip']]);
  });

  it('a gemspec and a pom.properties with long runs of spaces read at once (quadratic before: 40 KB took 1.6 s)', () => {
    const spaces = ' '.repeat(200_000);
    const gemspec = `s.name = "rack"\ns.version =${spaces}Gem::Version.new(${spaces}"3.0.8")\ns.licenses =${spaces}[${spaces}"MIT"]`;
    expect(gemRecords(Buffer.from(gemspec))).toEqual([['rack', '3.0.8', 'MIT']]);
    expect(gemRecords(Buffer.from(`s.name = "x"\ns.version =${spaces}`))).toEqual([
      ['!', 'no name or version assignment'],
    ]);
    // A pom.properties is read up to 64 KiB: 15,000 spaces took ~1 s before.
    const pad = ' '.repeat(15_000);
    const pom = `groupId=${pad}g${pad}\nartifactId=a\nversion=${pad}1.0${pad}x\n`;
    const jar = zipOf([{ name: 'META-INF/maven/g/a/pom.properties', content: pom, deflate: true }]);
    expect(jarRecords(jar)[0]).toEqual(['maven', 'g', 'a', `1.0${pad}x`]);
  });

  it('a Go length prefix larger than the bytes is a problem record, not a read past the end', () => {
    const blob = Buffer.alloc(40);
    blob.write('\xff Go buildinf:', 0, 'latin1');
    blob[15] = 2;
    blob[32] = 0xff;
    blob[33] = 0xff;
    blob[34] = 0x7f;
    expect(goBuildInfoRecords(blob)).toEqual([['!', 'truncated Go build information']]);
  });
});

describe('rpm headers and SQLite pages on hostile bytes', () => {
  const header = rpmHeaderBlob([
    [63, 'bin', 'region'],
    [1000, 'string', 'bash'],
    [1001, 'string', '5.2.26'],
    [1002, 'string', '3.fc40'],
    [1003, 'int32', 1],
    [1014, 'string', 'GPL-3.0-or-later'],
    [1022, 'string', 'x86_64'],
  ]);

  it('rpmHeader never throws, and keeps strings of bounded length', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(mutation, { minLength: 1, maxLength: 6 }).map((changes) => mutate(header, changes)),
          fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
        ),
        (bytes) => {
          const fields = rpmHeader(bytes);
          for (const value of Object.values(fields ?? {}))
            if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(4096);
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('a multi-page database with overflow chains, damaged anywhere: a problem or rows, at once', () => {
    const sample = rpmdbFixture('p4096');
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (changes) => {
        const bytes = mutate(sample, changes);
        const started = performance.now();
        let rows = 0;
        const problem = readSqliteTable(bytes, 'Packages', () => ++rows > 0);
        expect(problem === undefined || problem.length > 0).toBe(true);
        expectWellFormed(rpmdbRecords(bytes));
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
