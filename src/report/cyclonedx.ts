import type { AuditReport } from '../evaluate/result.js';
import type { PackageFact } from '../facts.js';
import { stringifySafeJson } from '../shared/escape.js';
import { hasOs, OS_PACKAGE_TYPES, sbomSubject } from './sbom.js';

/**
 * CycloneDX 1.5 JSON of one image's package inventory: the image as the metadata component (a container), its
 * operating system as a component, and every package with its purl, declared license, path and layer. Dependencies
 * say image → OS and packages, OS → OS packages, as scanners (trivy, grype) expect. Deterministic: the serial number
 * comes from the image id and the timestamp is the image's creation time.
 */
export function renderCycloneDx(report: AuditReport): string {
  const subject = sbomSubject(report, 'cyclonedx');
  const { image, inventory, os } = subject;
  const imageRef = `image:${image.id}`;
  const osRef = `os:${os.id}`;
  const refs = bomRefs(inventory.packages);
  const components: object[] = [];
  if (hasOs(os))
    components.push({
      'bom-ref': osRef,
      type: 'operating-system',
      name: os.id,
      ...(os.versionId ? { version: os.versionId } : {}),
      description: os.prettyName,
    });
  inventory.packages.forEach((pkg, i) => components.push(component(pkg, refs[i]!)));
  const osPackages = inventory.packages.flatMap((pkg, i) => (OS_PACKAGE_TYPES.has(pkg.type) ? [refs[i]!] : []));
  const otherPackages = inventory.packages.flatMap((pkg, i) => (OS_PACKAGE_TYPES.has(pkg.type) ? [] : [refs[i]!]));
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${subject.uuid}`,
    version: 1,
    metadata: {
      timestamp: subject.timestamp,
      tools: { components: [{ type: 'application', name: 'imgaudit', version: subject.toolVersion }] },
      component: {
        'bom-ref': imageRef,
        type: 'container',
        name: subject.name,
        version: image.id,
        ...(image.facts.repoDigests.length > 0
          ? { properties: image.facts.repoDigests.map((digest) => ({ name: 'imgaudit:repoDigest', value: digest })) }
          : {}),
      },
      properties: inventory.notInventoried.map(({ path, reason }) => ({
        name: 'imgaudit:notInventoried',
        value: `${path}: ${reason}`,
      })),
    },
    components,
    dependencies: [
      { ref: imageRef, dependsOn: [...(hasOs(os) ? [osRef] : osPackages), ...otherPackages] },
      ...(hasOs(os) ? [{ ref: osRef, dependsOn: osPackages }] : []),
    ],
  };
  return `${stringifySafeJson(bom)}\n`;
}

/** A bom-ref per package: its purl, made unique by its path when the same package is installed twice. */
function bomRefs(packages: readonly PackageFact[]): string[] {
  const counts = new Map<string, number>();
  for (const { purl } of packages) counts.set(purl, (counts.get(purl) ?? 0) + 1);
  return packages.map(({ purl, path }) => (counts.get(purl)! > 1 ? `${purl}#${path}` : purl));
}

function component(pkg: PackageFact, ref: string): object {
  const { group, name } = groupAndName(pkg);
  return {
    'bom-ref': ref,
    type: 'library',
    ...(group ? { group } : {}),
    name,
    version: pkg.version,
    ...(pkg.dev === true ? { scope: 'excluded' } : {}),
    ...(pkg.license ? { licenses: [{ license: { name: pkg.license } }] } : {}),
    purl: pkg.purl,
    properties: [
      { name: 'imgaudit:package:type', value: pkg.type },
      { name: 'imgaudit:location:path', value: pkg.path },
      { name: 'imgaudit:location:layerIndex', value: String(pkg.layerIndex) },
      ...(pkg.dev === undefined ? [] : [{ name: 'imgaudit:npm:dev', value: String(pkg.dev) }]),
    ],
  };
}

/** npm scopes and Maven group ids are CycloneDX groups. */
function groupAndName(pkg: PackageFact): { group?: string; name: string } {
  if (pkg.type === 'npm' && pkg.name.startsWith('@') && pkg.name.includes('/')) {
    const slash = pkg.name.indexOf('/');
    return { group: pkg.name.slice(0, slash), name: pkg.name.slice(slash + 1) };
  }
  if (pkg.type === 'maven' && pkg.name.includes(':')) {
    const colon = pkg.name.indexOf(':');
    return { group: pkg.name.slice(0, colon), name: pkg.name.slice(colon + 1) };
  }
  return { name: pkg.name };
}
