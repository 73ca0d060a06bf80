import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../shared/errors.js';

/** The engine a run talks to, as the docker CLI would choose it, and how to tell the user which one it is. */
export interface EngineEndpoint {
  /** `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`, `ssh://ci@builder`. */
  readonly host: string;
  /** `DOCKER_HOST`, `context staging`, or `default`: named in every error about the engine. */
  readonly source: string;
  /** TLS material of a context's endpoint (PEM), when it has any. */
  readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly verify: boolean };
}

export const DEFAULT_HOST = 'unix:///var/run/docker.sock';

interface ContextMeta {
  readonly Name?: unknown;
  readonly Endpoints?: { readonly docker?: { readonly Host?: unknown; readonly SkipTLSVerify?: unknown } };
}

/**
 * Which engine to use, in the docker CLI's order: an explicit context (`--context`), `DOCKER_HOST`, `DOCKER_CONTEXT`,
 * the current context of `$DOCKER_CONFIG/config.json` (`~/.docker`), else the local socket. A named context is read
 * from the CLI's own store (`contexts/meta/<sha256 of the name>/meta.json`, TLS files beside it in `contexts/tls/`).
 */
export function resolveEndpoint(env: NodeJS.ProcessEnv = process.env, explicitContext?: string): EngineEndpoint {
  if (explicitContext === undefined && env.DOCKER_HOST) return { host: env.DOCKER_HOST, source: 'DOCKER_HOST' };
  const configDir = env.DOCKER_CONFIG || join(homedir(), '.docker');
  const name = explicitContext ?? (env.DOCKER_CONTEXT || currentContext(configDir));
  if (!name || name === 'default') return { host: DEFAULT_HOST, source: 'default' };
  return contextEndpoint(configDir, name);
}

function currentContext(configDir: string): string | undefined {
  const config = readJson(join(configDir, 'config.json')) as { currentContext?: unknown } | undefined;
  return typeof config?.currentContext === 'string' ? config.currentContext : undefined;
}

function contextEndpoint(configDir: string, name: string): EngineEndpoint {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = readJson(join(configDir, 'contexts', 'meta', id, 'meta.json')) as ContextMeta | undefined;
  const docker = meta?.Endpoints?.docker;
  if (!docker || typeof docker.Host !== 'string' || docker.Host === '') {
    throw new UsageError(
      `docker context ${JSON.stringify(name)} is not defined in ${configDir} (see docker context ls)`,
    );
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map((file) => readOptional(join(tlsDir, file)));
  const tls = ca || cert || key ? { ca, cert, key, verify: docker.SkipTLSVerify !== true } : undefined;
  return { host: docker.Host, source: `context ${name}`, ...(tls ? { tls } : {}) };
}

/**
 * dockerode's options for an endpoint: a socket path, or host, port and protocol (with TLS material when the context
 * has it). ssh:// goes to docker-modem's own ssh support.
 */
export function dockerodeOptions(endpoint: EngineEndpoint): Record<string, unknown> {
  const url = new URL(endpoint.host);
  if (url.protocol === 'unix:' || url.protocol === 'npipe:') return { socketPath: decodeURIComponent(url.pathname) };
  const port = url.port || (url.protocol === 'ssh:' ? '22' : endpoint.tls ? '2376' : '2375');
  if (url.protocol === 'ssh:') {
    const agent = process.env.SSH_AUTH_SOCK;
    return { protocol: 'ssh', host: url.hostname, port, username: url.username || undefined, sshOptions: { agent } };
  }
  const tls = endpoint.tls;
  if (!tls) return { protocol: 'http', host: url.hostname, port };
  // SkipTLSVerify: the certificate chain is still checked against the context's CA, only the host name is not.
  const identity = tls.verify ? {} : { checkServerIdentity: () => undefined };
  return { protocol: 'https', host: url.hostname, port, ca: tls.ca, cert: tls.cert, key: tls.key, ...identity };
}

/** How errors name the engine: `unix:///var/run/docker.sock`, or `tcp://… (context staging)`. */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  return endpoint.source.startsWith('context ') ? `${endpoint.host} (${endpoint.source})` : endpoint.host;
}

function readJson(path: string): unknown {
  const text = readOptional(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw new UsageError(`${path} is not valid JSON`);
  }
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}
