import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/evaluate/result.js';
import type { PackageInventory } from '../../../src/facts.js';
import { renderCycloneDx } from '../../../src/report/cyclonedx.js';
import { renderSpdx } from '../../../src/report/spdx.js';
import { UsageError } from '../../../src/shared/errors.js';
import { assertValidCycloneDx } from '../../helpers/schema.js';
import { recordedBatch, withImage } from '../helpers/reports.js';

const INVENTORY: PackageInventory = {
  packages: [
    {
      name: 'libc6',
      version: '2.36-9+deb12u7',
      type: 'deb',
      path: '/var/lib/dpkg/status',
      layerIndex: 0,
      purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u7?arch=amd64&distro=debian-12&upstream=glibc',
    },
    {
      name: 'org.slf4j:slf4j-api',
      version: '2.0.9',
      type: 'maven',
      path: '/app/lib/slf4j-api.jar',
      layerIndex: 2,
      purl: 'pkg:maven/org.slf4j/slf4j-api@2.0.9',
    },
    {
      name: '@types/node',
      version: '20.1.0',
      type: 'npm',
      path: '/app/node_modules/@types/node/package.json',
      layerIndex: 2,
      license: 'MIT',
      purl: 'pkg:npm/%40types/node@20.1.0',
      dev: true,
    },
    {
      name: 'left-pad',
      version: '1.3.0',
      type: 'npm',
      path: '/app/node_modules/left-pad/package.json',
      layerIndex: 2,
      license: 'WTFPL OR MIT',
      purl: 'pkg:npm/left-pad@1.3.0',
      dev: false,
    },
    {
      name: 'left-pad',
      version: '1.3.0',
      type: 'npm',
      path: '/app/node_modules/x/node_modules/left-pad/package.json',
      layerIndex: 2,
      license: 'see LICENSE \u001b[31mred',
      purl: 'pkg:npm/left-pad@1.3.0',
    },
    {
      name: 'requests',
      version: '2.31.0',
      type: 'pypi',
      path: '/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA',
      layerIndex: 1,
      license: 'Apache 2.0',
      purl: 'pkg:pypi/requests@2.31.0',
    },
  ],
  notInventoried: [
    {
      path: '/var/lib/rpm/Packages',
      reason: 'rpm database (BerkeleyDB): not inventoried, imgaudit reads no rpm database yet',
    },
  ],
};

/** The recorded report's first image alone, on Debian 12, with the inventory above. */
function oneImage(inventory: PackageInventory = INVENTORY): AuditReport {
  const report = withImage(recordedBatch(), 0, (image) => ({
    ...image,
    facts: {
      ...image.facts,
      filesystem: {
        ...image.facts.filesystem!,
        os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
        inventory,
      },
    },
  }));
  return { ...report, images: report.images.slice(0, 1) };
}

