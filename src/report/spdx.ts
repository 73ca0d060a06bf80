import type { AuditReport } from '../evaluate/result.js';
import type { PackageFact } from '../facts.js';
import { stringifySafeJson } from '../shared/escape.js';
import { hasOs, OS_PACKAGE_TYPES, sbomSubject } from './sbom.js';

const NOASSERTION = 'NOASSERTION';
/** A license that is already an SPDX expression of ids (`MIT`, `Apache-2.0 OR MIT`); anything else is only noted. */
const SPDX_EXPRESSION = /^[A-Za-z0-9.+-]+(?: (?:AND|OR|WITH) [A-Za-z0-9.+-]+)*$/;

/**
 * SPDX 2.3 JSON of one image's package inventory: the image as a CONTAINER package the document describes, its
 * operating system, and every package with its purl (an external reference), declared license and where it was
 * found. Deterministic like the CycloneDX document: namespace from the image id, created from the image's time.
 */
export function renderSpdx(report: AuditReport): string {
  const subject = sbomSubject(report, 'spdx');
  const { image, inventory, os } = subject;
  const imageId = 'SPDXRef-Image';
  const osId = 'SPDXRef-OperatingSystem';
  const packages: object[] = [
    {
      SPDXID: imageId,
      name: subject.name,
      versionInfo: image.id,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      primaryPackagePurpose: 'CONTAINER',
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
    },
  ];
  if (hasOs(os))
    packages.push({
      SPDXID: osId,
      name: os.id,
      versionInfo: os.versionId ?? NOASSERTION,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      primaryPackagePurpose: 'OPERATING-SYSTEM',
      description: os.prettyName,
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
    });
  const relationships: object[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId },
  ];
  if (hasOs(os)) relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  inventory.packages.forEach((pkg, i) => {
    const id = `SPDXRef-Package-${pkg.type}-${i + 1}`;
    packages.push(spdxPackage(pkg, id));
    const parent = hasOs(os) && OS_PACKAGE_TYPES.has(pkg.type) ? osId : imageId;
    relationships.push({ spdxElementId: parent, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  });
  const notes = inventory.notInventoried.map(({ path, reason }) => `not inventoried: ${path}: ${reason}`);
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: subject.name,
    documentNamespace: `urn:uuid:${subject.uuid}`,
    creationInfo: {
      created: subject.timestamp,
      creators: [`Tool: imgaudit-${subject.toolVersion}`],
      ...(notes.length > 0 ? { comment: notes.join('\n') } : {}),
    },
    documentDescribes: [imageId],
    packages,
    relationships,
  };
  return `${stringifySafeJson(document)}\n`;
}

function spdxPackage(pkg: PackageFact, id: string): object {
  const declared = pkg.license && SPDX_EXPRESSION.test(pkg.license) ? pkg.license : NOASSERTION;
  return {
    SPDXID: id,
    name: pkg.name,
    versionInfo: pkg.version,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: 'LIBRARY',
    sourceInfo: `found in ${pkg.path} (layer ${pkg.layerIndex})${pkg.dev === true ? ', an npm dev dependency' : ''}`,
    licenseConcluded: NOASSERTION,
    licenseDeclared: declared,
    ...(pkg.license && declared === NOASSERTION ? { licenseComments: `declared as: ${pkg.license}` } : {}),
    copyrightText: NOASSERTION,
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: pkg.purl }],
  };
}
