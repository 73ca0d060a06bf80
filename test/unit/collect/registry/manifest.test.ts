import { describe, expect, it } from 'vitest';
import { choosePlatform, parseManifest, type Descriptor } from '../../../../src/collect/registry/manifest.js';
import { RegistryError, RegistryImageNotFound } from '../../../../src/shared/errors.js';

const digest = (char: string) => `sha256:${char.repeat(64)}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const OCI_INDEX = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digest('a'),
      size: 500,
      platform: { os: 'linux', architecture: 'amd64' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digest('b'),
      size: 500,
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digest('c'),
      size: 400,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': digest('a') },
    },
  ],
};

const DOCKER_MANIFEST = {
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: digest('1'), size: 1200 },
  layers: [
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: digest('2'), size: 3000 },
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: digest('3'), size: 10 },
  ],
};

function indexOf(bytes: Buffer, contentType: string | null = null) {
  const { document } = parseManifest(bytes, contentType, 'r/x:1');
  if (document.kind !== 'index') throw new Error('not an index');
  return document.manifests;
}

describe('parseManifest', () => {
  it('reads an OCI index with platforms and annotations', () => {
    const manifests = indexOf(json(OCI_INDEX));
    expect(manifests.map((entry) => [entry.digest, entry.size, entry.platform])).toEqual([
      [digest('a'), 500, 'linux/amd64'],
      [digest('b'), 500, 'linux/arm64/v8'],
      [digest('c'), 400, 'unknown/unknown'],
    ]);
    expect(manifests[2]!.annotations['vnd.docker.reference.type']).toBe('attestation-manifest');
  });

  it('reads a Docker v2 manifest: config and layers in order', () => {
    const { document } = parseManifest(json(DOCKER_MANIFEST), null, 'r/x:1');
    expect(document.kind).toBe('manifest');
    if (document.kind !== 'manifest') return;
    expect(document.config.digest).toBe(digest('1'));
    expect(document.layers.map((layer) => [layer.digest, layer.mediaType])).toEqual([
      [digest('2'), 'application/vnd.docker.image.rootfs.diff.tar.gzip'],
      [digest('3'), 'application/vnd.oci.image.layer.v1.tar+zstd'],
    ]);
  });

  it("reads an OCI image manifest (regression: its media type ends like schema 1's, manifest.v1+json)", () => {
    const oci = {
      ...DOCKER_MANIFEST,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { ...DOCKER_MANIFEST.config, mediaType: 'application/vnd.oci.image.config.v1+json' },
    };
    expect(parseManifest(json(oci), null, 'r/x:1').document.kind).toBe('manifest');
    const { mediaType: _omitted, ...bare } = oci;
    expect(parseManifest(json(bare), 'application/vnd.oci.image.manifest.v1+json', 'r/x:1').document.kind).toBe(
      'manifest',
    );
  });

  it('refuses a schema 1 manifest by its Content-Type too', () => {
    const { mediaType: _omitted, ...bare } = DOCKER_MANIFEST;
    expect(() => parseManifest(json(bare), 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'r')).toThrow(
      'schema 1',
    );
  });

  it('takes the media type from Content-Type when the document has none (a Docker manifest list)', () => {
    const { mediaType: _omitted, ...list } = OCI_INDEX;
    expect(
      indexOf(json(list), 'application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8'),
    ).toHaveLength(3);
  });

  it.each([
    ['not JSON', Buffer.from('<html>'), 'not JSON'],
    ['schema 1', json({ schemaVersion: 1, fsLayers: [] }), 'schema 1'],
    ['no schemaVersion', json({ layers: [] }), 'schemaVersion 2'],
    ['an index without manifests', json({ schemaVersion: 2, mediaType: OCI_INDEX.mediaType }), 'no manifests'],
    ['a manifest without layers', json({ schemaVersion: 2, config: DOCKER_MANIFEST.config }), 'no layers'],
    [
      'a layer without a sha256 digest',
      json({ ...DOCKER_MANIFEST, layers: [{ digest: 'md5:abc', size: 1 }] }),
      'without a sha256 digest',
    ],
    ['a negative size', json({ ...DOCKER_MANIFEST, layers: [{ digest: digest('2'), size: -1 }] }), 'no valid size'],
    ['a config without a digest', json({ ...DOCKER_MANIFEST, config: { size: 1 } }), 'without a sha256 digest'],
  ])('refuses %s with a RegistryError naming the image', (_name, bytes, reason) => {
    expect(() => parseManifest(bytes, null, 'r/x:1')).toThrow(RegistryError);
    expect(() => parseManifest(bytes, null, 'r/x:1')).toThrow(reason);
    expect(() => parseManifest(bytes, null, 'r/x:1')).toThrow(/^r\/x:1: /);
  });
});

describe('choosePlatform', () => {
  const manifests = indexOf(json(OCI_INDEX));

  it('picks the wanted platform; a wish without a variant matches any variant', () => {
    expect(choosePlatform(manifests, 'linux/amd64', 'r').digest).toBe(digest('a'));
    expect(choosePlatform(manifests, 'linux/arm64', 'r').digest).toBe(digest('b'));
    expect(choosePlatform(manifests, 'linux/arm64/v8', 'r').digest).toBe(digest('b'));
  });

  it('never picks an attestation, and names the platforms there are when the wanted one is missing', () => {
    expect(() => choosePlatform(manifests, 'unknown/unknown', 'r/x:1')).toThrow(RegistryImageNotFound);
    expect(() => choosePlatform(manifests, 'linux/s390x', 'r/x:1')).toThrow(
      'r/x:1: a multi-platform image without linux/s390x (it has linux/amd64, linux/arm64/v8); choose one with --platform',
    );
    expect(() => choosePlatform(manifests, 'linux/arm64/v7', 'r')).toThrow(RegistryImageNotFound);
  });

  it('takes the only image of an index that names no platform', () => {
    const only: Descriptor[] = [{ ...manifests[0]!, platform: null }, manifests[2]!];
    expect(choosePlatform(only, 'linux/arm64', 'r').digest).toBe(digest('a'));
  });

  it('says so when an index holds only attestations', () => {
    expect(() => choosePlatform([manifests[2]!], 'linux/amd64', 'r')).toThrow('only attestations');
  });
});
