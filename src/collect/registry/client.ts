import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { credentialsFor, dockerConfigDir, type FoundCredentials } from '../../docker/credentials.js';
import { isLoopbackRegistry } from '../../docker/registry-reference.js';
import { RegistryAuthError, RegistryError, RegistryImageNotFound } from '../../shared/errors.js';
import { parseChallenges, tokenFrom, type AuthChallenge } from './auth.js';
import { MANIFEST_MEDIA_TYPES } from './manifest.js';

export interface RegistryClientOptions {
  /** Plain HTTP is allowed (after HTTPS failed): `--insecure-registry`, or a loopback registry. */
  readonly insecure: boolean;
  /** Deadline for each request's answer, and for each pause of a blob's body. */
  readonly timeoutMs: number;
  /** Where config.json is (default `$DOCKER_CONFIG`, else `~/.docker`). */
  readonly configDir?: string;
}

const MAX_REDIRECTS = 5;
const DOCUMENT_LIMIT = 16 * 1024 * 1024;

/**
 * Talks to one repository of an OCI distribution registry: manifests and blobs, with the registry's auth (Basic or
 * the Bearer token flow, anonymous or with the docker CLI's credentials), redirects followed (credentials only to
 * the registry itself). Credentials and tokens live in this object only: no message, error or cache holds them.
 */
export class RegistryClient {
  private scheme: 'https' | 'http' | null = null;
  private authorization: string | null = null;
  private credentials: Promise<FoundCredentials | null> | null = null;
  /** One token exchange at a time: parallel blob requests that all get a 401 share it. */
  private authenticating: Promise<void> | null = null;

  constructor(
    readonly registry: string,
    readonly repository: string,
    private readonly options: RegistryClientOptions,
  ) {}

  /** The manifest (or index) by tag or digest: its bytes and Content-Type. A 404 is RegistryImageNotFound. */
  async manifest(reference: string, shown: string): Promise<{ bytes: Buffer; contentType: string | null }> {
    const response = await this.get(
      `manifests/${reference}`,
      MANIFEST_MEDIA_TYPES.join(', '),
      `the manifest of ${shown}`,
    );
    if (response.status === 404)
      throw new RegistryImageNotFound(`image ${shown} not found in the registry ${this.registry}`);
    this.expectOk(response, `the manifest of ${shown}`);
    return {
      bytes: await readLimited(response, DOCUMENT_LIMIT, `the manifest of ${shown}`, this.options.timeoutMs),
      contentType: response.headers.get('content-type'),
    };
  }

