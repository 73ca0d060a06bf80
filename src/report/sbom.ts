/**
 * What the two SBOM formats (CycloneDX, SPDX) share: one image per document, its inventory, identifiers derived from
 * the image id and the time from the image's creation, so the same image always gives the same document.
 */
import { createHash } from 'node:crypto';
import type { AuditReport, ImageResult } from '../evaluate/result.js';
import type { OsFacts, PackageInventory } from '../facts.js';
import { UsageError } from '../shared/errors.js';

export interface SbomSubject {
  readonly image: ImageResult;
  /** The image's first tag, else the reference as given. */
  readonly name: string;
  readonly inventory: PackageInventory;
  readonly os: OsFacts;
  /** A UUID (version 5 layout) from the image id: the same image, the same document id. */
  readonly uuid: string;
  /** The image's creation time (seconds precision), or the epoch when it has none. */
  readonly timestamp: string;
  readonly toolVersion: string;
}

/**
 * The one image an SBOM describes. A CVE scanner reads one document per image (grype `sbom:FILE`, `trivy sbom FILE`),
 * and a document mixing several images' OS packages would match them against one distribution: a batch is refused,
 * as is a run without the filesystem scan, whose document would list nothing and read as clean.
 */
export function sbomSubject(report: AuditReport, format: string): SbomSubject {
  if (report.images.length !== 1)
    throw new UsageError(
      `--format ${format} describes one image, and this run audited ${report.images.length}: audit each image in its own run`,
    );
  const image = report.images[0]!;
  const filesystem = image.facts.filesystem;
  if (!filesystem?.inventory)
    throw new UsageError(`--format ${format} needs the filesystem scan's package inventory: drop --no-fs`);
  const hex = createHash('sha256').update(`imgaudit-sbom\n${image.id}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return {
    image,
    name: image.facts.repoTags[0] ?? image.ref,
    inventory: filesystem.inventory,
    os: filesystem.os,
    uuid,
    timestamp: timestampOf(image.facts.created),
    toolVersion: report.tool.version,
  };
}

function timestampOf(created: string | null): string {
  const time = created === null ? Number.NaN : Date.parse(created);
  return new Date(Number.isNaN(time) ? 0 : time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Package types that belong to the operating system's package manager. */
export const OS_PACKAGE_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm']);

/** True when the image has an OS a scanner can name (not scratch, not unknown). */
export function hasOs(os: OsFacts): boolean {
  return os.id !== 'scratch' && os.id !== 'unknown';
}
