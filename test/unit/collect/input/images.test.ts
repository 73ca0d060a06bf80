import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInput, readInputLayers } from '../../../../src/collect/input/images.js';
import { assembleImage } from '../../../../src/collect/layers/save-stream.js';
import { ImageArchiveError, ImageInputError } from '../../../../src/shared/errors.js';
import { buildOci, packOci, sha256, type OciImage } from '../layers/oci.js';
import { gzip, json, packTar, type TarItem } from '../layers/tar.js';
import { ZSTD_LAYER } from '../layers/zstd-fixtures.js';

const wantsAll = () => true;
const HEX = (digit: string) => digit.repeat(64);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function layoutDirectory(name: string, items: readonly TarItem[]): Promise<string> {
  const root = join(dir, name);
  for (const item of items) {
    await mkdir(dirname(join(root, item.name)), { recursive: true });
    await writeFile(join(root, item.name), item.content ?? '');
  }
  return root;
}

const passwd = () => packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
const app = () => packTar([{ name: 'app/.env', content: 'TOKEN=1' }]);

/** What docker save of Docker 20.10 writes: <id>.json, <layer>/layer.tar, manifest.json with RepoTags. */
async function legacyArchive(tags: string[]): Promise<{ bytes: Buffer; id: string; diffIds: string[] }> {
  const layers = [await passwd(), await app()];
  const diffIds = layers.map((layer) => sha256(layer));
  const config = json({
    architecture: 'amd64',
    os: 'linux',
    config: {
      User: '10001',
      Env: ['PATH=/bin', 'APP_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'],
      Cmd: ['/app/run'],
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: [
      { created_by: 'ADD rootfs /' },
      { created_by: 'ENV A=1', empty_layer: true },
      { created_by: 'COPY app /app' },
    ],
  });
  const id = sha256(config);
  const bytes = await packTar([
    { name: `${HEX('1')}/layer.tar`, content: layers[0] },
    { name: `${id.slice(7)}.json`, content: config },
    { name: `${HEX('2')}/layer.tar`, content: layers[1] },
    {
      name: 'manifest.json',
      content: json([
        { Config: `${id.slice(7)}.json`, RepoTags: tags, Layers: [`${HEX('1')}/layer.tar`, `${HEX('2')}/layer.tar`] },
      ]),
    },
    { name: 'repositories', content: '{}' },
  ]);
  return { bytes, id, diffIds };
}

describe('readInput: the images of a file or directory, without an engine', () => {
  it('reads a legacy docker save archive: names, config, layers read only when asked', async () => {
    const { bytes, id, diffIds } = await legacyArchive(['shop/api:1.4.2']);
    const path = await file('legacy.tar', bytes);
    const [image, ...rest] = await readInput(path, 'linux/amd64');
    expect(rest).toEqual([]);
    expect(image!.ref).toBe(`${path} (shop/api:1.4.2)`);
    expect(image!.input).toEqual({ path, format: 'docker-archive', name: 'shop/api:1.4.2' });
    expect(image!.inspect).toMatchObject({
      Id: id,
      RepoTags: ['shop/api:1.4.2'],
      Os: 'linux',
      RootFS: { Layers: diffIds },
    });
    expect(image!.history.map((row) => row.CreatedBy)).toEqual(['COPY app /app', 'ENV A=1', 'ADD rootfs /']);
    expect(image!.entry.layerHistoryIndex).toEqual([0, 2]);
    expect(image!.storedBytes).toEqual([(await passwd()).length, (await app()).length]);
    const archive = await readInputLayers(image!.source, [image!.entry], wantsAll);
    const saved = assembleImage(archive, image!.entry);
    expect(saved.layers.map((layer) => layer.entries.map((entry) => entry.path))).toEqual([
      ['etc/passwd'],
      ['app/.env'],
    ]);
    expect(saved.layers[1]!.contents.get('app/.env')?.toString()).toBe('TOKEN=1');
  });

  it('reads an OCI archive (nested index, attestations, zstd layer) and the same layout as a directory', async () => {
    const images: OciImage[] = [
      {
        layers: [
          { blob: gzip(await passwd()), tar: await passwd() },
          { blob: ZSTD_LAYER, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', tar: Buffer.from('zstd tar') },
        ],
        config: { config: { User: 'app' }, history: [{ created_by: 'ADD' }, { created_by: 'COPY' }] },
      },
    ];
    const options = {
      nested: true,
      attestations: true,
      blobOrder: 'digest' as const,
      annotations: { 'io.containerd.image.name': 'docker.io/shop/web:2', 'org.opencontainers.image.ref.name': '2' },
    };
    const built = buildOci(images, options);
    const archivePath = await file('oci.tar', await packTar(built.items));
    const layoutPath = await layoutDirectory('layout', built.items);
    for (const [path, format] of [
      [archivePath, 'oci-archive'],
      [layoutPath, 'oci-layout'],
    ] as const) {
      const [image, ...rest] = await readInput(path, 'linux/amd64');
      expect(rest).toEqual([]);
      expect(image!.ref).toBe(`${path} (shop/web:2)`);
      expect(image!.input).toEqual({ path, format, name: 'shop/web:2' });
      expect(image!.inspect.Id).toBe(built.configDigests[0]);
      const saved = assembleImage(await readInputLayers(image!.source, [image!.entry], wantsAll), image!.entry);
      expect(saved.layers.map((layer) => [layer.compression, layer.readable, layer.entries.length])).toEqual([
        ['gzip', true, 1],
        ['zstd', true, 9],
      ]);
    }
  });

  it('picks the platform asked for from a multi-platform image, and says which there are when it is missing', async () => {
    const images: OciImage[] = [
      { layers: [{ blob: await passwd() }], platform: { os: 'linux', architecture: 'amd64' } },
      { layers: [{ blob: await app() }], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ];
    const built = buildOci(images, { nested: true, attestations: true });
    const path = await file('multi.tar', await packTar(built.items));
    expect((await readInput(path, 'linux/amd64')).map((image) => image.inspect.Id)).toEqual([built.configDigests[0]]);
    expect((await readInput(path, 'linux/arm64')).map((image) => image.inspect.Id)).toEqual([built.configDigests[1]]);
    await expect(readInput(path, 'linux/s390x')).rejects.toThrow(
      new ImageInputError(
        `--input ${path}: a multi-platform image without linux/s390x (it has linux/amd64, linux/arm64/v8); choose one with --platform`,
      ),
    );
  });

  it('audits every image of a docker save of several, each named; one saved under two tags once', async () => {
    const b = buildOci([{ layers: [{ blob: await app() }] }, { layers: [{ blob: await passwd() }] }]);
    const path = await file('two.tar', await packTar(b.items));
    expect((await readInput(path, 'linux/amd64')).map((image) => image.ref)).toEqual([
      `${path} (${b.configDigests[0]!.slice(0, 19)})`,
      `${path} (${b.configDigests[1]!.slice(0, 19)})`,
    ]);
    // One image saved under two names: index.json lists its manifest twice.
    const one = buildOci([{ layers: [{ blob: await app() }] }]);
    const descriptor = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: one.manifestDigests[0] };
    const index = json({
      schemaVersion: 2,
      manifests: [
        { ...descriptor, annotations: { 'io.containerd.image.name': 'docker.io/shop/api:1' } },
        { ...descriptor, annotations: { 'io.containerd.image.name': 'docker.io/shop/api:latest' } },
      ],
    });
    const namedTwice = await file(
      'twice.tar',
      await packTar(one.items.map((item) => (item.name === 'index.json' ? { ...item, content: index } : item))),
    );
    const [image, ...rest] = await readInput(namedTwice, 'linux/amd64');
    expect(rest).toEqual([]);
    expect(image!.inspect.RepoTags).toEqual(['shop/api:1', 'shop/api:latest']);
    expect(image!.ref).toBe(`${namedTwice} (shop/api:1)`);
  });

  it('names a foreign layer the archive leaves out, and reads the rest', async () => {
    const path = await file(
      'foreign.tar',
      await packOci([
        {
          layers: [
            {
              blob: gzip(await passwd()),
              mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
              absent: true,
            },
            { blob: await app() },
          ],
        },
      ]),
    );
    const [image] = await readInput(path, 'linux/amd64');
    expect(image!.storedBytes[0]).toBe(0);
    const saved = assembleImage(await readInputLayers(image!.source, [image!.entry], wantsAll), image!.entry);
    expect(saved.layers.map((layer) => [layer.readable, layer.foreign === true])).toEqual([
      [false, true],
      [true, false],
    ]);
  });
});

describe('readInput: what it refuses, in one line', () => {
  it('a missing path and a directory that is not an OCI layout are input errors (exit 2)', async () => {
    await expect(readInput(join(dir, 'nope.tar'), 'linux/amd64')).rejects.toThrow(
      new ImageInputError(`--input ${join(dir, 'nope.tar')}: no such file or directory`),
    );
    const plain = await layoutDirectory('not-a-layout', [{ name: 'index.json', content: '{}' }]);
    await expect(readInput(plain, 'linux/amd64')).rejects.toThrow(ImageInputError);
  });

  it('a truncated archive is a broken archive (exit 3) naming the fault, wherever it is cut', async () => {
    const { bytes } = await legacyArchive(['shop/api:1']);
    for (const at of [100, 1536, bytes.length - 2000]) {
      const path = await file(`cut-${at}.tar`, bytes.subarray(0, at));
      const error = await readInput(path, 'linux/amd64').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImageArchiveError);
      expect((error as Error).message).toMatch(
        new RegExp(`^${path}: not a valid image archive: unexpected end of data in the tar after \\d+ bytes$`),
      );
    }
    // Cut at an entry boundary, before manifest.json: a tar, but not an image archive.
    const boundary = bytes.indexOf(Buffer.from('manifest.json'));
    const path = await file('no-manifest.tar', bytes.subarray(0, boundary));
    await expect(readInput(path, 'linux/amd64')).rejects.toThrow(
      new ImageArchiveError(
        path,
        'not an image archive or layout: no manifest.json, or an index.json that names no image',
      ),
    );
  });

  it('a layer the manifest lists but the archive lacks is a broken archive', async () => {
    const built = buildOci([{ layers: [{ blob: await passwd() }, { blob: await app() }] }]);
    const layer = `blobs/sha256/${sha256(await app()).slice(7)}`;
    const path = await file('lacking.tar', await packTar(built.items.filter((item) => item.name !== layer)));
    await expect(readInput(path, 'linux/amd64')).rejects.toThrow(
      new ImageArchiveError(
        path,
        `the archive lacks the layer ${layer} the manifest of ${built.configDigests[0]} lists`,
      ),
    );
  });

  it('never reads outside a layout directory, whatever digest its documents name', async () => {
    const root = await layoutDirectory('escape', [
      { name: 'oci-layout', content: json({ imageLayoutVersion: '1.0.0' }) },
      { name: 'index.json', content: json({ manifests: [{ digest: 'sha256:../../../etc/passwd' }] }) },
    ]);
    await expect(readInput(root, 'linux/amd64')).rejects.toThrow(ImageArchiveError);
  });
});