  /** A small blob (a config) whole, its digest verified. */
  async document(digest: string, what: string): Promise<Buffer> {
    const response = await this.get(`blobs/${digest}`, '*/*', what);
    this.expectOk(response, what);
    const bytes = await readLimited(response, DOCUMENT_LIMIT, what, this.options.timeoutMs);
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest)
      throw new RegistryError(`${what} from ${this.registry} does not match its digest ${digest} (got ${actual})`);
    return bytes;
  }

  /**
   * A blob as a stream, verified as it flows: it fails (not ends) when its bytes do not match `digest` and `size`,
   * or when the registry stops sending for the timeout. Nothing is buffered beyond the stream's own queue.
   */
  async blobStream(digest: string, size: number, what: string): Promise<Readable> {
    const response = await this.get(`blobs/${digest}`, '*/*', what);
    this.expectOk(response, what);
    if (!response.body) throw new RegistryError(`${what}: the registry ${this.registry} sent no body`);
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    const verified = verifier(digest, size, what, this.options.timeoutMs, this.registry);
    body.on('error', (error) => verified.destroy(networkError(error, this.registry, what)));
    verified.on('close', () => body.destroy());
    return body.pipe(verified);
  }

  private expectOk(response: Response, what: string): void {
    if (response.ok) return;
    void response.body?.cancel().catch(() => undefined);
    if (response.status === 401 || response.status === 403)
      throw new RegistryAuthError(
        `the registry ${this.registry} refused access to ${what} (HTTP ${response.status}): check the credentials ` +
          `(docker login ${this.registry})`,
      );
    if (response.status === 404)
      throw new RegistryError(`${what}: the registry ${this.registry} does not have it (HTTP 404)`);
    throw new RegistryError(`the registry ${this.registry} failed ${what} (HTTP ${response.status})`);
  }

  /** GET /v2/<repository>/<path>, authenticated when the registry asks, following redirects. */
  private async get(path: string, accept: string, what: string): Promise<Response> {
    const scheme = await this.schemeFor(what);
    const url = `${scheme}://${this.registry}/v2/${this.repository}/${path}`;
    let response = await this.follow(url, accept, what);
    if (response.status === 401) {
      const challenges = parseChallenges(response.headers.get('www-authenticate') ?? '');
      void response.body?.cancel().catch(() => undefined);
      const sent = this.authorization;
      this.authenticating ??= this.authenticate(challenges, what).finally(() => (this.authenticating = null));
      // Another request may have authenticated while this one was on its way: then only retry.
      if (sent === this.authorization) await this.authenticating;
      response = await this.follow(url, accept, what);
    }
    return response;
  }

  /** HTTPS; for an insecure registry HTTPS first, then plain HTTP when HTTPS cannot connect (as the docker engine does). */
  private async schemeFor(what: string): Promise<'https' | 'http'> {
    if (this.scheme) return this.scheme;
    const insecure = this.options.insecure || isLoopbackRegistry(this.registry);
    if (!insecure) return (this.scheme = 'https');
    try {
      const probe = await this.send(`https://${this.registry}/v2/`, {}, what);
      void probe.body?.cancel().catch(() => undefined);
      this.scheme = 'https';
    } catch (error) {
      // A server that speaks TLS with a certificate we cannot trust is no plain-HTTP registry: say so.
      if (error instanceof RegistryError && error.message.includes('is not trusted')) throw error;
      this.scheme = 'http';
    }
    return this.scheme;
  }

  private async follow(url: string, accept: string, what: string): Promise<Response> {
    const origin = new URL(url).origin;
    let next = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const target = new URL(next);
      if (target.protocol === 'http:' && target.origin !== origin && !this.options.insecure)
        throw new RegistryError(`${what}: the registry ${this.registry} redirected to plain HTTP (${target.host})`);
      const headers: Record<string, string> = { accept };
      // Storage behind a redirect (S3, a CDN) gets a signed URL, never the registry's credentials.
      if (this.authorization && target.origin === origin) headers.authorization = this.authorization;
      const response = await this.send(next, headers, what);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
      void response.body?.cancel().catch(() => undefined);
      next = new URL(location, next).toString();
    }
    throw new RegistryError(`${what}: the registry ${this.registry} redirected more than ${MAX_REDIRECTS} times`);
  }

  /** One request, its answer's headers within the timeout; network and TLS failures as one clear RegistryError. */
  private async send(
    url: string,
    headers: Record<string, string>,
    what: string,
    init: RequestInit = {},
  ): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      return await fetch(url, { ...init, headers, redirect: 'manual', signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted)
        throw new RegistryError(
          `the registry ${this.registry} did not answer ${what} within ${this.options.timeoutMs / 1000}s (raise --timeout)`,
        );
      throw networkError(error, this.registry, what);
    } finally {
      clearTimeout(timer);
    }
  }

  private async authenticate(challenges: readonly AuthChallenge[], what: string): Promise<void> {
    const found = await (this.credentials ??= credentialsFor(
      this.registry,
      this.options.configDir ?? dockerConfigDir(),
    ));
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    const basic = challenges.find((challenge) => challenge.scheme === 'basic');
    const login = `docker login ${this.registry}`;
    if (bearer) {
      this.authorization = `Bearer ${await this.token(bearer, found, what)}`;
      return;
    }
    if (basic) {
      if (!found || found.credentials.kind !== 'basic')
        throw new RegistryAuthError(`the registry ${this.registry} needs a user and password for ${what} (${login})`);
      const { username, password } = found.credentials;
      this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
      return;
    }
    throw new RegistryAuthError(`the registry ${this.registry} refused ${what} (HTTP 401) without a usable challenge`);
  }

  /** The Bearer token flow: GET the realm (Basic with a user and password), or POST a refresh token (identity token). */
  private async token(challenge: AuthChallenge, found: FoundCredentials | null, what: string): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm || !/^https?:\/\//.test(realm))
      throw new RegistryAuthError(`the registry ${this.registry} sent a Bearer challenge without a usable realm`);
    const service = challenge.params.service ?? '';
    const scope = challenge.params.scope ?? `repository:${this.repository}:pull`;
    const realmUrl = new URL(realm);
    if (realmUrl.protocol === 'http:' && found && !(this.options.insecure || isLoopbackRegistry(realmUrl.host)))
      throw new RegistryAuthError(
        `the registry ${this.registry} asks for credentials over plain HTTP (${realmUrl.host})`,
      );
    const where = `the token service ${realmUrl.host} of ${this.registry}`;
    let response: Response;
    if (found?.credentials.kind === 'identity-token') {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: found.credentials.token,
        service,
        scope,
        client_id: 'imgaudit',
      });
      response = await this.send(realm, { 'content-type': 'application/x-www-form-urlencoded' }, where, {
        method: 'POST',
        body: form.toString(),
      });
    } else {
      if (service) realmUrl.searchParams.set('service', service);
      realmUrl.searchParams.set('scope', scope);
      const headers: Record<string, string> = {};
      if (found?.credentials.kind === 'basic')
        headers.authorization = `Basic ${Buffer.from(`${found.credentials.username}:${found.credentials.password}`).toString('base64')}`;
      response = await this.send(realmUrl.toString(), headers, where);
    }
    if (response.status === 401 || response.status === 403) {
      void response.body?.cancel().catch(() => undefined);
      throw new RegistryAuthError(
        `${where} refused ${found ? `the credentials from ${found.from}` : 'anonymous access'} for ${what} ` +
          `(HTTP ${response.status}; docker login ${this.registry})`,
      );
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw new RegistryError(`${where} failed (HTTP ${response.status})`);
    }
    let answer: unknown;
    try {
      answer = JSON.parse((await readLimited(response, 1024 * 1024, where, this.options.timeoutMs)).toString('utf8'));
    } catch {
      answer = null;
    }
    const token = tokenFrom(answer);
    if (token === null) throw new RegistryAuthError(`${where} answered without a token`);
    return token;
  }
}

