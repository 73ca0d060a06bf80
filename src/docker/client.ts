// Must come before dockerode: it decides how dockerode's unused dependencies load.
import './defer-unused.js';
import Docker from 'dockerode';
import { describeEndpoint, dockerodeOptions, resolveEndpoint, type EngineEndpoint } from './context.js';
import { DEFAULT_TIMEOUT_MS } from './limits.js';
import {
  DaemonError,
  DaemonPermissionDenied,
  DaemonTimeout,
  DaemonUnreachable,
  ImgauditError,
} from '../shared/errors.js';

/** A dockerode client plus what every daemon call needs: a deadline and a name for the host in errors. */
export interface DockerClient {
  readonly docker: Docker;
  /** The engine as the user would recognise it: DOCKER_HOST, or a context's host and name. */
  readonly host: string;
  readonly timeoutMs: number;
}

/**
 * The engine the docker CLI would use (see resolveEndpoint: `--context`, DOCKER_HOST, DOCKER_CONTEXT, the current
 * context). With DOCKER_HOST or no context, dockerode reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH itself.
 */
export function createDockerClient(
  options: { timeoutMs?: number; docker?: object; context?: string } = {},
): DockerClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let endpoint: EngineEndpoint;
  try {
    endpoint = resolveEndpoint(process.env, options.context);
  } catch (error) {
    // A run that reads only files (--input) never needs the engine: a context that cannot be resolved fails only
    // what would talk to it, with the same one-line error.
    if (options.docker) throw error;
    return { docker: unusable(error), host: 'the Docker engine (no usable docker context)', timeoutMs };
  }
  const fromContext = endpoint.source.startsWith('context ') ? dockerodeOptions(endpoint) : {};
  // The socket idle timeout only tears down a hung request; the deadline in callDaemon is what the user sees.
  const docker = (options.docker as Docker | undefined) ?? new Docker({ ...fromContext, timeout: timeoutMs + 1_000 });
  return { docker, host: describeEndpoint(endpoint), timeoutMs };
}

/** A stand-in whose every use throws `error`. */
function unusable(error: unknown): Docker {
  return new Proxy({} as Docker, {
    get() {
      throw error;
    },
  });
}

interface DockerodeError {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
]);

/** The daemon's own words for a failed call, without dockerode's "(HTTP code …)" prefix. */
export function daemonMessage(err: DockerodeError): string {
  const fromJson = err.json && typeof err.json === 'object' ? err.json.message : undefined;
  return (fromJson ?? err.message ?? 'no message').replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

/**
 * Runs one daemon call under a deadline and turns transport failures into typed errors.
 * `onStatus` maps HTTP statuses the caller understands (404 for a missing image) to its own errors.
 */
export async function callDaemon<T>(
  client: DockerClient,
  operation: string,
  call: () => Promise<T>,
  onStatus?: (statusCode: number, message: string) => ImgauditError | undefined,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DaemonTimeout(operation, client.timeoutMs, client.host)), client.timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([call(), deadline]);
  } catch (caught) {
    throw toImgauditError(client, operation, caught, onStatus);
  } finally {
    clearTimeout(timer);
  }
}

export function toImgauditError(
  client: DockerClient,
  operation: string,
  caught: unknown,
  onStatus?: (statusCode: number, message: string) => ImgauditError | undefined,
): ImgauditError {
  if (caught instanceof ImgauditError) return caught;
  const err = (caught ?? {}) as DockerodeError;
  if (err.code === 'EACCES' || err.code === 'EPERM') return new DaemonPermissionDenied(client.host);
  if (err.code && UNREACHABLE_CODES.has(err.code)) return new DaemonUnreachable(client.host, err.code);
  const message = daemonMessage(err);
  if (typeof err.statusCode === 'number') {
    const mapped = onStatus?.(err.statusCode, message);
    if (mapped) return mapped;
    return new DaemonError(operation, err.statusCode, message);
  }
  return new DaemonError(operation, undefined, message);
}
