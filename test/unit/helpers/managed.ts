import type Docker from 'dockerode';
import type { ManagedContainer } from '../../../src/collect/runtime/container.js';
import { callDaemon, type DockerClient } from '../../../src/docker/client.js';

/** A container whose daemon calls go through the real callDaemon (deadline, status mapping) to stubbed methods. */
export function stubManagedContainer(
  methods: Partial<Record<keyof Docker.Container, unknown>>,
  timeoutMs = 1_000,
): ManagedContainer {
  const client: DockerClient = { docker: {} as Docker, host: 'unix:///stub.sock', timeoutMs };
  const container = methods as unknown as Docker.Container;
  return {
    name: 'imgaudit-stub',
    client,
    call: (operation, run, options = {}) =>
      callDaemon(
        client,
        `${operation} of container imgaudit-stub`,
        () => run(container, new AbortController().signal),
        options.onStatus,
      ),
    pause: async () => undefined,
  };
}
