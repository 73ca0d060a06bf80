import { Readable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSavedArchive } from '../../../src/collect/layers/save-stream.js';
import { ImageStreamError } from '../../../src/shared/errors.js';
import { packOci } from '../collect/layers/oci.js';
import { gzip, json, packTar } from '../collect/layers/tar.js';
import { ZSTD_LAYER } from '../collect/layers/zstd-fixtures.js';
import { chunkSizes, chunksOf, mutate, mutation, SEED } from './fuzz.js';

const HEX = (digit: string) => digit.repeat(64);
const wantsAll = () => true;

/** Resolves or rejects with ImageStreamError, and settles within a second: never another error, never a hang. */
async function expectReadOrStreamError(bytes: Uint8Array, sizes: readonly number[]): Promise<void> {
  const stream = Readable.from(chunksOf(bytes, sizes), { objectMode: false });
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 1_000)));
  const outcome = await Promise.race([
    readSavedArchive(stream, wantsAll).then(
      () => 'read',
      (error: unknown) => error,
    ),
    hang,
  ]);
  clearTimeout(timer);
  if (outcome === 'hang') stream.destroy();
  expect(outcome === 'read' || outcome instanceof ImageStreamError, String(outcome)).toBe(true);
}

let legacy: Buffer;
let oci: Buffer;
/** Docker 25+'s shape: nested index, attestation, blobs in digest order, manifest.json last; a zstd and a foreign layer. */
let modern: Buffer;

beforeAll(async () => {
  const plain = await packTar([
    { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
    { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
  ]);
  const zipped = gzip(
    await packTar([
      { name: 'app/.env', content: 'A=1\n' },
      { name: 'app/big.bin', content: Buffer.alloc(3000, 7) },
    ]),
  );
  const layerPaths = [`${HEX('1')}/layer.tar`, `${HEX('2')}/layer.tar`];
  legacy = await packTar([
    {
      name: `${HEX('c')}.json`,
      content: json({
        rootfs: { diff_ids: [`sha256:${HEX('d')}`, `sha256:${HEX('e')}`] },
        history: [{ created_by: 'ADD' }, { created_by: 'COPY' }],
      }),
    },
    { name: layerPaths[0]!, content: plain },
    { name: layerPaths[1]!, content: zipped },
    { name: 'manifest.json', content: json([{ Config: `${HEX('c')}.json`, RepoTags: ['x:1'], Layers: layerPaths }]) },
  ]);
  oci = await packTar([
    { name: 'oci-layout', content: json({ imageLayoutVersion: '1.0.0' }) },
    { name: `blobs/sha256/${HEX('1')}`, content: plain },
    { name: `blobs/sha256/${HEX('2')}`, content: zipped },
    { name: `blobs/sha256/${HEX('c')}`, content: json({ history: [{ created_by: 'RUN' }, { created_by: 'RUN' }] }) },
    {
      name: `blobs/sha256/${HEX('d')}`,
      content: json({
        config: { digest: `sha256:${HEX('c')}` },
        layers: [{ digest: `sha256:${HEX('1')}` }, { digest: `sha256:${HEX('2')}` }],
      }),
    },
    { name: 'index.json', content: json({ manifests: [{ digest: `sha256:${HEX('d')}` }] }) },
  ]);
  modern = await packOci(
    [
      {
        layers: [
          { blob: gzip(plain), mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', absent: true },
          { blob: zipped },
          { blob: ZSTD_LAYER, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' },
        ],
        config: { history: [{ created_by: 'ADD' }, { created_by: 'COPY' }, { created_by: 'RUN' }] },
      },
    ],
    { nested: true, attestations: true, blobOrder: 'digest', manifestJson: ['x:1'] },
  );
});

describe('readSavedArchive under hostile input (fast-check)', () => {
  it('reads or rejects with ImageStreamError on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), chunkSizes, (bytes, sizes) =>
        expectReadOrStreamError(bytes, sizes),
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('reads or rejects with ImageStreamError on a mutated saved archive, legacy, OCI or Docker 25+', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('legacy', 'oci', 'modern'),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        chunkSizes,
        (layout, mutations, sizes) =>
          expectReadOrStreamError(mutate({ legacy, oci, modern }[layout], mutations), sizes),
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('reads a damaged zstd layer as readable or corrupt with a reason, never an error of the archive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), chunkSizes, async (mutations, sizes) => {
        const bytes = await packOci([{ layers: [{ blob: mutate(ZSTD_LAYER, mutations) }] }]);
        const stream = Readable.from(chunksOf(bytes, sizes), { objectMode: false });
        const archive = await readSavedArchive(stream, wantsAll);
        const [layer] = [...archive.layers.values()];
        expect(layer!.readable || typeof layer!.problem === 'string' || layer!.compression === 'unknown').toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('reads or rejects with ImageStreamError whatever manifest.json, index.json and the configs hold', async () => {
    const anyJson = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.array(
        fc.record(
          {
            Config: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
            Layers: fc.oneof(
              fc.array(fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 }))),
              fc.jsonValue({ maxDepth: 1 }),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      fc.record(
        {
          manifests: fc.oneof(
            fc.array(fc.record({ digest: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })),
            fc.jsonValue({ maxDepth: 2 }),
          ),
          layers: fc.jsonValue({ maxDepth: 2 }),
          config: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      ),
    );
    const documents = fc.record({
      manifest: fc.option(anyJson),
      index: fc.option(anyJson),
      config: fc.option(anyJson),
      blob: fc.option(anyJson),
    });
    await fc.assert(
      fc.asyncProperty(documents, async ({ manifest, index, config, blob }) => {
        const items = [
          { name: `${HEX('1')}/layer.tar`, content: await packTar([{ name: 'a', content: 'a' }]) },
          ...(config === null
            ? []
            : [
                { name: `${HEX('c')}.json`, content: json(config) },
                { name: `blobs/sha256/${HEX('c')}`, content: json(config) },
              ]),
          ...(blob === null ? [] : [{ name: `blobs/sha256/${HEX('d')}`, content: json(blob) }]),
          ...(index === null ? [] : [{ name: 'index.json', content: json(index) }]),
          ...(manifest === null ? [] : [{ name: 'manifest.json', content: json(manifest) }]),
        ];
        await expectReadOrStreamError(await packTar(items), [4096]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
