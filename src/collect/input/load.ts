import { Readable } from 'node:stream';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { onCleanup } from '../../shared/cleanup.js';
import { DaemonError, ImageArchiveError } from '../../shared/errors.js';
import type { InputImage } from './images.js';

/**
 * Loads an `--input` image into the engine for its runtime phase (`--load`), and returns how to undo it. The engine
 * is sent a `docker save` archive in the legacy layout, which every engine loads, written here from the file's own
 * config blob and layer blobs (the engine decompresses them itself) with **no name**: loading never moves a tag of
 * the engine. An image the engine did not have is removed again by the returned function (and on Ctrl-C); one it had
 * already is left alone.
 */
export async function loadIntoEngine(client: DockerClient, image: InputImage): Promise<() => Promise<void>> {
  const { entry, source } = image;
  if (entry.foreign.some(Boolean))
    throw new ImageArchiveError(source.path, `${entry.id} has foreign layers, which an engine cannot load from a file`);
  const had = await callDaemon(client, `inspect of ${entry.id}`, () => client.docker.getImage(entry.id).inspect()).then(
    () => true,
    (error: unknown) => {
      if (error instanceof DaemonError && error.statusCode === 404) return false;
      throw error;
    },
  );
  if (had) return () => Promise.resolve();
  const remove = async () => {
    await callDaemon(client, `removal of ${entry.id}`, () => client.docker.getImage(entry.id).remove()).catch(
      () => undefined,
    );
  };
  const unregister = onCleanup(remove);
  const sizes = await Promise.all(entry.layerPaths.map((path) => source.size(path)));
  const hex = (digest: string) => digest.slice('sha256:'.length);
  const files: TarFile[] = [
    {
      name: `${hex(entry.id)}.json`,
      size: (await source.size(entry.configPath!))!,
      open: () => source.stream(entry.configPath!),
    },
    ...entry.layerPaths.map((path, index) => ({
      name: `${hex(entry.diffIds[index]!)}/layer.tar`,
      size: sizes[index]!,
      open: () => source.stream(path),
    })),
  ];
  const manifest = JSON.stringify([
    { Config: files[0]!.name, RepoTags: null, Layers: files.slice(1).map((file) => file.name) },
  ]);
  files.push({
    name: 'manifest.json',
    size: Buffer.byteLength(manifest),
    open: () => Readable.from([Buffer.from(manifest)]),
  });
  try {
    const answer = await callDaemon<NodeJS.ReadableStream>(client, `load of ${entry.id}`, () =>
      client.docker.loadImage(Readable.from(tarOf(files)), { quiet: true }),
    );
    const failure = loadError(await readAll(answer));
    if (failure !== null) throw new DaemonError(`load of ${entry.id}`, undefined, failure);
  } catch (error) {
    await remove();
    unregister();
    throw error;
  }
  return async () => {
    await remove();
    unregister();
  };
}

interface TarFile {
  readonly name: string;
  readonly size: number;
  open(): Readable;
}

/** A ustar archive of these files (short names only: the ones loadIntoEngine writes), streamed from their sources. */
async function* tarOf(files: readonly TarFile[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield header(file.name, file.size);
    for await (const chunk of file.open()) yield chunk as Buffer;
    const padding = (512 - (file.size % 512)) % 512;
    if (padding > 0) yield Buffer.alloc(padding);
  }
  yield Buffer.alloc(1024);
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.fill(0x20, 148, 156);
  block.write('0', 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part));
  return Buffer.concat(parts).toString('utf8');
}

/** The engine answers a load with JSON lines; one with `error` says why it failed. */
function loadError(answer: string): string | null {
  for (const line of answer.split('\n')) {
    try {
      const message = (JSON.parse(line) as { error?: unknown }).error;
      if (typeof message === 'string') return message;
    } catch {
      // Not a JSON line: progress text.
    }
  }
  return null;
}
