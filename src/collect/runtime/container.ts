import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { onCleanup } from '../../shared/cleanup.js';
import { shortImageId } from '../../shared/text.js';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { DaemonError, ImgauditError, RuntimeInterrupted } from '../../shared/errors.js';

/**
 * Create or start refused by the daemon for a reason of the image (`No command specified`, `unable to find user
 * ghost`): a fact about that image, reported as its start error, not a failure of imgaudit.
 */
export class ContainerRejected extends ImgauditError {
  readonly category = 'input';
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** One container of the runtime phase, alive for the duration of withContainer(). */
export interface ManagedContainer {
  readonly name: string;
  readonly client: DockerClient;
  /**
   * A daemon call on this container under callDaemon's deadline (or `timeoutMs`); settles at once with
   * RuntimeInterrupted when the cleanup registry removes the container.
   */
  call<T>(
    operation: string,
    run: (container: Docker.Container, abortSignal: AbortSignal) => Promise<T>,
    options?: { timeoutMs?: number; onStatus?: (statusCode: number, message: string) => ImgauditError | undefined },
  ): Promise<T>;
  /** Waits, unless the phase is interrupted. */
  pause(ms: number): Promise<void>;
}

/** `imgaudit-<12 hex of the image id>-<random>`: recognisable in `docker ps`, unique across parallel audits. */
export function containerName(imageId: string, suffix = ''): string {
  const hex = shortImageId(imageId);
  return `imgaudit-${hex}-${randomBytes(4).toString('hex')}${suffix}`;
}

/**
 * Creates a container, hands it to `use`, and force-removes it afterwards in every case. A cleanup task is registered
 * before the create call, so runCleanups() also removes a container whose creation is still in flight.
 */
export async function withContainer<T>(
  client: DockerClient,
  name: string,
  spec: Docker.ContainerCreateOptions,
  use: (managed: ManagedContainer) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const { signal } = controller;
  const interrupted = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(new RuntimeInterrupted()), { once: true });
  });
  interrupted.catch(() => undefined);
  let created: Promise<unknown> | undefined;
  const unregister = onCleanup(async () => {
    controller.abort();
    await created?.catch(() => undefined);
    await removeContainer(client, name).catch(() => undefined);
  });

  const container = client.docker.getContainer(name);
  const managed: ManagedContainer = {
    name,
    client,
    async call(operation, run, options = {}) {
      if (signal.aborted) throw new RuntimeInterrupted();
      const bounded = options.timeoutMs === undefined ? client : { ...client, timeoutMs: options.timeoutMs };
      const request = new AbortController();
      try {
        return await Promise.race([
          callDaemon(
            bounded,
            `${operation} of container ${name}`,
            () => run(container, request.signal),
            options.onStatus,
          ),
          interrupted,
        ]);
      } catch (caught) {
        throw signal.aborted ? new RuntimeInterrupted() : caught;
      } finally {
        // A request that lost the race (deadline, interruption) must not keep the socket busy.
        request.abort();
      }
    },
    async pause(ms) {
      await sleep(ms, undefined, { signal }).catch(() => {
        throw new RuntimeInterrupted();
      });
    },
  };

  try {
    // Our own spec is valid (checkOptions), so a 400 is about the image's config: no command, a bad healthcheck.
    const rejected = (statusCode: number, message: string) =>
      statusCode === 400 ? new ContainerRejected(message) : undefined;
    created = callDaemon(
      client,
      `create of container ${name}`,
      () => client.docker.createContainer({ ...spec, name }),
      rejected,
    );
    await Promise.race([created, interrupted]);
    const result = await use(managed);
    // On success a failed removal is reported: a container left behind is the user's to know about.
    await removeContainer(client, name);
    return result;
  } catch (caught) {
    // An interruption can overtake the create call: wait for it, or the container appears after its removal.
    await created?.catch(() => undefined);
    await removeContainer(client, name).catch(() => undefined);
    throw signal.aborted ? new RuntimeInterrupted() : caught;
  } finally {
    unregister();
  }
}

/**
 * Starts the container; returns null when it runs, or the daemon's words when the image cannot start
 * (`unable to find user ghost: no matching entries in passwd file`). Transport failures still throw.
 */
export async function startContainer(managed: ManagedContainer): Promise<string | null> {
  try {
    await managed.call('start', (container) => container.start(), {
      onStatus: (statusCode, message) => (statusCode === 404 ? undefined : new ContainerRejected(message)),
    });
    return null;
  } catch (caught) {
    if (caught instanceof ContainerRejected) return caught.detail;
    throw caught;
  }
}

/**
 * Force-removes a container with its anonymous volumes. One already gone is fine; one whose removal is already in
 * progress (409, the cleanup task and the phase's own `finally` racing) is waited for, so "removed" means gone.
 */
export async function removeContainer(client: DockerClient, name: string): Promise<void> {
  try {
    await callDaemon(client, `removal of container ${name}`, () =>
      client.docker.getContainer(name).remove({ force: true, v: true }),
    );
  } catch (caught) {
    if (isStatus(caught, 404)) return;
    if (isStatus(caught, 409) && (await goneWithin(client, name, client.timeoutMs))) return;
    throw caught;
  }
}

const GONE_POLL_MS = 50;

async function goneWithin(client: DockerClient, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await callDaemon(client, `inspect of container ${name}`, () => client.docker.getContainer(name).inspect());
    } catch (caught) {
      if (isStatus(caught, 404)) return true;
      throw caught;
    }
    await sleep(GONE_POLL_MS);
  }
  return false;
}

function isStatus(caught: unknown, statusCode: number): boolean {
  return caught instanceof DaemonError && caught.statusCode === statusCode;
}
