import { RegistryError, RegistryImageNotFound } from '../../shared/errors.js';
import { field, platformMatches, platformOf } from '../layers/layout.js';

/** What a manifest request accepts: OCI and Docker v2 image manifests and indexes (manifest lists). */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

const INDEX_TYPES = new Set<string>([MANIFEST_MEDIA_TYPES[0], MANIFEST_MEDIA_TYPES[1]]);
const IMAGE_TYPES = new Set<string>([MANIFEST_MEDIA_TYPES[2], MANIFEST_MEDIA_TYPES[3]]);
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SCHEMA1_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
]);

/** A content descriptor: what a manifest says of a blob or of another manifest. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  /** `os/architecture[/variant]` of an index entry; null when it says none. */
  readonly platform: string | null;
  readonly annotations: Readonly<Record<string, string>>;
}

export type ManifestDocument =
  | { readonly kind: 'index'; readonly manifests: readonly Descriptor[] }
  | { readonly kind: 'manifest'; readonly config: Descriptor; readonly layers: readonly Descriptor[] };

/** The JSON of a manifest, parsed, for the layout reader (config and layer descriptors as the registry sent them). */
export interface ParsedManifest {
  readonly document: ManifestDocument;
  readonly json: unknown;
}

/**
 * Parses a manifest or index the registry sent (untrusted bytes): its media type from the document, else the
 * Content-Type header. Anything not of the shape it must have is a RegistryError naming what is wrong.
 */
export function parseManifest(bytes: Buffer, contentType: string | null, what: string): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`${what}: the manifest is not JSON`);
  }
  const declared = field(json, 'mediaType');
  const header = contentType?.split(';')[0]?.trim() ?? '';
  const mediaType = typeof declared === 'string' && declared !== '' ? declared : header;
  if (field(json, 'schemaVersion') === 1 || SCHEMA1_TYPES.has(mediaType))
    throw new RegistryError(
      `${what}: a Docker schema 1 manifest, which imgaudit does not read (push it again with a current engine)`,
    );
  if (field(json, 'schemaVersion') !== 2) throw new RegistryError(`${what}: the manifest has no schemaVersion 2`);
  const isIndex =
    INDEX_TYPES.has(mediaType) || (!IMAGE_TYPES.has(mediaType) && Array.isArray(field(json, 'manifests')));
  if (isIndex) {
    const manifests = field(json, 'manifests');
    if (!Array.isArray(manifests)) throw new RegistryError(`${what}: the index lists no manifests`);
    return { document: { kind: 'index', manifests: manifests.map((item) => descriptor(item, what)) }, json };
  }
  const layers = field(json, 'layers');
  if (!Array.isArray(layers)) throw new RegistryError(`${what}: the manifest lists no layers`);
  return {
    document: {
      kind: 'manifest',
      config: descriptor(field(json, 'config'), what),
      layers: layers.map((item) => descriptor(item, what)),
    },
    json,
  };
}

function descriptor(value: unknown, what: string): Descriptor {
  const digest = field(value, 'digest');
  const size = field(value, 'size');
  const mediaType = field(value, 'mediaType');
  if (typeof digest !== 'string' || !DIGEST.test(digest))
    throw new RegistryError(`${what}: a descriptor without a sha256 digest`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw new RegistryError(`${what}: the descriptor of ${digest} has no valid size`);
  const annotations: Record<string, string> = {};
  const given = field(value, 'annotations');
  if (typeof given === 'object' && given !== null && !Array.isArray(given))
    for (const [key, text] of Object.entries(given)) if (typeof text === 'string') annotations[key] = text;
  return {
    mediaType: typeof mediaType === 'string' ? mediaType : '',
    digest,
    size,
    platform: platformOf(field(value, 'platform')),
    annotations,
  };
}

/** BuildKit's attestation manifests (provenance, SBOM) are no image: annotated so, or of the platform unknown/unknown. */
export function isAttestation(entry: Descriptor): boolean {
  return (
    entry.annotations['vnd.docker.reference.type'] === 'attestation-manifest' || entry.platform === 'unknown/unknown'
  );
}

/**
 * The entry of an index to audit: the one of `platform` (a variant-less wish matches any variant), else the only
 * image when there is just one. Attestation manifests are never chosen.
 */
export function choosePlatform(manifests: readonly Descriptor[], platform: string, what: string): Descriptor {
  const images = manifests.filter((entry) => !isAttestation(entry));
  const match = images.find((entry) => platformMatches(entry.platform, platform));
  if (match) return match;
  if (images.length === 1 && images[0]!.platform === null) return images[0]!;
  if (images.length === 0) throw new RegistryError(`${what}: the index lists no image (only attestations)`);
  const have = [...new Set(images.map((entry) => entry.platform ?? 'unknown'))].join(', ');
  throw new RegistryImageNotFound(
    `${what}: a multi-platform image without ${platform} (it has ${have}); choose one with --platform`,
  );
}
