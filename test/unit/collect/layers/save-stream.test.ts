import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImageStreamError } from '../../../../src/shared/errors.js';
import { mergeLayers } from '../../../../src/collect/layers/merge.js';
import { assembleImage, readSavedArchive, readSavedImage } from '../../../../src/collect/layers/save-stream.js';
import { buildOci, packOci, sha256 } from './oci.js';
import { gzip, json, packTar, socketLikeStream, streamOf, zstdLike } from './tar.js';
import { ZSTD_LAYER, ZSTD_LAYER_TWO_FRAMES } from './zstd-fixtures.js';

const wantsEnv = (path: string) => path.endsWith('.env') || path === 'etc/passwd';
const HEX = (digit: string) => digit.repeat(64);

async function legacyImage(layers: Buffer[], options: { manifestLast?: boolean; history?: unknown[] } = {}) {
  const layerPaths = layers.map((_, i) => `${String(i).repeat(64).slice(0, 64)}/layer.tar`);
  const config = { history: options.history ?? layers.map((_, i) => ({ created_by: `step ${i}` })) };
  const manifest = {
    name: 'manifest.json',
    content: json([{ Config: 'cfg.json', RepoTags: ['x:1'], Layers: layerPaths }]),
  };
  const items = [
    ...(options.manifestLast ? [] : [manifest]),
    { name: 'cfg.json', content: json(config) },
    ...layers.map((content, i) => ({ name: layerPaths[i]!, content })),
    ...(options.manifestLast ? [manifest] : []),
  ];
  return packTar(items);
}

