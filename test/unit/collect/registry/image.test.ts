import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputLayers } from '../../../../src/collect/input/images.js';
import { readRegistryImage } from '../../../../src/collect/registry/image.js';
import { RegistryError, RegistryImageNotFound } from '../../../../src/shared/errors.js';
import { gzip, packTar } from '../layers/tar.js';

const sha = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const blobs = new Map<string, Buffer>();
const manifests = new Map<string, { type: string; body: Buffer }>();
let server: Server;
let address = '';
let layerDigest = '';
let foreignDigest = '';
let amd64 = '';

function blob(bytes: Buffer | string): { digest: string; size: number } {
  const buffer = Buffer.from(bytes);
  blobs.set(sha(buffer), buffer);
  return { digest: sha(buffer), size: buffer.length };
}

function manifest(tags: readonly string[], type: string, value: unknown): { digest: string; size: number } {
  const body = Buffer.from(JSON.stringify(value));
  for (const tag of [...tags, sha(body)]) manifests.set(tag, { type, body });
  return { digest: sha(body), size: body.length };
}

beforeAll(async () => {
  const tar = await packTar([
    { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\napp:x:10001:10001::/app:/bin/sh\n' },
  ]);
  const layer = blob(gzip(tar));
  layerDigest = layer.digest;
  foreignDigest = sha('not in this registry');
  const config = (arch: string) =>
    blob(
      JSON.stringify({
        architecture: arch,
        os: 'linux',
        config: { User: '10001', Env: ['PATH=/bin'] },
        rootfs: { type: 'layers', diff_ids: [sha('foreign diff'), sha(tar)] },
        history: [{ created_by: 'FROM windows' }, { created_by: 'COPY passwd /etc/' }],
      }),
    );
  const image = (arch: string) =>
    manifest([], 'application/vnd.oci.image.manifest.v1+json', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config(arch) },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: foreignDigest, size: 20 },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer },
      ],
    });
  const amd = image('amd64');
  amd64 = amd.digest;
  const arm = image('arm64');
  const attestation = manifest([], 'application/vnd.oci.image.manifest.v1+json', { schemaVersion: 2, layers: [] });
  manifest(['1.0'], 'application/vnd.oci.image.index.v1+json', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...attestation,
        platform: { os: 'unknown', architecture: 'unknown' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...arm,
        platform: { os: 'linux', architecture: 'arm64' },
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...amd,
        platform: { os: 'linux', architecture: 'amd64' },
      },
    ],
  });
  server = createServer((request, response) => {
    const match = /^\/v2\/team\/api\/(manifests|blobs)\/(.+)$/.exec(request.url ?? '');
    const found = match?.[1] === 'manifests' ? manifests.get(match[2]!) : undefined;
    if (found) return void response.writeHead(200, { 'content-type': found.type }).end(found.body);
    const bytes = match?.[1] === 'blobs' ? blobs.get(match[2]!) : undefined;
    if (bytes) return void response.writeHead(200).end(bytes);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = (platform: string) => ({
  platform,
  insecureRegistries: [],
  timeoutMs: 5000,
  configDir: '/nonexistent',
});

describe('readRegistryImage against a fake registry', () => {
  it('reads the --platform image of an index (never its attestation), its config, and streams its layers', async () => {
    const ref = `registry://${address}/team/api:1.0`;
    const image = await readRegistryImage(ref, options('linux/amd64'));
    expect(image.ref).toBe(ref);
    expect(image.input).toEqual({ path: ref, format: 'registry', name: `${address}/team/api:1.0` });
    expect(image.inspect.Architecture).toBe('amd64');
    expect(image.inspect.Config?.User).toBe('10001');
    expect(image.inspect.RepoDigests).toEqual([`${address}/team/api@${sha(manifests.get('1.0')!.body)}`]);
    expect(image.entry.platform).toBe('linux/amd64');
    expect(image.entry.foreign).toEqual([true, false]);
    const archive = await readInputLayers(image.source, [image.entry], (path) => path === 'etc/passwd');
    // The foreign layer is not fetched: it stands unread, as in an archive.
    expect([...archive.layers.keys()]).toEqual([`blobs/sha256/${layerDigest.slice(7)}`]);
    const layer = archive.layers.get(`blobs/sha256/${layerDigest.slice(7)}`)!;
    expect([layer.compression, layer.readable, layer.entries.map((entry) => entry.path)]).toEqual([
      'gzip',
      true,
      ['etc/passwd'],
    ]);
    expect(layer.contents.get('etc/passwd')?.toString()).toContain('app:x:10001');
  });

  it('reads another platform, and a manifest by digest directly', async () => {
    expect(
      (await readRegistryImage(`registry://${address}/team/api:1.0`, options('linux/arm64'))).inspect.Architecture,
    ).toBe('arm64');
    const pinned = await readRegistryImage(`registry://${address}/team/api@${amd64}`, options('linux/s390x'));
    expect(pinned.inspect.Architecture).toBe('amd64');
    expect(pinned.inspect.RepoDigests).toEqual([`${address}/team/api@${amd64}`]);
  });

  it('refuses a platform the index lacks, a missing tag, and a manifest that does not match its digest', async () => {
    await expect(readRegistryImage(`registry://${address}/team/api:1.0`, options('linux/s390x'))).rejects.toThrow(
      RegistryImageNotFound,
    );
    await expect(readRegistryImage(`registry://${address}/team/api:2.0`, options('linux/amd64'))).rejects.toThrow(
      `image ${address}/team/api:2.0 not found in the registry ${address}`,
    );
    const forged = `sha256:${'e'.repeat(64)}`;
    manifests.set(forged, manifests.get(amd64)!);
    await expect(readRegistryImage(`registry://${address}/team/api@${forged}`, options('linux/amd64'))).rejects.toThrow(
      RegistryError,
    );
  });
});
