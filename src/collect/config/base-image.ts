import { callDaemon, type DockerClient } from '../../docker/client.js';
import { ImgauditError } from '../../shared/errors.js';
import type { GivenBase } from './base.js';
import { inspectImage, type HistoryRow } from './image-config.js';

/**
 * The base image's layers and history length, as the engine has them. Its absence is no error: the boundary then
 * falls back to the history heuristic, and the report says why (the lead's automatic FROM may name an image that
 * was never pulled here).
 */
export async function inspectBaseImage(client: DockerClient, reference: string): Promise<GivenBase> {
  // `FROM scratch` is no image: nothing of the audited image is a base's.
  if (reference === 'scratch') return { reference, diffIds: [], historyLength: 0 };
  try {
    const inspect = await inspectImage(client, reference);
    const history = (await callDaemon(client, `history of ${reference}`, () =>
      client.docker.getImage(inspect.Id).history(),
    )) as HistoryRow[];
    return { reference, diffIds: inspect.RootFS?.Layers ?? [], historyLength: history.length };
  } catch (error) {
    if (!(error instanceof ImgauditError)) throw error;
    return { reference, problem: `the base image could not be read: ${error.message}` };
  }
}
