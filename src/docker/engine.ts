import { callDaemon, type DockerClient } from './client.js';

/** Which engine serves the API: where podman's Docker-compatible API differs from Docker's, imgaudit says so. */
export interface EngineIdentity {
  /** `docker` (Docker Engine, Moby), `podman` (`podman system service`), or `other`. */
  readonly kind: 'docker' | 'podman' | 'other';
  /** The engine's version as it reports it (`26.1.5`, `4.3.1`). */
  readonly version: string;
}

/** The body of GET /version, as far as it names the engine. */
export interface VersionBody {
  readonly Version?: string;
  readonly Components?: readonly { readonly Name?: string; readonly Version?: string }[] | null;
}

/** Podman names itself in the components of /version; Docker's component is `Engine`. */
export function engineIdentity(body: VersionBody): EngineIdentity {
  const components = body.Components ?? [];
  const podman = components.find((component) => component.Name === 'Podman Engine');
  if (podman) return { kind: 'podman', version: podman.Version ?? body.Version ?? '' };
  const docker = components.find((component) => component.Name === 'Engine');
  return { kind: docker ? 'docker' : 'other', version: docker?.Version ?? body.Version ?? '' };
}

const identities = new WeakMap<DockerClient, Promise<EngineIdentity | null>>();

/**
 * The engine behind a client, asked once per client. Null when it cannot say (a client that cannot reach it: the
 * calls that need the engine fail on their own, with their own error).
 */
export function engineOf(client: DockerClient): Promise<EngineIdentity | null> {
  let identity = identities.get(client);
  if (!identity) {
    identity = callDaemon(client, 'version', () => client.docker.version() as Promise<VersionBody>).then(
      engineIdentity,
      () => null,
    );
    identities.set(client, identity);
  }
  return identity;
}

/** Image inspect fields only podman's own API (libpod) gives. */
export interface PodmanImageInspect {
  /** Podman's compatible inspect (4.3) leaves Config.Healthcheck out even when the image defines one. */
  readonly Healthcheck?: unknown;
  /** `application/vnd.oci.image.manifest.v1+json` for podman's default format, which has no HEALTHCHECK. */
  readonly ManifestType?: string;
}

/** GET /v{version}/libpod/images/{id}/json: podman's own inspect of an image. */
export function podmanImageInspect(client: DockerClient, version: string, id: string): Promise<PodmanImageInspect> {
  const path = `/v${encodeURIComponent(version)}/libpod/images/${encodeURIComponent(id)}/json`;
  return callDaemon(
    client,
    `podman inspect of ${id}`,
    () =>
      new Promise<PodmanImageInspect>((resolve, reject) => {
        client.docker.modem.dial(
          { path, method: 'GET', statusCodes: { 200: true, 404: 'no such image', 500: 'server error' } },
          // docker-modem fails with an Error carrying statusCode and json, as dockerode's own calls do.
          (error: Error | null, body: unknown) => (error ? reject(error) : resolve(isObject(body) ? body : {})),
        );
      }),
  );
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}