describe('readSavedImage: legacy docker save layout', () => {
  it('indexes layers in manifest order even when manifest.json comes last', async () => {
    const bottom = await packTar([
      { name: 'etc/', type: 'directory' },
      { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
    ]);
    const top = await packTar([
      { name: 'app/.env', content: 'A=1\n' },
      { name: 'app/big.bin', content: Buffer.alloc(5000, 1) },
    ]);
    const saved = await readSavedImage(streamOf(await legacyImage([bottom, top], { manifestLast: true })), wantsEnv);
    expect(saved.layers.map((layer) => [layer.index, layer.entries.map((entry) => entry.path)])).toEqual([
      [0, ['etc', 'etc/passwd']],
      [1, ['app/.env', 'app/big.bin']],
    ]);
    expect(saved.layers[1]!.fileBytes).toBe(5004);
    expect(saved.layers[0]!.contents.get('etc/passwd')?.toString()).toContain('root:x:0:0');
    expect(saved.layers[1]!.contents.has('app/big.bin')).toBe(false);
    expect(saved.layers[1]!.contents.get('app/.env')?.toString()).toBe('A=1\n');
  });

  it('maps layers to the history steps that made them, skipping empty_layer steps', async () => {
    const layer = await packTar([{ name: 'a', content: 'x' }]);
    const history = [{ created_by: 'ADD' }, { created_by: 'ENV A=1', empty_layer: true }, { created_by: 'RUN x' }];
    const saved = await readSavedImage(streamOf(await legacyImage([layer, layer], { history })), wantsEnv);
    expect(saved.layerHistoryIndex).toEqual([0, 2]);
  });

  it('records modes, owners, hard links, symlinks and long names', async () => {
    const longName = `opt/${'deep/'.repeat(30)}file.txt`;
    const layer = await packTar([
      { name: 'usr/bin/passwd', content: 'bin', mode: 0o4755 },
      { name: 'usr/bin/chage', type: 'link', linkname: 'usr/bin/passwd' },
      { name: 'usr/bin/rpm', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'tmp/', type: 'directory', mode: 0o1777 },
      { name: longName, content: 'deep', uid: 1000 },
    ]);
    const [saved] = (await readSavedImage(streamOf(await legacyImage([layer])), wantsEnv)).layers;
    const byPath = new Map(saved!.entries.map((entry) => [entry.path, entry]));
    expect(byPath.get('usr/bin/passwd')).toMatchObject({ type: 'file', mode: 0o4755, size: 3 });
    expect(byPath.get('usr/bin/chage')).toMatchObject({ type: 'hardlink', linkname: 'usr/bin/passwd', size: 0 });
    expect(byPath.get('usr/bin/rpm')).toMatchObject({ type: 'symlink', linkname: '/bin/busybox' });
    expect(byPath.get('tmp')).toMatchObject({ type: 'directory', mode: 0o1777 });
    expect(byPath.get(longName)).toMatchObject({ uid: 1000, size: 4 });
  });

  it('turns whiteouts and opaque markers into deletions, not entries', async () => {
    const bottom = await packTar([
      { name: 'app/.env', content: 'SECRET=1' },
      { name: 'app/keep.txt', content: 'k' },
      { name: 'cache/a', content: 'a' },
      { name: 'cache/b', content: 'b' },
    ]);
    const top = await packTar([
      { name: 'app/.wh..env', content: '' },
      { name: 'cache/.wh..wh..opq', content: '' },
      { name: 'cache/c', content: 'c' },
    ]);
    const saved = await readSavedImage(streamOf(await legacyImage([bottom, top])), wantsEnv);
    expect(saved.layers[1]).toMatchObject({ whiteouts: ['app/.env'], opaqueDirs: ['cache'] });
    expect(saved.layers[1]!.entries.map((entry) => entry.path)).toEqual(['cache/c']);
    const view = mergeLayers(saved.layers);
    expect([...view.files.keys()].sort()).toEqual(['app/keep.txt', 'cache/c']);
    // The deleted copy is still in the image, and still captured for content checks.
    expect(saved.layers[0]!.contents.get('app/.env')?.toString()).toBe('SECRET=1');
  });
});

describe('readSavedImage: OCI layout (Docker 25+, containerd image store)', () => {
  async function ociImage(layerBlobs: Buffer[], extra: { name: string; content: string | Buffer }[] = []) {
    const layerDigests = layerBlobs.map((_, i) => `sha256:${HEX(String(i + 1))}`);
    const configDigest = `sha256:${HEX('c')}`;
    const manifestDigest = `sha256:${HEX('d')}`;
    const manifest = { config: { digest: configDigest }, layers: layerDigests.map((digest) => ({ digest })) };
    return packTar([
      { name: 'oci-layout', content: json({ imageLayoutVersion: '1.0.0' }) },
      ...layerBlobs.map((content, i) => ({ name: `blobs/sha256/${HEX(String(i + 1))}`, content })),
      { name: `blobs/sha256/${HEX('c')}`, content: json({ history: layerBlobs.map(() => ({ created_by: 'RUN' })) }) },
      { name: `blobs/sha256/${HEX('d')}`, content: json(manifest) },
      ...extra,
      { name: 'index.json', content: json({ manifests: [{ digest: manifestDigest }] }) },
    ]);
  }

  it('follows index.json to the manifest and reads plain and gzip layers', async () => {
    const plain = await packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
    const zipped = gzip(await packTar([{ name: 'app/.env', content: 'B=2' }]));
    const saved = await readSavedImage(streamOf(await ociImage([plain, zipped])), wantsEnv);
    expect(saved.layers.map((layer) => [layer.compression, layer.readable, layer.entries.length])).toEqual([
      ['none', true, 1],
      ['gzip', true, 1],
    ]);
    expect(saved.layers[1]!.contents.get('app/.env')?.toString()).toBe('B=2');
    expect(saved.layerHistoryIndex).toEqual([0, 1]);
  });

  it('reads a legacy manifest.json whose layer paths are symlinks into blobs/', async () => {
    const layer = await packTar([{ name: 'hello', content: 'hi' }]);
    const bytes = await packTar([
      { name: `blobs/sha256/${HEX('1')}`, content: layer },
      { name: `${HEX('9')}/layer.tar`, type: 'symlink', linkname: `../blobs/sha256/${HEX('1')}` },
      {
        name: 'manifest.json',
        content: json([{ Config: `blobs/sha256/${HEX('c')}`, Layers: [`${HEX('9')}/layer.tar`] }]),
      },
    ]);
    const saved = await readSavedImage(streamOf(bytes), wantsEnv);
    expect(saved.layers[0]!.entries.map((entry) => entry.path)).toEqual(['hello']);
  });

  it('decodes zstd layers, one frame or several, beside gzip and uncompressed ones', async () => {
    const plain = await packTar([{ name: 'a', content: 'a' }]);
    const zipped = gzip(await packTar([{ name: 'b', content: 'b' }]));
    for (const zstd of [ZSTD_LAYER, ZSTD_LAYER_TWO_FRAMES]) {
      const saved = await readSavedImage(streamOf(await ociImage([plain, zipped, zstd]), 4096), wantsEnv);
      expect(saved.layers.map((layer) => [layer.compression, layer.readable, layer.problem])).toEqual([
        ['none', true, undefined],
        ['gzip', true, undefined],
        ['zstd', true, undefined],
      ]);
      const zstdLayer = saved.layers[2]!;
      expect(
        zstdLayer.entries.filter((entry) => entry.type === 'file').map((entry) => [entry.path, entry.size]),
      ).toEqual([
        ['etc/passwd', 68],
        ['app/.env', 4],
        ['usr/bin/tool', 20],
        ['data/big.txt', 345_050],
      ]);
      expect(zstdLayer.entries.find((entry) => entry.path === 'usr/bin/tool')?.mode).toBe(0o4755);
      expect(zstdLayer.contents.get('app/.env')?.toString()).toBe('Z=3\n');
      expect(zstdLayer.contents.get('etc/passwd')?.toString()).toContain('app:x:10001:10001');
    }
  });

  it('marks a corrupt or cut-short zstd layer unreadable with the reason, and reads the layers after it', async () => {
    const garbled = Buffer.from(ZSTD_LAYER);
    garbled.fill(0xff, 100, 200);
    const top = await packTar([{ name: 'top', content: 't' }]);
    for (const chunkSize of [1, 4096]) {
      const bytes = await ociImage([zstdLike(), garbled, ZSTD_LAYER.subarray(0, 10_000), top]);
      const saved = await readSavedImage(streamOf(bytes, chunkSize), wantsEnv);
      expect(saved.layers.map((layer) => [layer.compression, layer.readable, layer.problem])).toEqual([
        ['zstd', false, expect.stringMatching(/^zstd: /)],
        ['zstd', false, expect.stringMatching(/^zstd: /)],
        ['zstd', false, 'zstd: unexpected EOF'],
        ['none', true, undefined],
      ]);
    }
  });
});

describe('readSavedArchive: what Docker 25+, BuildKit and other tools write', () => {
  const layerA = () => packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
  const layerB = () => packTar([{ name: 'app/.env', content: 'B=2' }]);

  it('follows index.json to a nested index, and leaves out the attestation manifests', async () => {
    const a = await layerA();
    const b = gzip(await layerB());
    const built = buildOci(
      [
        {
          layers: [
            { blob: a, mediaType: 'application/vnd.oci.image.layer.v1.tar' },
            { blob: b, tar: await layerB() },
          ],
          config: { history: [{ created_by: 'ADD' }, { created_by: 'COPY' }] },
        },
      ],
      {
        nested: true,
        attestations: true,
        blobOrder: 'digest',
        annotations: {
          'io.containerd.image.name': 'docker.io/library/shop:1',
          'org.opencontainers.image.ref.name': '1',
        },
      },
    );
    const archive = await readSavedArchive(streamOf(await packTar(built.items)), wantsEnv);
    expect(archive.images).toEqual([
      {
        id: built.configDigests[0],
        configPath: `blobs/sha256/${built.configDigests[0]!.slice(7)}`,
        layerPaths: [`blobs/sha256/${sha256(a).slice(7)}`, `blobs/sha256/${sha256(b).slice(7)}`],
        diffIds: [sha256(a), sha256(await layerB())],
        layerHistoryIndex: [0, 1],
        foreign: [false, false],
        names: ['shop:1'],
        platform: 'linux/amd64',
        group: 0,
      },
    ]);
    // The in-toto statement is a JSON document, never a layer.
    expect([...archive.layers.values()].map((layer) => `${layer.compression} ${layer.readable}`).sort()).toEqual([
      'gzip true',
      'none true',
    ]);
  });

  it('reads the blobs in any order before or after index.json and manifest.json', async () => {
    const a = await layerA();
    const b = gzip(await layerB());
    const images = [{ layers: [{ blob: a }, { blob: b, tar: await layerB() }] }];
    const summaries = new Set<string>();
    for (const documents of ['first', 'middle', 'last'] as const)
      for (const blobOrder of ['digest', 'made'] as const)
        for (const manifestJson of [undefined, ['shop:1']]) {
          const archive = await readSavedArchive(
            streamOf(await packOci(images, { documents, blobOrder, manifestJson, nested: true }), 1000),
            wantsEnv,
          );
          expect(archive.images).toHaveLength(1);
          const image = assembleImage(archive, archive.images[0]!);
          summaries.add(
            JSON.stringify(image.layers.map((layer) => [layer.compression, layer.entries.map((entry) => entry.path)])),
          );
        }
    expect([...summaries]).toEqual([
      JSON.stringify([
        ['none', ['etc/passwd']],
        ['gzip', ['app/.env']],
      ]),
    ]);
  });

  it('lists each platform of a multi-platform index, in one group, for the caller to choose', async () => {
    const a = await layerA();
    const b = await layerB();
    const built = buildOci(
      [
        { layers: [{ blob: a }], platform: { os: 'linux', architecture: 'amd64' } },
        { layers: [{ blob: b }], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ],
      { nested: true, attestations: true },
    );
    const archive = await readSavedArchive(streamOf(await packTar(built.items)), wantsEnv);
    expect(archive.images.map((image) => [image.id, image.platform, image.group])).toEqual([
      [built.configDigests[0], 'linux/amd64', 0],
      [built.configDigests[1], 'linux/arm64/v8', 0],
    ]);
  });

  it('names a foreign layer left out of the archive, and fails on any other missing layer', async () => {
    const foreignBlob = gzip(await layerA());
    const b = await layerB();
    for (const mediaType of [
      'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
      'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
    ]) {
      const bytes = await packOci([{ layers: [{ blob: foreignBlob, mediaType, absent: true }, { blob: b }] }]);
      const archive = await readSavedArchive(streamOf(bytes), wantsEnv);
      expect(archive.images[0]!.foreign).toEqual([true, false]);
      const image = assembleImage(archive, archive.images[0]!);
      expect(image.layers.map((layer) => [layer.readable, layer.foreign, layer.entries.length])).toEqual([
        [false, true, 0],
        [true, undefined, 1],
      ]);
    }
    const missing = await packOci([{ layers: [{ blob: foreignBlob, absent: true }, { blob: b }] }]);
    const archive = await readSavedArchive(streamOf(missing), wantsEnv);
    expect(() => assembleImage(archive, archive.images[0]!)).toThrow(
      new ImageStreamError(
        `the image stream lacks the layer blobs/sha256/${sha256(foreignBlob).slice(7)} its manifest lists`,
      ),
    );
  });

  it('names a foreign layer of a legacy manifest.json by its LayerSources entry', async () => {
    const b = await layerB();
    const foreignDiffId = `sha256:${HEX('f')}`;
    const bytes = await packTar([
      { name: `${HEX('2')}/layer.tar`, content: b },
      { name: `${HEX('c')}.json`, content: json({ rootfs: { diff_ids: [foreignDiffId, sha256(b)] } }) },
      {
        name: 'manifest.json',
        content: json([
          {
            Config: `${HEX('c')}.json`,
            RepoTags: ['win:1'],
            Layers: [`${HEX('1')}/layer.tar`, `${HEX('2')}/layer.tar`],
            LayerSources: {
              [foreignDiffId]: {
                mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
                size: 1000,
                digest: `sha256:${HEX('e')}`,
                urls: ['https://example.invalid/base'],
              },
            },
          },
        ]),
      },
    ]);
    const archive = await readSavedArchive(streamOf(bytes), wantsEnv);
    const image = assembleImage(archive, archive.images[0]!);
    expect(image.layers.map((layer) => [layer.readable, layer.foreign === true])).toEqual([
      [false, true],
      [true, false],
    ]);
  });
});

describe('readSavedImage: broken input', () => {
  it('says so clearly for a truncated stream', async () => {
    const layer = await packTar([{ name: 'big', content: Buffer.alloc(100_000, 3) }]);
    const whole = await legacyImage([layer]);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    await expect(readSavedImage(streamOf(cut), wantsEnv)).rejects.toThrow(ImageStreamError);
  });

  it('says so for a tar that is not a saved image', async () => {
    const bytes = await packTar([{ name: 'README', content: 'hello' }]);
    await expect(readSavedImage(streamOf(bytes), wantsEnv)).rejects.toThrow(/no manifest.json or OCI index.json/);
  });

  // Found by the fuzzer (test/unit/fuzz): JSON of the wrong shape threw TypeErrors, which the CLI reports as bugs.
  it('treats manifest and index JSON of the wrong shape as absent, never as a TypeError', async () => {
    const layer = await packTar([{ name: 'a', content: 'a' }]);
    const documents = [
      { 'index.json': { layers: [false] } },
      { 'index.json': { manifests: 5 } },
      { 'index.json': { manifests: [null, { digest: 7 }] } },
      { 'manifest.json': [{ Config: 3, Layers: [1] }] },
      { 'manifest.json': [null] },
    ];
    for (const files of documents) {
      const bytes = await packTar([
        { name: `${HEX('1')}/layer.tar`, content: layer },
        ...Object.entries(files).map(([name, value]) => ({ name, content: json(value) })),
      ]);
      await expect(readSavedImage(streamOf(bytes), wantsEnv), JSON.stringify(files)).rejects.toThrow(
        /no manifest.json or OCI index.json/,
      );
    }
  });

  it('reads an image whose config has a history or diff ids of the wrong shape, without the layer steps', async () => {
    const layer = await packTar([{ name: 'a', content: 'a' }]);
    for (const config of [
      { history: 5 },
      { history: [null] },
      { rootfs: { diff_ids: [7] } },
      { rootfs: 'x' },
      'text',
      null,
    ]) {
      const bytes = await packTar([
        { name: `${HEX('1')}/layer.tar`, content: layer },
        { name: `${HEX('c')}.json`, content: json(config) },
        { name: 'manifest.json', content: json([{ Config: `${HEX('c')}.json`, Layers: [`${HEX('1')}/layer.tar`] }]) },
      ]);
      const archive = await readSavedArchive(streamOf(bytes), wantsEnv);
      expect(
        archive.images.map((image) => [image.diffIds, image.layerHistoryIndex]),
        JSON.stringify(config),
      ).toEqual([
        [
          null,
          config && typeof config === 'object' && Array.isArray((config as { history?: unknown }).history)
            ? [0]
            : [null],
        ],
      ]);
    }
  });

  it('names a layer the manifest lists but the stream lacks', async () => {
    const bytes = await packTar([
      { name: 'manifest.json', content: json([{ Config: 'c.json', Layers: ['abc/layer.tar'] }]) },
    ]);
    await expect(readSavedImage(streamOf(bytes), wantsEnv)).rejects.toThrow(/lacks the layer abc\/layer.tar/);
  });
});

describe('readSavedArchive: several images in one stream', () => {
  it('names each image by its config digest and lists a shared layer once', async () => {
    const base = await packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
    const apiLayer = await packTar([{ name: 'app/api', content: 'api' }]);
    const webLayer = await packTar([{ name: 'app/web', content: 'web' }]);
    const paths = { base: `${HEX('a')}/layer.tar`, api: `${HEX('b')}/layer.tar`, web: `${HEX('c')}/layer.tar` };
    const diff = (digit: string) => `sha256:${HEX(digit)}`;
    const archive = await readSavedArchive(
      streamOf(
        await packTar([
          { name: paths.base, content: base },
          { name: paths.api, content: apiLayer },
          { name: paths.web, content: webLayer },
          {
            name: `${HEX('1')}.json`,
            content: json({
              rootfs: { diff_ids: [diff('d'), diff('e')] },
              history: [{ created_by: 'ADD' }, { created_by: 'COPY api' }],
            }),
          },
          { name: `${HEX('2')}.json`, content: json({ rootfs: { diff_ids: [diff('d'), diff('f')] } }) },
          {
            name: 'manifest.json',
            content: json([
              { Config: `${HEX('1')}.json`, RepoTags: ['shop/api:1'], Layers: [paths.base, paths.api] },
              { Config: `${HEX('2')}.json`, RepoTags: ['shop/web:1'], Layers: [paths.base, paths.web] },
            ]),
          },
        ]),
      ),
      wantsEnv,
    );
    expect(archive.layers.size).toBe(3);
    expect(archive.images).toEqual([
      {
        id: `sha256:${HEX('1')}`,
        configPath: `${HEX('1')}.json`,
        layerPaths: [paths.base, paths.api],
        diffIds: [diff('d'), diff('e')],
        layerHistoryIndex: [0, 1],
        foreign: [false, false],
        names: ['shop/api:1'],
        platform: null,
        group: 0,
      },
      {
        id: `sha256:${HEX('2')}`,
        configPath: `${HEX('2')}.json`,
        layerPaths: [paths.base, paths.web],
        diffIds: [diff('d'), diff('f')],
        layerHistoryIndex: [null, null],
        foreign: [false, false],
        names: ['shop/web:1'],
        platform: null,
        group: 1,
      },
    ]);
    const web = assembleImage(archive, archive.images[1]!);
    expect(web.layers.map((layer) => [layer.index, layer.entries.map((entry) => entry.path)])).toEqual([
      [0, ['etc/passwd']],
      [1, ['app/web']],
    ]);
  });
});

describe('readSavedArchive: the push pipeline', () => {
  const manyFiles = (count: number, prefix: string) =>
    packTar(
      Array.from({ length: count }, (_, i) => ({
        name: `${prefix}/f${i}.txt`,
        content: `file ${i} ${'x'.repeat(i % 700)}\n`,
      })),
    );

  it('reads the same archive the same way whatever the chunks, one byte at a time included', async () => {
    const plain = await manyFiles(40, 'srv');
    const zipped = gzip(
      await packTar([
        { name: 'app/.env', content: 'B=2' },
        { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
      ]),
    );
    const bytes = await legacyImage([plain, zipped]);
    const summaries = [];
    for (const chunkSize of [1, 511, 512, 513, 4096, 65_536, bytes.length]) {
      const saved = await readSavedImage(streamOf(bytes, chunkSize), wantsEnv);
      summaries.push(
        JSON.stringify(
          saved.layers.map((layer) => [
            layer.compression,
            layer.entries.length,
            layer.fileBytes,
            [...layer.contents.keys()],
          ]),
        ),
      );
    }
    expect(new Set(summaries).size).toBe(1);
    expect(JSON.parse(summaries[0]!)).toEqual([
      ['none', 40, expect.any(Number), []],
      ['gzip', 2, 29, ['app/.env', 'etc/passwd']],
    ]);
  });

  it('pauses the stream while zlib catches up with a big gzip layer, and loses nothing', async () => {
    const zipped = gzip(await manyFiles(3000, 'data'));
    const stream = streamOf(await legacyImage([zipped]), 16_384);
    let pauses = 0;
    const pause = stream.pause.bind(stream);
    stream.pause = () => {
      pauses++;
      return pause();
    };
    const saved = await readSavedImage(stream, wantsEnv);
    expect(saved.layers[0]!.entries).toHaveLength(3000);
    expect(saved.layers[0]!.entries[2999]!.path).toBe('data/f2999.txt');
    expect(pauses).toBeGreaterThan(0);
  });

  it('marks a layer whose tar is corrupt unreadable with the reason, keeps what it read before, and reads the layers after it', async () => {
    const bottom = await packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
    const middle = await packTar([
      { name: 'app/.env', content: 'A=1' },
      { name: 'app/big.bin', content: Buffer.alloc(3000, 1) },
      { name: 'app/after', content: 'z' },
    ]);
    const corrupt = Buffer.from(middle);
    corrupt[1024 + 124] = 0x78; // the size field of the second header ('x'), checksum made right again below
    corrupt.fill(0x20, 1024 + 148, 1024 + 156);
    const sum = corrupt.subarray(1024, 1536).reduce((total, byte) => total + byte, 0);
    corrupt.write(`${sum.toString(8).padStart(6, '0')}\0 `, 1024 + 148, 'latin1');
    const top = await packTar([{ name: 'srv/top', content: 'top' }]);
    for (const chunkSize of [1, 512, 4096, 65_536]) {
      const saved = await readSavedImage(streamOf(await legacyImage([bottom, corrupt, top]), chunkSize), wantsEnv);
      expect(
        saved.layers.map((layer) => [layer.readable, layer.problem, layer.entries.map((entry) => entry.path)]),
      ).toEqual([
        [true, undefined, ['etc/passwd']],
        [
          false,
          expect.stringMatching(/^tar header at byte 1024: the size field "[^"]*x[^"]*" is not a number$/),
          ['app/.env'],
        ],
        [true, undefined, ['srv/top']],
      ]);
      expect(saved.layers[1]!.contents.get('app/.env')?.toString()).toBe('A=1');
    }
  });

  it('marks a gzip layer unreadable when zlib fails or the tar inside is corrupt, and reads on', async () => {
    const good = await packTar([{ name: 'a', content: 'a' }]);
    const corruptTar = Buffer.from(good);
    corruptTar[100] = 0x39; // a mode digit out of octal range breaks the header checksum
    const brokenGzip = gzip(good).subarray(0, 30);
    const garbledGzip = Buffer.from(gzip(await packTar([{ name: 'b', content: Buffer.alloc(50_000, 5) }])));
    garbledGzip.fill(0xff, 20, 60);
    const top = await packTar([{ name: 'top', content: 't' }]);
    const saved = await readSavedImage(
      streamOf(await legacyImage([gzip(corruptTar), brokenGzip, garbledGzip, top]), 1000),
      wantsEnv,
    );
    expect(saved.layers.map((layer) => [layer.compression, layer.readable, layer.entries.length])).toEqual([
      ['gzip', false, 0],
      ['gzip', false, 0],
      ['gzip', false, 0],
      ['none', true, 1],
    ]);
    expect(saved.layers[0]!.problem).toBe('tar header at byte 0: invalid checksum');
    expect(saved.layers[1]!.problem).toMatch(/^gzip: unexpected end of file/);
    expect(saved.layers[2]!.problem).toMatch(/^gzip: /);
  });

  it('does not stall on a big gzip layer that breaks while the stream is paused for zlib', async () => {
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      name: `data/f${i}.txt`,
      content: `file ${i} ${'x'.repeat(i % 700)}\n`,
    }));
    const tarBytes = Buffer.from(await packTar(entries));
    tarBytes[600_000] = tarBytes[600_000]! ^ 0xff;
    const zipped = gzip(tarBytes);
    const top = await packTar([{ name: 'top', content: 't' }]);
    const saved = await readSavedImage(streamOf(await legacyImage([zipped, top]), 16_384), wantsEnv);
    expect(saved.layers.map((layer) => layer.readable)).toEqual([false, true]);
    expect(saved.layers[0]!.problem).toMatch(/^tar header at byte \d+: /);
    expect(saved.layers[0]!.entries.length).toBeGreaterThan(100);
  });

  it('regression: an incompressible gzip layer that ends while the stream is held for zlib does not stall the rest (Docker 26, 200 MB of random data)', async () => {
    // What BuildKit on the containerd store saves for `RUN head -c … /dev/urandom`: gzip blobs as big as their data,
    // more blobs after them (a busybox layer, JSON), the manifest last. zlib emits no 'drain' after end(): a hold
    // taken by a layer's last piece must be released all the same, or the engine's stream stays paused for good.
    const random = await Promise.all(
      [1_500_000, 2_000_000, 2_500_000].map(async (size, i) =>
        gzip(await packTar([{ name: `r${i + 1}.bin`, content: randomBytes(size) }])),
      ),
    );
    const after = await manyFiles(300, 'bin');
    const bytes = await legacyImage([...random, after], { manifestLast: true });
    for (const chunkSize of [4096, 16_384, 65_536, 1_048_576]) {
      const stream = socketLikeStream(bytes, chunkSize);
      let held = 0;
      const pause = stream.pause.bind(stream);
      stream.pause = () => {
        held++;
        return pause();
      };
      const saved = await readSavedImage(stream, wantsEnv);
      expect(saved.layers.map((layer) => [layer.compression, layer.readable, layer.fileBytes])).toEqual([
        ['gzip', true, 1_500_000],
        ['gzip', true, 2_000_000],
        ['gzip', true, 2_500_000],
        ['none', true, expect.any(Number)],
      ]);
      expect(saved.layers[3]!.entries).toHaveLength(300);
      expect(held, `chunks of ${chunkSize}`).toBeGreaterThan(0);
      expect(stream.isPaused(), `chunks of ${chunkSize}`).toBe(false);
    }
  });

  it('fails the whole read, naming the fault, when the saved archive itself is corrupt', async () => {
    const whole = Buffer.from(await legacyImage([await packTar([{ name: 'a', content: 'a' }])]));
    whole[5] = whole[5]! ^ 0xff;
    await expect(readSavedImage(streamOf(whole), wantsEnv)).rejects.toThrow(
      new ImageStreamError(
        'the image stream is not a valid docker save archive: tar header at byte 0: invalid checksum',
      ),
    );
  });

  it('reports a stream that fails half way as a broken image stream', async () => {
    const bytes = await legacyImage([await manyFiles(200, 'srv')]);
    const stream = new Readable({ read() {} });
    stream.push(bytes.subarray(0, 20_000));
    setImmediate(() => stream.destroy(new Error('socket hang up')));
    await expect(readSavedImage(stream, wantsEnv)).rejects.toThrow(
      new ImageStreamError('the image stream could not be read: socket hang up'),
    );
  });
});
