import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { assertValidCycloneDx } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli } from './helpers.js';

const run = promisify(execFile);
/** The database the rpm-sqlite fixture image holds at /var/lib/rpm/rpmdb.sqlite (scripts/fixture-rpmdb.sh made it). */
const RPMDB = fileURLToPath(new URL('../fixtures/.bin/rpmdb/rpmdb.sqlite', import.meta.url));

interface Component {
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
  readonly licenses?: readonly { license: { name: string } }[];
  readonly properties?: readonly { name: string; value: string }[];
}
interface Bom {
  readonly metadata: {
    component: { name: string };
    properties?: readonly { name: string; value: string }[];
  };
  readonly components: readonly Component[];
  readonly dependencies: readonly { ref: string; dependsOn: readonly string[] }[];
}

const property = (component: Component, name: string) =>
  component.properties?.find((candidate) => candidate.name === name)?.value;

interface RpmPackage {
  readonly name: string;
  readonly epoch: string;
  readonly version: string;
  readonly release: string;
  readonly arch: string;
  readonly license: string;
  readonly sourcerpm: string;
}

/** Every package as rpm itself reads the database (on a copy: rpm may write its -shm and -wal files beside it). */
async function rpmQueryAll(): Promise<RpmPackage[]> {
  const dir = mkdtempSync(join(tmpdir(), 'imgaudit-rpmdb-'));
  try {
    copyFileSync(RPMDB, join(dir, 'rpmdb.sqlite'));
    const format = '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{LICENSE}\\t%{SOURCERPM}\\n';
    const { stdout } = await run('rpm', ['-qa', '--dbpath', dir, '--define', '_db_backend sqlite', '--qf', format]);
    return stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [name, epoch, version, release, arch, license, sourcerpm] = line.split('\t') as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        // rpm prints an absent epoch as (none).
        return { name, epoch: epoch === '(none)' ? '' : epoch, version, release, arch, license, sourcerpm };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWithEngine('rpm inventory from rpm sqlite databases (issue 13)', () => {
  let bom: Bom;
  let rpms: Component[];
  let expected: RpmPackage[];

  beforeAll(async () => {
    expected = await rpmQueryAll();
    const cli = await runCli(['--no-config', '--no-run', '--format', 'cyclonedx', FIXTURES.rpmSqlite]);
    expect(cli.stderr).not.toMatch(/error|Error:/);
    bom = JSON.parse(cli.stdout) as Bom;
    rpms = bom.components.filter((c) => property(c, 'imgaudit:package:type') === 'rpm');
  });

  it('the fixture database holds what scripts/fixture-rpmdb.sh built', () => {
    expect(expected.map((p) => p.name)).toEqual([
      'imgaudit-epoch',
      'imgaudit-license',
      'imgaudit-long',
      'imgaudit-native',
    ]);
    expect(expected.find((p) => p.name === 'imgaudit-epoch')!.epoch).toBe('4');
  });

  it('writes valid CycloneDX 1.5 listing exactly the packages rpm -qa lists, with their versions and licenses', () => {
    assertValidCycloneDx(bom);
    expect(
      rpms
        .map((c) => [c.name, c.version, c.licenses?.[0]?.license.name ?? ''])
        .sort((a, b) => a[0]!.localeCompare(b[0]!)),
    ).toEqual(expected.map((p) => [p.name, `${p.epoch ? `${p.epoch}:` : ''}${p.version}-${p.release}`, p.license]));
    for (const c of rpms) {
      expect(property(c, 'imgaudit:location:path')).toBe('/var/lib/rpm/rpmdb.sqlite');
      // busybox, os-release, then the database: the third layer (0 = bottom).
      expect(property(c, 'imgaudit:location:layerIndex')).toBe('2');
    }
    expect(bom.metadata.properties ?? []).toEqual([]);
  });

  it('gives each package the purl spec rpm purl: namespace redhat for rhel, version-release, arch, epoch, distro', () => {
    const encode = (text: string) =>
      encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    for (const p of expected) {
      const qualifiers = [
        `arch=${p.arch}`,
        'distro=rhel-9.4',
        ...(p.epoch ? [`epoch=${p.epoch}`] : []),
        `upstream=${encode(p.sourcerpm)}`,
      ];
      const purl = `pkg:rpm/redhat/${p.name}@${encode(`${p.version}-${p.release}`)}?${qualifiers.join('&')}`;
      expect(rpms.find((c) => c.name === p.name)?.purl).toBe(purl);
    }
    expect(rpms.find((c) => c.name === 'imgaudit-native')!.purl).toMatch(/\?arch=x86_64&/);
    expect(rpms.find((c) => c.name === 'imgaudit-epoch')!.purl).toBe(
      'pkg:rpm/redhat/imgaudit-epoch@1.0.2-3.el9?arch=noarch&distro=rhel-9.4&epoch=4&upstream=imgaudit-epoch-1.0.2-3.el9.src.rpm',
    );
  });

  it('puts the rpm packages under the operating system, in CycloneDX and SPDX', async () => {
    const os = bom.components.find((c) => (c as { type?: string }).type === 'operating-system')!;
    expect(os.name).toBe('rhel');
    const osRef = (os as { 'bom-ref'?: string })['bom-ref']!;
    const underOs = bom.dependencies.find((d) => d.ref === osRef)!.dependsOn;
    expect([...underOs].sort()).toEqual(rpms.map((c) => c.purl!).sort());

    const cli = await runCli(['--no-config', '--no-run', '--format', 'spdx', FIXTURES.rpmSqlite]);
    const doc = JSON.parse(cli.stdout) as {
      packages: { SPDXID: string; name: string; primaryPackagePurpose: string; licenseDeclared: string }[];
      relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
    };
    const osId = doc.packages.find((p) => p.primaryPackagePurpose === 'OPERATING-SYSTEM')!.SPDXID;
    const rpmPackages = doc.packages.filter((p) => p.SPDXID.startsWith('SPDXRef-Package-rpm-'));
    expect(rpmPackages.map((p) => p.name).sort()).toEqual(expected.map((p) => p.name));
    expect(rpmPackages.find((p) => p.name === 'imgaudit-license')!.licenseDeclared).toBe(
      'GPL-2.0-or-later AND BSD-3-Clause',
    );
    for (const p of rpmPackages)
      expect(doc.relationships).toContainEqual({
        spdxElementId: osId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: p.SPDXID,
      });
  });
});

describeWithEngine('an rpm database imgaudit cannot read (BerkeleyDB)', () => {
  let bom: Bom;

  beforeAll(async () => {
    const cli = await runCli(['--no-config', '--no-run', '--format', 'cyclonedx', FIXTURES.rpmBdb]);
    bom = JSON.parse(cli.stdout) as Bom;
  });

  it('lists no rpm packages, and says in the SBOM which file was not inventoried, why, and what to run instead', () => {
    assertValidCycloneDx(bom);
    expect(bom.components.filter((c) => property(c, 'imgaudit:package:type') === 'rpm')).toEqual([]);
    expect(bom.metadata.properties).toEqual([
      {
        name: 'imgaudit:notInventoried',
        value: expect.stringMatching(
          /^\/var\/lib\/rpm\/Packages: rpm database in BerkeleyDB format \(.*Amazon Linux 2.*\): imgaudit cannot read it, .* --entrypoint rpm IMAGE -qa$/,
        ),
      },
    ]);
  });
});
