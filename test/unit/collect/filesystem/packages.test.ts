import { describe, expect, it } from 'vitest';
import { elfDataStart, goBuildInfoReader } from '../../../../src/collect/filesystem/packages.js';
import type { TarItem } from '../layers/tar.js';
import { inventoryOf, scanned } from './scanned.js';
import { elf64, goBinary, zipOf } from './package-samples.js';

const OS_RELEASE: TarItem = { name: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' };

function dpkgParagraph(name: string, version: string, extra = ''): string {
  return [
    `Package: ${name}`,
    'Status: install ok installed',
    'Priority: optional',
    'Architecture: amd64',
    `Version: ${version}`,
    `${extra}Description: the ${name} package`,
    ' with a long description',
    ' .',
    '',
  ].join('\n');
}

describe('detectPackages', () => {
  it('lists installed dpkg packages with purls, skipping packages that are not installed', async () => {
    const status = [
      dpkgParagraph('base-files', '12.4+deb12u5'),
      dpkgParagraph('libjq1', '1.6-2.1', 'Source: jq\n'),
      dpkgParagraph('gone', '1.0').replace('install ok installed', 'deinstall ok config-files'),
      dpkgParagraph('libc6', '2.36-9+deb12u7', 'Source: glibc (2.36-9)\n'),
    ].join('\n');
    const { packages, notInventoried } = await inventoryOf([
      OS_RELEASE,
      { name: 'var/lib/dpkg/status', content: status },
    ]);
    expect(notInventoried).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.purl, p.path, p.layerIndex])).toEqual([
      [
        'base-files',
        '12.4+deb12u5',
        'pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12',
        '/var/lib/dpkg/status',
        0,
      ],
      [
        'libc6',
        '2.36-9+deb12u7',
        'pkg:deb/debian/libc6@2.36-9%2Bdeb12u7?arch=amd64&distro=debian-12&upstream=glibc%402.36-9',
        '/var/lib/dpkg/status',
        0,
      ],
      [
        'libjq1',
        '1.6-2.1',
        'pkg:deb/debian/libjq1@1.6-2.1?arch=amd64&distro=debian-12&upstream=jq',
        '/var/lib/dpkg/status',
        0,
      ],
    ]);
  });

  it('takes the final view: a package removed later is gone, one added later names its own layer', async () => {
    const first = [dpkgParagraph('base-files', '12.4'), dpkgParagraph('curl', '7.88')].join('\n');
    const second = [dpkgParagraph('base-files', '12.4'), dpkgParagraph('jq', '1.6-2.1')].join('\n');
    const { packages } = await inventoryOf(
      [OS_RELEASE, { name: 'var/lib/dpkg/status', content: first }],
      [{ name: 'var/lib/dpkg/status', content: second }],
    );
    expect(packages.map((p) => [p.name, p.layerIndex])).toEqual([
      ['base-files', 0],
      ['jq', 1],
    ]);
  });

  it('reads distroless status.d files and apk databases', async () => {
    const distroless = await inventoryOf([
      OS_RELEASE,
      {
        name: 'var/lib/dpkg/status.d/tzdata',
        content: dpkgParagraph('tzdata', '2024a-0+deb12u1').replace(/^Status:.*\n/m, ''),
      },
      { name: 'var/lib/dpkg/status.d/tzdata.md5sums', content: 'abc  usr/share/zoneinfo/UTC\n' },
    ]);
    expect(distroless.packages.map((p) => [p.name, p.path])).toEqual([['tzdata', '/var/lib/dpkg/status.d/tzdata']]);
    const alpine = await inventoryOf([
      { name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
      {
        name: 'lib/apk/db/installed',
        content:
          'C:Q1abc=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT\no:musl\n\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0\no:openssl\n\n',
      },
    ]);
    expect(alpine.packages.map((p) => [p.name, p.license, p.purl])).toEqual([
      [
        'libcrypto3',
        'Apache-2.0',
        'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl',
      ],
      ['musl', 'MIT', 'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1'],
    ]);
  });

  it('lists Python, npm (scoped, dev from the hidden lockfile) and gem packages with licenses', async () => {
    const { packages } = await inventoryOf([
      {
        name: 'usr/lib/python3/dist-packages/Foo_Bar-2.0.dist-info/METADATA',
        content: 'Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 2.0\nLicense: MIT\n\nLong: not a header\n',
      },
      {
        name: 'usr/local/lib/python3.11/site-packages/six-1.16.0.egg-info/PKG-INFO',
        content: 'Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n',
      },
      {
        name: 'app/node_modules/@types/node/package.json',
        content: '{"name":"@types/node","version":"20.1.0","license":"MIT"}',
      },
      {
        name: 'app/node_modules/left-pad/package.json',
        content: '{"name":"left-pad","version":"1.3.0","license":{"type":"WTFPL"}}',
      },
      { name: 'app/node_modules/left-pad/lib/package.json', content: '{"name":"inner","version":"0.0.0"}' },
      {
        name: 'app/node_modules/.package-lock.json',
        content: JSON.stringify({
          packages: { 'node_modules/@types/node': { dev: true }, 'node_modules/left-pad': {} },
        }),
      },
      {
        name: 'usr/local/bundle/specifications/rack-3.0.8.gemspec',
        content: 's.name = "rack".freeze\ns.version = "3.0.8"\ns.licenses = ["MIT".freeze]\n',
      },
    ]);
    expect(packages.map((p) => [p.type, p.name, p.version, p.license, p.purl, p.dev])).toEqual([
      ['gem', 'rack', '3.0.8', 'MIT', 'pkg:gem/rack@3.0.8', undefined],
      ['npm', '@types/node', '20.1.0', 'MIT', 'pkg:npm/%40types/node@20.1.0', true],
      ['npm', 'left-pad', '1.3.0', 'WTFPL', 'pkg:npm/left-pad@1.3.0', false],
      ['pypi', 'Foo_Bar', '2.0', 'MIT', 'pkg:pypi/foo-bar@2.0', undefined],
      ['pypi', 'six', '1.16.0', undefined, 'pkg:pypi/six@1.16.0', undefined],
    ]);
  });

  it('reads Go build information from a large binary as it streams past, and Maven coordinates from a jar', async () => {
    const modules =
      'path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\tgolang.org/x/net\tv0.20.0\th1:x=\n=>\tgithub.com/fork/net\tv0.21.0\th1:y=\n';
    const jar = zipOf([
      { name: 'META-INF/MANIFEST.MF', content: 'Manifest-Version: 1.0\n' },
      {
        name: 'META-INF/maven/org.slf4j/slf4j-api/pom.properties',
        content: '#x\nversion=2.0.9\ngroupId=org.slf4j\nartifactId=slf4j-api\n',
        deflate: true,
      },
    ]);
    const { packages, notInventoried } = await inventoryOf([
      { name: 'usr/local/bin/app', content: goBinary(700 * 1024, 600 * 1024 + 7, modules), mode: 0o755 },
      { name: 'usr/local/bin/notgo', content: Buffer.alloc(600 * 1024, 1), mode: 0o755 },
      { name: 'opt/app/lib/slf4j-api-2.0.9.jar', content: jar },
      { name: 'opt/app/lib/plain.jar', content: zipOf([{ name: 'a.class', content: 'x' }]) },
    ]);
    expect(packages.map((p) => [p.type, p.name, p.version, p.purl])).toEqual([
      ['golang', 'example.com/app', '(devel)', 'pkg:golang/example.com/app@%28devel%29'],
      ['golang', 'golang.org/x/net', 'v0.21.0', 'pkg:golang/golang.org/x/net@v0.21.0'],
      ['golang', 'stdlib', '1.22.4', 'pkg:golang/stdlib@1.22.4'],
      ['maven', 'org.slf4j:slf4j-api', '2.0.9', 'pkg:maven/org.slf4j/slf4j-api@2.0.9'],
    ]);
    expect(notInventoried).toEqual([
      { path: '/opt/app/lib/plain.jar', reason: 'jar without META-INF/maven pom.properties' },
    ]);
  });

  it('searches for Go build information only past the RELRO part of the ELF data segment, where the linker puts it', () => {
    const binary = elf64(4 * 1024 * 1024, 0x200000, 0x100000);
    expect(elfDataStart(binary)).toBe(0x300000);
    const blob = goBinary(1024, 0, 'path\tx\nmod\tx\tv1.0.0\t\n').subarray(0, 200);
    const read = (bytes: Buffer) => {
      const reader = goBuildInfoReader();
      for (let at = 0; at < bytes.length; at += 65536) reader.write(bytes.subarray(at, at + 65536));
      return reader.end()?.toString();
    };
    const inWindow = Buffer.from(binary);
    // goBinary(…, 0, …) is the build information alone: its header overwrites the ELF magic.
    blob.copy(inWindow, 0x300000 + 0x24790);
    expect(read(inWindow)).toBe('go\tgo1.22.4\nmod\tx\tv1.0.0');
    // The same bytes in the text segment, before the window, are not read.
    const inText = Buffer.from(binary);
    inText.write('\xff Go buildinf:', 0x1000, 'latin1');
    expect(read(inText)).toBeUndefined();
  });

  it('says what it could not read: rpm databases, broken metadata', async () => {
    const { packages, notInventoried } = await inventoryOf([
      { name: 'var/lib/rpm/Packages', content: 'bdb' },
      { name: 'usr/lib/sysimage/rpm/rpmdb.sqlite', content: 'SQLite format 3\0' },
      { name: 'srv/node_modules/broken/package.json', content: '{"name": "broken",' },
      { name: 'usr/lib/python3/dist-packages/x-1.dist-info/METADATA', content: 'Summary: no name\n' },
    ]);
    expect(packages).toEqual([]);
    expect(notInventoried).toEqual([
      { path: '/srv/node_modules/broken/package.json', reason: 'not valid JSON' },
      {
        path: '/usr/lib/python3/dist-packages/x-1.dist-info/METADATA',
        reason: 'no Name or Version header',
      },
      {
        path: '/usr/lib/sysimage/rpm/rpmdb.sqlite',
        reason: 'rpm database (sqlite) not read: corrupt sqlite database: truncated header',
      },
      {
        path: '/var/lib/rpm/Packages',
        reason: expect.stringMatching(/^rpm database in BerkeleyDB format .*: imgaudit cannot read it/),
      },
    ]);
  });

  it('keeps a few bytes per package, not the metadata files', async () => {
    const status = Array.from({ length: 300 }, (_, i) => dpkgParagraph(`pkg${i}`, `1.${i}`)).join('\n');
    const [layer] = await scanned([{ name: 'var/lib/dpkg/status', content: status }]);
    const kept = layer!.contents.get('var/lib/dpkg/status')!;
    expect(kept.length).toBeLessThan(status.length / 4);
  });
});
