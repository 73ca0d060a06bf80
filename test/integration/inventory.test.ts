import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { assertValidCycloneDx } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli } from './helpers.js';

const run = promisify(execFile);
const fixture = (path: string) => new URL(`../fixtures/inventory/${path}`, import.meta.url);

interface Component {
  readonly type: string;
  readonly group?: string;
  readonly name: string;
  readonly version?: string;
  readonly purl?: string;
  readonly scope?: string;
  readonly properties?: readonly { name: string; value: string }[];
}
interface Bom {
  readonly metadata: { component: { name: string } };
  readonly components: readonly Component[];
}

const property = (component: Component, name: string) =>
  component.properties?.find((candidate) => candidate.name === name)?.value;

/** `name version` of every installed package, as dpkg itself reports them inside the image. */
async function dpkgQuery(image: string): Promise<string[]> {
  const { stdout } = await run('docker', [
    'run',
    '--rm',
    '--network=none',
    image,
    'dpkg-query',
    '-W',
    '-f',
    '${db:Status-Status} ${Package} ${Version}\\n',
  ]);
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('installed '))
    .map((line) => line.slice('installed '.length))
    .sort();
}

describeWithEngine('package inventory of a Debian image with dpkg, pip and npm packages (issue 13)', () => {
  let bom: Bom;
  let byType: (type: string) => Component[];

  beforeAll(async () => {
    const cli = await runCli(['--no-config', '--no-run', '--format', 'cyclonedx', FIXTURES.inventoryDebian]);
    expect(cli.stderr).not.toMatch(/error|Error:/);
    bom = JSON.parse(cli.stdout) as Bom;
    byType = (type) => bom.components.filter((c) => property(c, 'imgaudit:package:type') === type);
  });

  it('writes valid CycloneDX 1.5', () => {
    assertValidCycloneDx(bom);
    expect(bom.metadata.component.name).toBe(FIXTURES.inventoryDebian);
  });

  it('lists exactly the dpkg packages dpkg-query reports installed, with Debian purls', async () => {
    const installed = await dpkgQuery(FIXTURES.inventoryDebian);
    const debs = byType('deb');
    expect(debs.map((c) => `${c.name} ${c.version}`).sort()).toEqual(installed);
    // jq was installed, then removed in a later layer: the final status file decides.
    expect(installed.some((line) => line.startsWith('jq '))).toBe(false);
    expect(installed.some((line) => line.startsWith('libjq1 '))).toBe(true);
    for (const deb of debs) {
      expect(deb.purl).toMatch(/^pkg:deb\/debian\/[^@]+@[^?]+\?arch=(?:amd64|all)&distro=debian-12/);
      expect(decodeURIComponent(deb.purl!.split('@')[1]!.split('?')[0]!)).toBe(deb.version);
    }
    // libjq1 came with the `RUN dpkg -i` layer (third), base-files with the debootstrap base.
    const layer = (name: string) =>
      property(
        debs.find((c) => c.name === name)!,
        'imgaudit:location:layerIndex',
      );
    expect(layer('base-files')).toBe('0');
    expect(layer('libjq1')).toBe('2');
    expect(debs.find((c) => c.name === 'libjq1')!.purl).toContain('&upstream=jq');
  });

  it('lists the planted pip packages as their METADATA says, not the one deleted in a later layer', () => {
    const expected = [
      'python/dist-packages/six-1.16.0.dist-info/METADATA',
      'python/site-packages/requests-2.31.0.dist-info/METADATA',
      'python/site-packages/Legacy_Tool-0.3.egg-info',
    ].map((path) => {
      const text = readFileSync(fixture(path), 'utf8');
      const header = (key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(text)![1]!;
      const name = header('Name');
      return `${name} ${header('Version')} pkg:pypi/${name.toLowerCase().replace(/[-_.]+/g, '-')}@${header('Version')}`;
    });
    expect(
      byType('pypi')
        .map((c) => `${c.name} ${c.version} ${c.purl}`)
        .sort(),
    ).toEqual(expected.sort());
  });

  it('lists the planted npm packages as their package.json says, the dev one excluded', () => {
    const manifest = (path: string) =>
      JSON.parse(readFileSync(fixture(`app/node_modules/${path}/package.json`), 'utf8')) as Record<string, string>;
    const leftPad = manifest('left-pad');
    const types = manifest('@types/node');
    expect(byType('npm').map((c) => [c.group ?? '', c.name, c.version, c.purl, c.scope ?? ''])).toEqual([
      ['@types', 'node', types.version, `pkg:npm/%40types/node@${types.version}`, 'excluded'],
      ['', leftPad.name, leftPad.version, `pkg:npm/left-pad@${leftPad.version}`, ''],
    ]);
  });

  it('writes SPDX 2.3 with the same packages', async () => {
    const cli = await runCli(['--no-config', '--no-run', '--format', 'spdx', FIXTURES.inventoryDebian]);
    const doc = JSON.parse(cli.stdout) as {
      spdxVersion: string;
      packages: { externalRefs?: { referenceLocator: string }[] }[];
    };
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    const purls = doc.packages.flatMap((p) => p.externalRefs?.map((ref) => ref.referenceLocator) ?? []).sort();
    expect(purls).toEqual(bom.components.flatMap((c) => (c.purl ? [c.purl] : [])).sort());
  });

  it('refuses a batch with one clear line and exit code 2', async () => {
    const cli = await runCli([
      '--no-config',
      '--no-run',
      '--format',
      'cyclonedx',
      FIXTURES.inventoryDebian,
      FIXTURES.good,
    ]);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim().split('\n').at(-1)).toMatch(/cyclonedx describes one image, and this run audited 2/);
    expect(cli.stdout).toBe('');
  });
});
