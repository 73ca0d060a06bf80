import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scannerVersionOf } from '../../../../src/collect/layers/cache.js';
import { createLayerStore, filesystemFacts } from '../../../../src/collect/filesystem/scan.js';
import type { DockerClient } from '../../../../src/docker/client.js';
import { ImageStreamError, ImageStreamTimeout } from '../../../../src/shared/errors.js';
import type { ConfigFacts } from '../../../../src/facts.js';
import { createRedactor } from '../../../../src/secrets/redactor.js';
import { assertValidReport } from '../../../helpers/schema.js';
import { makeFacts } from '../../helpers/facts.js';
import { recordedBatch, withImage } from '../../helpers/reports.js';
import { json, packTar, streamOf } from './tar.js';

const hex = (digit: string) => digit.repeat(64);
const IMAGE_HEX = hex('c');
const DIFF_IDS = [`sha256:${hex('d')}`, `sha256:${hex('e')}`];

/** A client whose engine answers the export with `stream()`: the store's only daemon call. */
function engineSending(stream: () => Readable): DockerClient & { exports: number } {
  const client = {
    host: 'unix:///test.sock',
    timeoutMs: 5_000,
    exports: 0,
    docker: {
      getImages: async () => {
        client.exports++;
        return stream();
      },
    },
  };
  return client as unknown as DockerClient & { exports: number };
}

/** One image of two layers in the legacy layout, the second one with a corrupt header checksum. */
async function imageWithCorruptLayer(): Promise<Buffer> {
  const good = await packTar([{ name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]);
  const corrupt = Buffer.from(await packTar([{ name: 'app/a', content: 'a' }]));
  corrupt[0] = corrupt[0]! ^ 0x01;
  const paths = [`${hex('1')}/layer.tar`, `${hex('2')}/layer.tar`];
  return packTar([
    { name: paths[0]!, content: good },
    { name: paths[1]!, content: corrupt },
    {
      name: `${IMAGE_HEX}.json`,
      content: json({ rootfs: { diff_ids: DIFF_IDS }, history: [{ created_by: 'ADD' }, { created_by: 'COPY' }] }),
    },
    { name: 'manifest.json', content: json([{ Config: `${IMAGE_HEX}.json`, Layers: paths }]) },
  ]);
}

const config: ConfigFacts = { ...makeFacts().config, id: `sha256:${IMAGE_HEX}`, layerDiffIds: DIFF_IDS, layerCount: 2 };

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'imgaudit-store-test-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('LayerStore with a corrupt layer', () => {
  it('reports the layer unreadable with its problem and caches neither it nor the image facts', async () => {
    const bytes = await imageWithCorruptLayer();
    const client = engineSending(() => streamOf(bytes));
    const store = createLayerStore(client, { cacheDir });
    await store.load([config]);
    const facts = filesystemFacts(store, config, createRedactor());
    await store.flush();
    expect(facts.layers.map((layer) => [layer.index, layer.readable, layer.problem])).toEqual([
      [0, true, undefined],
      [1, false, 'tar header at byte 0: invalid checksum'],
    ]);
    const report = withImage(recordedBatch(), 0, (image) => ({
      ...image,
      facts: { ...image.facts, filesystem: { ...image.facts.filesystem!, layers: facts.layers } },
    }));
    expect(() => assertValidReport(report)).not.toThrow();
    expect(readdirSync(join(cacheDir, `layers-${scannerVersionOf()}`))).toEqual([`sha256-${hex('d')}.json`]);
    expect(
      readdirSync(join(cacheDir, `images-${scannerVersionOf()}`)).filter((name) => name.endsWith('.facts.json')),
    ).toEqual([]);

    const again = createLayerStore(client, { cacheDir });
    await again.load([config]);
    expect(client.exports).toBe(2);
    expect(filesystemFacts(again, config, createRedactor()).layers[1]!.problem).toBe(
      'tar header at byte 0: invalid checksum',
    );
    await again.flush();
  });
});

describe('LayerStore scan deadline', () => {
  /** The first bytes of a real export, then nothing more, ever: an engine that stalls mid-stream. */
  const stalling = (bytes: Buffer) => () => {
    let sent = false;
    return new Readable({
      read() {
        if (!sent) this.push(bytes.subarray(0, 2048));
        sent = true;
      },
    });
  };

  it('destroys a stream that never ends and fails with a typed environment error naming the deadline', async () => {
    const bytes = await imageWithCorruptLayer();
    const streams: Readable[] = [];
    const client = engineSending(() => {
      const stream = stalling(bytes)();
      streams.push(stream);
      return stream;
    });
    const store = createLayerStore(client, { cacheDir: null, scanTimeoutMs: 200 });
    const started = Date.now();
    const error = await store.load([config]).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ImageStreamTimeout);
    expect(error).toBeInstanceOf(ImageStreamError);
    expect((error as ImageStreamTimeout).category).toBe('environment');
    expect((error as Error).message).toBe(
      `the image stream of ${config.id} did not finish within 0.2s (raise --scan-timeout)`,
    );
    expect(streams[0]!.destroyed).toBe(true);
  });

  it('waits as long as it takes with no deadline (0), and a stream that ends in time is read', async () => {
    const bytes = await imageWithCorruptLayer();
    const slow = engineSending(() => {
      const chunks = [bytes.subarray(0, 4096), bytes.subarray(4096)];
      return new Readable({
        read() {
          const next = chunks.shift();
          setTimeout(() => this.push(next ?? null), 150);
        },
      });
    });
    const store = createLayerStore(slow, { cacheDir: null, scanTimeoutMs: 0 });
    await store.load([config]);
    expect(filesystemFacts(store, config, createRedactor()).layers).toHaveLength(2);
    const timed = createLayerStore(slow, { cacheDir: null, scanTimeoutMs: 5_000 });
    await timed.load([config]);
    expect(filesystemFacts(timed, config, createRedactor()).layers).toHaveLength(2);
  });
});
