import type { Readable } from 'node:stream';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { ImageNotFound } from '../../docker/errors.js';
import type { ConfigFacts, FilesystemFacts } from '../../facts.js';
import { buildFilesystemFacts, FILESYSTEM_CONTENT_WANTED } from '../filesystem/index.js';
import { mergeLayers } from './merge.js';
import { readSavedImage } from './save-stream.js';

/** One pass over the image's layer stream (the bytes of `docker save`), never written to disk. */
export async function collectFilesystem(client: DockerClient, config: ConfigFacts): Promise<FilesystemFacts> {
  const stream = await callDaemon(
    client,
    `export of ${config.id}`,
    () => client.docker.getImage(config.id).get(),
    (status) => (status === 404 ? new ImageNotFound(config.id, client.host) : undefined),
  );
  const saved = await readSavedImage(stream as unknown as Readable, FILESYSTEM_CONTENT_WANTED);
  const view = mergeLayers(saved.layers);
  const layerCreatedBy = saved.layerHistoryIndex.map((index) => (index === null ? null : (config.history[index]?.createdBy ?? null)));
  return buildFilesystemFacts(view, { config, layerCreatedBy });
}