describe('renderCycloneDx', () => {
  const text = renderCycloneDx(oneImage());
  const bom = JSON.parse(text) as {
    serialNumber: string;
    metadata: { timestamp: string; component: { name: string; version: string }; properties: { value: string }[] };
    components: { 'bom-ref': string; type: string; name: string; group?: string; purl?: string; scope?: string }[];
    dependencies: { ref: string; dependsOn: string[] }[];
  };

  it('is valid CycloneDX 1.5', () => {
    assertValidCycloneDx(bom);
    // The validator itself rejects what the schema forbids.
    expect(() => assertValidCycloneDx({ ...bom, components: [{ name: 'x' }] })).toThrow(/not valid CycloneDX/);
  });

  it('matches the golden file', async () => {
    await expect(text).toMatchFileSnapshot('__golden__/one.cyclonedx.json');
  });

  it('is the same for the same image: ids from the image id, time from its creation', () => {
    const image = oneImage().images[0]!;
    expect(renderCycloneDx(oneImage())).toBe(text);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.timestamp).toBe(image.facts.created!.replace(/\.\d+Z$/, 'Z'));
    const other = withImage(oneImage(), 0, (i) => ({ ...i, id: 'sha256:other' }));
    expect(JSON.parse(renderCycloneDx(other)).serialNumber).not.toBe(bom.serialNumber);
  });

  it('lists every package with its purl, the OS, groups for scopes, dev packages excluded, unique refs', () => {
    expect(bom.components.map((c) => [c.type, c.group ?? '', c.name, c.purl ?? '', c.scope ?? ''])).toEqual([
      ['operating-system', '', 'debian', '', ''],
      ['library', '', 'libc6', INVENTORY.packages[0]!.purl, ''],
      ['library', 'org.slf4j', 'slf4j-api', 'pkg:maven/org.slf4j/slf4j-api@2.0.9', ''],
      ['library', '@types', 'node', 'pkg:npm/%40types/node@20.1.0', 'excluded'],
      ['library', '', 'left-pad', 'pkg:npm/left-pad@1.3.0', ''],
      ['library', '', 'left-pad', 'pkg:npm/left-pad@1.3.0', ''],
      ['library', '', 'requests', 'pkg:pypi/requests@2.31.0', ''],
    ]);
    const refs = bom.components.map((c) => c['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
    const os = bom.dependencies.find((d) => d.ref === 'os:debian')!;
    expect(os.dependsOn).toEqual([INVENTORY.packages[0]!.purl]);
    expect(bom.metadata.properties.map((p) => p.value)).toEqual([
      '/var/lib/rpm/Packages: rpm database (BerkeleyDB): not inventoried, imgaudit reads no rpm database yet',
    ]);
  });

  it('passes no raw control character through', () => {
    expect(text).not.toMatch(/\u001b/);
    expect(text).toContain('\\u001b[31mred');
  });

  it('refuses a batch and a run without the filesystem scan, in one line', () => {
    expect(() => renderCycloneDx(recordedBatch())).toThrow(UsageError);
    expect(() => renderCycloneDx(recordedBatch())).toThrow(/describes one image, and this run audited 3/);
    const noFs = withImage(oneImage(), 0, (image) => ({
      ...image,
      facts: { ...image.facts, filesystem: undefined },
    }));
    expect(() => renderSpdx(noFs)).toThrow(/needs the filesystem scan/);
  });

  it('is valid with no packages and no OS (scratch)', () => {
    const scratch = withImage(oneImage({ packages: [], notInventoried: [] }), 0, (image) => ({
      ...image,
      facts: {
        ...image.facts,
        filesystem: { ...image.facts.filesystem!, os: { id: 'scratch', versionId: null, prettyName: 'scratch' } },
      },
    }));
    const empty = JSON.parse(renderCycloneDx(scratch));
    assertValidCycloneDx(empty);
    expect(empty.components).toEqual([]);
  });
});

interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[]; comment?: string };
  documentDescribes: string[];
  packages: {
    SPDXID: string;
    name: string;
    versionInfo: string;
    downloadLocation: string;
    licenseDeclared: string;
    licenseComments?: string;
    primaryPackagePurpose: string;
    externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  }[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

describe('renderSpdx', () => {
  const text = renderSpdx(oneImage());
  const doc = JSON.parse(text) as SpdxDocument;

  it('matches the golden file', async () => {
    await expect(text).toMatchFileSnapshot('__golden__/one.spdx.json');
  });

  it('has what SPDX 2.3 requires of a document and of each package', () => {
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.dataLicense).toBe('CC0-1.0');
    expect(doc.SPDXID).toBe('SPDXRef-DOCUMENT');
    expect(doc.documentNamespace).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(doc.creationInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(doc.creationInfo.creators).toEqual(['Tool: imgaudit-0.1.0']);
    const ids = doc.packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const pkg of doc.packages) {
      expect(pkg.SPDXID).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
      expect(pkg.name).not.toBe('');
      expect(pkg.downloadLocation).toBe('NOASSERTION');
    }
    const known = new Set(['SPDXRef-DOCUMENT', ...ids]);
    for (const relation of doc.relationships) {
      expect(known.has(relation.spdxElementId)).toBe(true);
      expect(known.has(relation.relatedSpdxElement)).toBe(true);
    }
    expect(doc.documentDescribes).toEqual(['SPDXRef-Image']);
  });

  it('gives each package its purl, an SPDX license only when it is one, OS packages under the OS', () => {
    const libraries = doc.packages.filter((p) => p.primaryPackagePurpose === 'LIBRARY');
    expect(libraries.map((p) => [p.name, p.externalRefs![0]!.referenceLocator, p.licenseDeclared])).toEqual([
      ['libc6', INVENTORY.packages[0]!.purl, 'NOASSERTION'],
      ['org.slf4j:slf4j-api', 'pkg:maven/org.slf4j/slf4j-api@2.0.9', 'NOASSERTION'],
      ['@types/node', 'pkg:npm/%40types/node@20.1.0', 'MIT'],
      ['left-pad', 'pkg:npm/left-pad@1.3.0', 'WTFPL OR MIT'],
      ['left-pad', 'pkg:npm/left-pad@1.3.0', 'NOASSERTION'],
      ['requests', 'pkg:pypi/requests@2.31.0', 'NOASSERTION'],
    ]);
    expect(libraries.find((p) => p.name === 'requests')!.licenseComments).toBe('declared as: Apache 2.0');
    const libc = libraries[0]!.SPDXID;
    expect(doc.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-OperatingSystem',
      relationshipType: 'CONTAINS',
      relatedSpdxElement: libc,
    });
    expect(doc.creationInfo.comment).toContain('not inventoried: /var/lib/rpm/Packages');
    expect(text).not.toMatch(/\u001b/);
  });
});

