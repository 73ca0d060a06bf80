import { shortImageId } from './text.js';

/**
 * Typed errors, thrown where the cause is known and mapped to an exit code and one line in `cli/` only.
 * `category` decides the exit code: input errors are the user's to fix, environment errors the machine's.
 */
export type ErrorCategory = 'usage' | 'input' | 'environment';

export abstract class ImgauditError extends Error {
  abstract readonly category: ErrorCategory;
}

export class UsageError extends ImgauditError {
  readonly category = 'usage';
}

export class InvalidReference extends ImgauditError {
  readonly category = 'input';
  constructor(
    readonly ref: string,
    reason: string,
  ) {
    super(`invalid image reference ${JSON.stringify(ref)}: ${reason}`);
  }
}

export class ImageNotFound extends ImgauditError {
  readonly category = 'input';
  constructor(
    readonly ref: string,
    dockerHost: string,
  ) {
    super(
      `image ${JSON.stringify(ref)} not found on the Docker engine at ${dockerHost} (imgaudit never ` +
        `pulls: build or pull it first)`,
    );
  }
}

/** A short image id that several images start with: the engine says "not found", which would mislead. */
export class AmbiguousImageId extends ImgauditError {
  readonly category = 'input';
  constructor(
    readonly ref: string,
    matches: readonly string[],
  ) {
    const shown = matches.slice(0, 3).map(shortImageId);
    super(
      `image id prefix ${JSON.stringify(ref)} is ambiguous: ${matches.length} images start with it ` +
        `(${shown.join(', ')}${matches.length > 3 ? ', …' : ''}); give more of the id`,
    );
  }
}

export class DaemonUnreachable extends ImgauditError {
  readonly category = 'environment';
  constructor(
    readonly dockerHost: string,
    cause: string,
  ) {
    super(`cannot reach the Docker engine at ${dockerHost} (${cause}); start it or set DOCKER_HOST`);
  }
}

export class DaemonPermissionDenied extends ImgauditError {
  readonly category = 'environment';
  constructor(readonly dockerHost: string) {
    super(`permission denied on the Docker socket ${dockerHost}; run as a user in the docker group or set DOCKER_HOST`);
  }
}

export class DaemonTimeout extends ImgauditError {
  readonly category = 'environment';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    dockerHost: string,
  ) {
    super(
      `the Docker engine at ${dockerHost} did not answer ${operation} within ${timeoutMs / 1000}s (raise --timeout)`,
    );
  }
}

export class DaemonError extends ImgauditError {
  readonly category = 'environment';
  constructor(
    readonly operation: string,
    readonly statusCode: number | undefined,
    detail: string,
  ) {
    super(`the Docker engine failed ${operation}${statusCode ? ` (HTTP ${statusCode})` : ''}: ${detail}`);
  }
}

/** The engine's image stream (docker save) was cut short or is not a saved image. */
export class ImageStreamError extends ImgauditError {
  readonly category = 'environment';
}

/** The image stream (docker save) did not end within the run's deadline: an engine that stalls is not waited on forever. */
export class ImageStreamTimeout extends ImageStreamError {
  constructor(
    readonly images: string,
    readonly timeoutMs: number,
  ) {
    super(`the image stream of ${images} did not finish within ${timeoutMs / 1000}s (raise --scan-timeout)`);
  }
}

/** A tag pattern (`myorg/*`) that selects nothing is an input error, never an empty, passing run. */
export class PatternMatchesNothing extends ImgauditError {
  readonly category = 'input';
  constructor(
    readonly pattern: string,
    dockerHost: string,
  ) {
    super(`the pattern ${JSON.stringify(pattern)} matches no image tag on the Docker engine at ${dockerHost}`);
  }
}

/** A configuration file that cannot be read or does not say what imgaudit expects: names the file, line and key. */
export class ConfigError extends ImgauditError {
  readonly category = 'input';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly key: string,
    problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key ? `${key}: ` : ''}${problem}`);
  }
}

/** The runtime phase was cancelled by runCleanups() (Ctrl-C): its containers are gone, its facts incomplete. */
export class RuntimeInterrupted extends ImgauditError {
  readonly category = 'environment';
  constructor() {
    super('the runtime phase was interrupted; its containers were removed');
  }
}

/** An `--input` path that does not exist, a directory that is not an OCI image layout, an image it does not hold. */
export class ImageInputError extends ImgauditError {
  readonly category = 'input';
}

/** An `--input` archive or layout that is corrupt or cut short (exit 3, like a broken stream from an engine). */
export class ImageArchiveError extends ImageStreamError {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** A Dockerfile that does not exist or cannot be read, a build context that is not a directory (exit 2). */
export class BuildInputError extends ImgauditError {
  readonly category = 'input';
}

/**
 * A registry image source (`registry://`, `--source registry`) that failed: unreachable, TLS, a timeout, refused
 * credentials, a broken manifest or blob. The message names the registry and never holds a credential or token.
 */
export class RegistryError extends ImgauditError {
  readonly category: ErrorCategory = 'environment';
}

/** The registry refused the credentials (or anonymous access): HTTP 401 or 403 after the token flow. */
export class RegistryAuthError extends RegistryError {}

/** The registry has no such repository, tag or digest (exit code as for an image missing on the engine). */
export class RegistryImageNotFound extends RegistryError {
  override readonly category: ErrorCategory = 'input';
}

/** A vulnerability report (`--vuln-report`) that is missing, too large, not JSON, or in no format imgaudit reads (exit 2). */
export class VulnReportError extends ImgauditError {
  readonly category = 'input';
}
