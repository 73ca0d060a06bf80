import { createHash } from 'node:crypto';
import { json, packTar, type TarItem } from './tar.js';

export const sha256 = (bytes: Buffer | string): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export interface OciLayer {
  /** The blob as stored: a tar, gzip or zstd. */
  readonly blob: Buffer;
  /** The uncompressed tar, whose digest is the diff id; the blob itself by default. */
  readonly tar?: Buffer;
  readonly mediaType?: string;
  /** Listed by the manifest but left out of the archive (a foreign layer). */
  readonly absent?: boolean;
}

export interface OciImage {
  readonly layers: readonly OciLayer[];
  /** The image config, without rootfs (added from the layers). */
  readonly config?: Record<string, unknown>;
  readonly platform?: { os: string; architecture: string; variant?: string };
}

export interface OciArchiveOptions {
  /** index.json → one nested index (Docker 25+) holding every image's manifest, plus an attestation for each. */
  readonly nested?: boolean;
  readonly attestations?: boolean;
  /** Annotations of the top-level descriptor (names). */
  readonly annotations?: Record<string, string>;
  /** Where index.json and oci-layout go: first, last (the default), or in the middle of the blobs. */
  readonly documents?: 'first' | 'last' | 'middle';
  /** Blobs in digest order (Docker 25+), or as made: layers, config, manifest per image (default). */
  readonly blobOrder?: 'digest' | 'made';
  /** Also write a legacy manifest.json with these tags for the first image (Docker 25+ does, last). */
  readonly manifestJson?: readonly string[];
}

export interface BuiltOci {
  readonly items: TarItem[];
  readonly configDigests: string[];
  readonly manifestDigests: string[];
  /** What a test may want to drop or change: every blob by digest. */
  readonly blobs: Map<string, Buffer>;
}

/** The entries of an OCI image layout for these images, with real digests; packOci makes the tar. */
export function buildOci(images: readonly OciImage[], options: OciArchiveOptions = {}): BuiltOci {
  const blobs = new Map<string, Buffer>();
  const made: string[] = [];
  const add = (bytes: Buffer | string) => {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    const digest = sha256(buffer);
    if (!blobs.has(digest)) made.push(digest);
    blobs.set(digest, buffer);
    return { digest, size: buffer.length };
  };
  const configDigests: string[] = [];
  const descriptors = images.map((image) => {
    const layerDescriptors = image.layers.map((layer) => {
      const digest = sha256(layer.blob);
      if (!layer.absent) add(layer.blob);
      return {
        mediaType: layer.mediaType ?? 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest,
        size: layer.blob.length,
        ...(layer.absent ? { urls: ['https://example.invalid/layer'] } : {}),
      };
    });
    const platform = image.platform ?? { os: 'linux', architecture: 'amd64' };
    const config = add(
      json({
        ...platform,
        ...image.config,
        rootfs: { type: 'layers', diff_ids: image.layers.map((layer) => sha256(layer.tar ?? layer.blob)) },
      }),
    );
    configDigests.push(config.digest);
    const manifest = add(
      json({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: layerDescriptors,
      }),
    );
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, platform };
  });
  const manifestDigests = descriptors.map((descriptor) => descriptor.digest);
  const attestations = options.attestations
    ? descriptors.map((descriptor) => {
        const statement = add(json({ _type: 'https://in-toto.io/Statement/v0.1', predicateType: 'slsa' }));
        const config = add(json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers' } }));
        const manifest = add(
          json({
            schemaVersion: 2,
            config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
            layers: [{ mediaType: 'application/vnd.in-toto+json', ...statement }],
          }),
        );
        return {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          platform: { architecture: 'unknown', os: 'unknown' },
          annotations: {
            'vnd.docker.reference.digest': descriptor.digest,
            'vnd.docker.reference.type': 'attestation-manifest',
          },
        };
      })
    : [];
  const children = [...descriptors, ...attestations];
  let top: Record<string, unknown>[];
  if (options.nested) {
    const nested = add(
      json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: children }),
    );
    top = [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...nested, annotations: options.annotations }];
  } else {
    top = children.map((child, i) =>
      i === 0 && options.annotations ? { ...child, annotations: options.annotations } : child,
    );
  }
  const index = { name: 'index.json', content: json({ schemaVersion: 2, manifests: top }) };
  const layout = { name: 'oci-layout', content: json({ imageLayoutVersion: '1.0.0' }) };
  const order = options.blobOrder === 'digest' ? [...blobs.keys()].sort() : made;
  const blobItems = order.map((digest) => ({ name: `blobs/sha256/${digest.slice(7)}`, content: blobs.get(digest)! }));
  const middle = Math.floor(blobItems.length / 2);
  const documents = options.documents ?? 'last';
  const items = [
    ...(documents === 'first' ? [layout, index] : []),
    ...blobItems.slice(0, middle),
    ...(documents === 'middle' ? [layout, index] : []),
    ...blobItems.slice(middle),
    ...(documents === 'last' ? [layout, index] : []),
    ...(options.manifestJson
      ? [
          {
            name: 'manifest.json',
            content: json(
              images.map((image, i) => ({
                Config: `blobs/sha256/${configDigests[i]!.slice(7)}`,
                RepoTags: i === 0 ? options.manifestJson : [],
                Layers: image.layers.map((layer) => `blobs/sha256/${sha256(layer.blob).slice(7)}`),
              })),
            ),
          },
        ]
      : []),
  ];
  return { items, configDigests, manifestDigests, blobs };
}

export const packOci = async (images: readonly OciImage[], options: OciArchiveOptions = {}) =>
  packTar(buildOci(images, options).items);