describe('rpm packages in both SBOMs', () => {
  const rpm: PackageInventory = {
    packages: [
      {
        name: 'bash',
        version: '1:5.2.26-3.fc40',
        type: 'rpm',
        path: '/var/lib/rpm/rpmdb.sqlite',
        layerIndex: 0,
        license: 'GPL-3.0-or-later',
        purl: 'pkg:rpm/fedora/bash@5.2.26-3.fc40?arch=x86_64&distro=fedora-40&epoch=1',
      },
      {
        name: 'left-pad',
        version: '1.3.0',
        type: 'npm',
        path: '/app/node_modules/left-pad/package.json',
        layerIndex: 1,
        purl: 'pkg:npm/left-pad@1.3.0',
      },
    ],
    notInventoried: [],
  };

  it('are OS packages: under the operating system, not the image, with their purl and license', () => {
    const bom = JSON.parse(renderCycloneDx(oneImage(rpm))) as {
      components: { 'bom-ref': string; type: string; name: string; version?: string; licenses?: unknown[] }[];
      dependencies: { ref: string; dependsOn: string[] }[];
    };
    assertValidCycloneDx(bom);
    const os = bom.components.find((c) => c.type === 'operating-system')!;
    const bash = bom.components.find((c) => c.name === 'bash')!;
    expect(bash).toMatchObject({ version: '1:5.2.26-3.fc40', licenses: [{ license: { name: 'GPL-3.0-or-later' } }] });
    expect(bom.dependencies.find((d) => d.ref === os['bom-ref'])!.dependsOn).toEqual([bash['bom-ref']]);

    const doc = JSON.parse(renderSpdx(oneImage(rpm))) as {
      packages: { SPDXID: string; name: string; primaryPackagePurpose: string; licenseDeclared: string }[];
      relationships: { spdxElementId: string; relatedSpdxElement: string }[];
    };
    const osId = doc.packages.find((p) => p.primaryPackagePurpose === 'OPERATING-SYSTEM')!.SPDXID;
    const parentOf = (name: string) => {
      const id = doc.packages.find((p) => p.name === name)!.SPDXID;
      return doc.relationships.find((r) => r.relatedSpdxElement === id)!.spdxElementId;
    };
    expect(parentOf('bash')).toBe(osId);
    expect(parentOf('left-pad')).not.toBe(osId);
    expect(doc.packages.find((p) => p.name === 'bash')!.licenseDeclared).toBe('GPL-3.0-or-later');
  });
});
