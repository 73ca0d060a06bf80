import { InvalidReference } from '../shared/errors.js';
import { parseReference } from './reference.js';

/** An image in an OCI distribution registry: where to ask, for which repository, and which manifest. */
export interface RegistryReference {
  /** The reference exactly as given. */
  readonly raw: string;
  /** `host[:port]` the HTTP requests go to (`registry-1.docker.io` for Docker Hub). */
  readonly registry: string;
  /** The repository path (`library/nginx` on Docker Hub). */
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

export const REGISTRY_SCHEME = 'registry://';

const DOCKER_HUB = 'registry-1.docker.io';

/** `registry://HOST[:PORT]/REPO[:TAG][@DIGEST]`: a reference whose first component is always the registry. */
export function isRegistryReference(raw: string): boolean {
  return raw.startsWith(REGISTRY_SCHEME);
}

/**
 * Parses `registry://HOST[:PORT]/REPO[:TAG][@sha256:…]`, or (`--source registry`) a plain reference whose registry
 * is its domain, Docker Hub without one, as `docker pull` reads it. No tag and no digest: `latest`.
 */
export function parseRegistryReference(raw: string): RegistryReference {
  const scheme = isRegistryReference(raw);
  const body = scheme ? raw.slice(REGISTRY_SCHEME.length) : raw;
  if (scheme) {
    const slash = body.indexOf('/');
    if (slash <= 0)
      throw new InvalidReference(raw, 'registry:// needs a host and a repository: registry://HOST/REPO:TAG');
  }
  let parsed;
  try {
    parsed = parseReference(body);
  } catch (error) {
    throw new InvalidReference(raw, (error as Error).message.replace(/^invalid image reference "[^"]*": /, ''));
  }
  if (parsed.isId) throw new InvalidReference(raw, 'an image id names no image in a registry: give REPO:TAG');
  let domain = parsed.domain;
  let path = parsed.path;
  if (scheme && domain === null) {
    // After registry:// the first component is the host, even a bare name like `registry`.
    const slash = path.indexOf('/');
    if (slash === -1)
      throw new InvalidReference(raw, 'registry:// needs a host and a repository: registry://HOST/REPO:TAG');
    domain = path.slice(0, slash);
    path = path.slice(slash + 1);
  }
  const hub = domain === null || domain === 'docker.io' || domain === 'index.docker.io';
  return {
    raw,
    registry: hub ? DOCKER_HUB : domain!,
    repository: hub && !path.includes('/') ? `library/${path}` : path,
    tag: parsed.digest ? parsed.tag : (parsed.tag ?? 'latest'),
    digest: parsed.digest,
  };
}

/** `host/repo:tag` or `host/repo@sha256:…`, as a name for the report. */
export function registryName(ref: RegistryReference): string {
  return `${ref.registry}/${ref.repository}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
}

/** `localhost`, `127.0.0.0/8` and `[::1]`, with any port: plain HTTP is allowed there without --insecure-registry. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:[0-9]+$/, '');
  return host === 'localhost' || host === '[::1]' || /^127\.[0-9]+\.[0-9]+\.[0-9]+$/.test(host);
}
