import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInput, type InputImage } from '../../../../src/collect/input/images.js';
import { loadIntoEngine } from '../../../../src/collect/input/load.js';
import type { DockerClient } from '../../../../src/docker/client.js';
import { DaemonError } from '../../../../src/shared/errors.js';
import { buildOci, sha256 } from '../layers/oci.js';
import { gzip, packTar } from '../layers/tar.js';

let dir: string;
let image: InputImage;
let layer: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-load-'));
  layer = await packTar([{ name: 'app/run', content: 'run', mode: 0o755 }]);
  const built = buildOci([{ layers: [{ blob: gzip(layer), tar: layer }], config: { config: { Cmd: ['/app/run'] } } }], {
    annotations: { 'io.containerd.image.name': 'docker.io/shop/api:1' },
  });
  const path = join(dir, 'api.tar');
  await writeFile(path, await packTar(built.items));
  [image] = (await readInput(path, 'linux/amd64')) as [InputImage];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in engine: which images it has, what it was sent to load, and what it removed. */
function engine(options: { has: boolean; answer?: string }) {
  const calls: string[] = [];
  let loaded: Map<string, Buffer> | null = null;
  const docker = {
    getImage: (id: string) => ({
      inspect: async () => {
        calls.push(`inspect ${id}`);
        if (!options.has) throw Object.assign(new Error('no such image'), { statusCode: 404 });
        return { Id: id };
      },
      remove: async () => void calls.push(`remove ${id}`),
    }),
    loadImage: async (body: Readable) => {
      calls.push('load');
      loaded = new Map();
      const extract = tar.extract();
      extract.on('entry', (header, stream, next) => {
        const parts: Buffer[] = [];
        stream.on('data', (part: unknown) => void parts.push(part as Buffer));
        stream.on('end', () => {
          loaded!.set(header.name, Buffer.concat(parts));
          next();
        });
      });
      await pipeline(body, extract);
      return Readable.from([options.answer ?? '{"stream":"Loaded image ID: x"}\n']);
    },
  };
  const client = { docker, host: 'unix:///stand-in.sock', timeoutMs: 5000 } as unknown as DockerClient;
  return { client, calls, loaded: () => loaded };
}

describe('loadIntoEngine (--load)', () => {
  it('sends a nameless legacy archive of the file blobs, and removes the image it loaded', async () => {
    const { client, calls, loaded } = engine({ has: false });
    const unload = await loadIntoEngine(client, image);
    const id = image.entry.id;
    const files = loaded()!;
    expect([...files.keys()]).toEqual([`${id.slice(7)}.json`, `${sha256(layer).slice(7)}/layer.tar`, 'manifest.json']);
    expect(sha256(files.get(`${id.slice(7)}.json`)!)).toBe(id);
    expect(files.get(`${sha256(layer).slice(7)}/layer.tar`)!.equals(gzip(layer))).toBe(true);
    expect(JSON.parse(files.get('manifest.json')!.toString())).toEqual([
      { Config: `${id.slice(7)}.json`, RepoTags: null, Layers: [`${sha256(layer).slice(7)}/layer.tar`] },
    ]);
    expect(calls).toEqual([`inspect ${id}`, 'load']);
    await unload();
    expect(calls).toEqual([`inspect ${id}`, 'load', `remove ${id}`]);
  });

  it('leaves an image the engine already had alone: no load, no removal', async () => {
    const { client, calls } = engine({ has: true });
    await (
      await loadIntoEngine(client, image)
    )();
    expect(calls).toEqual([`inspect ${image.entry.id}`]);
  });

  it('says what the engine answered when the load fails, and removes what it may have left', async () => {
    const { client, calls } = engine({
      has: false,
      answer: '{"errorDetail":{"message":"bad layer"},"error":"bad layer"}\n',
    });
    await expect(loadIntoEngine(client, image)).rejects.toThrow(
      new DaemonError(`load of ${image.entry.id}`, undefined, 'bad layer'),
    );
    expect(calls.at(-1)).toBe(`remove ${image.entry.id}`);
  });
});