/** A document's body whole, at most `limit` bytes, within `timeoutMs` (a registry that stalls is not waited on). */
async function readLimited(response: Response, limit: number, what: string, timeoutMs: number): Promise<Buffer> {
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > limit) {
    void response.body?.cancel().catch(() => undefined);
    throw new RegistryError(`${what} is larger than ${limit} bytes`);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = (response.body as WebReadableStream<Uint8Array>).getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void reader.cancel().catch(() => undefined);
  }, timeoutMs);
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw new RegistryError(`${what} did not arrive within ${timeoutMs / 1000}s (raise --timeout)`);
      if (done) break;
      total += value.length;
      if (total > limit) {
        void reader.cancel().catch(() => undefined);
        throw new RegistryError(`${what} is larger than ${limit} bytes`);
      }
      parts.push(Buffer.from(value));
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(parts);
}

const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|VERIFY/;
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|VERIFY|ISSUER/;

/** A failed fetch as one line: TLS, unreachable, or what Node said, with the error code and never a header. */
export function networkError(error: unknown, registry: string, what: string): RegistryError {
  if (error instanceof RegistryError) return error;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && CERTIFICATE_CODE.test(code))
    return new RegistryError(
      `the TLS certificate of the registry ${registry} is not trusted (${code}); add its CA to NODE_EXTRA_CA_CERTS`,
    );
  if (typeof code === 'string' && TLS_CODE.test(code))
    return new RegistryError(
      `TLS failed with the registry ${registry} (${code}); for a registry without TLS use --insecure-registry ${registry}`,
    );
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH'
  )
    return new RegistryError(`cannot reach the registry ${registry} (${code}) for ${what}`);
  const said =
    typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  const detail = typeof code === 'string' ? code : said.split('\n')[0]!;
  return new RegistryError(`the connection to the registry ${registry} failed during ${what} (${detail})`);
}

/** Passes a blob's bytes on while hashing them; fails at the end on a wrong digest or size, or on a stalled body. */
function verifier(digest: string, size: number, what: string, timeoutMs: number, registry: string): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  let timer: NodeJS.Timeout | null = null;
  const arm = (stream: Transform) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () =>
        stream.destroy(new RegistryError(`the registry ${registry} stopped sending ${what} for ${timeoutMs / 1000}s`)),
      timeoutMs,
    );
  };
  const stream: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      arm(stream);
      seen += chunk.length;
      if (seen > size) return callback(new RegistryError(`${what} from ${registry} is larger than its ${size} bytes`));
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (timer) clearTimeout(timer);
      const actual = `sha256:${hash.digest('hex')}`;
      if (seen !== size)
        return callback(new RegistryError(`${what} from ${registry} ended after ${seen} of its ${size} bytes`));
      if (actual !== digest)
        return callback(
          new RegistryError(`${what} from ${registry} does not match its digest ${digest} (got ${actual})`),
        );
      callback();
    },
    destroy(error, callback) {
      if (timer) clearTimeout(timer);
      callback(error);
    },
  });
  arm(stream);
  return stream;
}
