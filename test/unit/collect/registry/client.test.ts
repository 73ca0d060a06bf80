import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../../../src/collect/registry/client.js';
import { RegistryAuthError, RegistryError, RegistryImageNotFound } from '../../../../src/shared/errors.js';

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

/** A registry on 127.0.0.1 (plain HTTP, as a loopback registry may be) whose answers each test writes. */
class FakeRegistry {
  handler: Handler = (_request, response) => response.writeHead(500).end();
  readonly seen: { path: string; authorization: string | undefined }[] = [];
  private server!: Server;
  address = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', `http://${this.address}`);
      if (url.pathname !== '/v2/')
        this.seen.push({ path: `${url.pathname}${url.search}`, authorization: request.headers.authorization });
      this.handler(request, response, url);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.address = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const registry = new FakeRegistry();
const storage = new FakeRegistry();
let dir: string;
const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const PASSWORD = 'pw-never-shown';
const TOKEN = 'tk-never-shown';

async function configWith(auths: Record<string, unknown>): Promise<string> {
  const target = await mkdtemp(join(dir, 'config-'));
  await writeFile(join(target, 'config.json'), JSON.stringify({ auths }));
  return target;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function drain(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-registry-client-'));
  await registry.start();
  await storage.start();
});
afterEach(() => {
  registry.seen.length = 0;
  storage.seen.length = 0;
});
afterAll(async () => {
  await registry.stop();
  await storage.stop();
  await rm(dir, { recursive: true, force: true });
});

const client = (configDir: string, timeoutMs = 5000) =>
  new RegistryClient(registry.address, 'team/api', { insecure: false, timeoutMs, configDir });

describe('RegistryClient against a fake registry', () => {
  it('answers a Bearer challenge with the token flow, Basic-authenticated with config.json credentials', async () => {
    const manifest = Buffer.from('{"schemaVersion":2}');
    registry.handler = (request, response, url) => {
      if (url.pathname === '/token') {
        if (request.headers.authorization !== basic('alice', PASSWORD)) return void response.writeHead(401).end();
        return void response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ token: TOKEN }));
      }
      if (request.headers.authorization !== `Bearer ${TOKEN}`)
        return void response
          .writeHead(401, {
            'www-authenticate': `Bearer realm="http://${registry.address}/token",service="fake",scope="repository:team/api:pull"`,
          })
          .end();
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(manifest);
    };
    const config = await configWith({
      [registry.address]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') },
    });
    const answer = await client(config).manifest('1.0', 'api:1.0');
    expect(answer.bytes.equals(manifest)).toBe(true);
    expect(answer.contentType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(registry.seen.map((request) => request.path)).toEqual([
      '/v2/team/api/manifests/1.0',
      '/token?service=fake&scope=repository%3Ateam%2Fapi%3Apull',
      '/v2/team/api/manifests/1.0',
    ]);
  });

  it('posts an identity token of config.json as a refresh token (OAuth2), and uses the access token', async () => {
    let form = '';
    registry.handler = (request, response, url) => {
      if (url.pathname === '/token') {
        let body = '';
        request.on('data', (part: Buffer) => (body += part.toString()));
        request.on('end', () => {
          form = body;
          response.writeHead(200).end(JSON.stringify({ access_token: TOKEN }));
        });
        return;
      }
      if (request.headers.authorization !== `Bearer ${TOKEN}`)
        return void response
          .writeHead(401, { 'www-authenticate': `Bearer realm="http://${registry.address}/token",service="fake"` })
          .end();
      response.writeHead(200).end('{}');
    };
    const config = await configWith({ [registry.address]: { identitytoken: 'refresh-me' } });
    expect((await client(config).manifest('1.0', 'api:1.0')).bytes.toString()).toBe('{}');
    expect(Object.fromEntries(new URLSearchParams(form))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-me',
      service: 'fake',
      scope: 'repository:team/api:pull',
      client_id: 'imgaudit',
    });
  });

  it('a refused password is an auth error that names neither the password nor a token', async () => {
    registry.handler = (request, response) => {
      if (request.headers.authorization === basic('alice', PASSWORD)) return void response.writeHead(200).end('{}');
      response.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end();
    };
    const wrong = await configWith({ [registry.address]: { auth: Buffer.from('alice:wrong-pw').toString('base64') } });
    const error = await client(wrong)
      .manifest('1.0', 'api:1.0')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as Error).message).toBe(
      `the registry ${registry.address} refused access to the manifest of api:1.0 (HTTP 401): check the credentials (docker login ${registry.address})`,
    );
    expect((error as Error).message).not.toMatch(/wrong-pw|alice:/);
    const right = await configWith({
      [registry.address]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') },
    });
    expect((await client(right).manifest('1.0', 'api:1.0')).bytes.toString()).toBe('{}');
  });

  it('without credentials a Basic challenge says to log in', async () => {
    registry.handler = (_request, response) =>
      void response.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end();
    await expect(client(join(dir, 'none')).manifest('1.0', 'api:1.0')).rejects.toThrow(
      `the registry ${registry.address} needs a user and password for the manifest of api:1.0 (docker login ${registry.address})`,
    );
  });

  it('a manifest the registry does not have is "not found"', async () => {
    registry.handler = (_request, response) =>
      void response.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    const error = await client(join(dir, 'none'))
      .manifest('nope', 'api:nope')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryImageNotFound);
    expect((error as Error).message).toBe(`image api:nope not found in the registry ${registry.address}`);
  });

  it('follows a blob redirect to storage without the registry credentials, and verifies the bytes', async () => {
    const blob = Buffer.from('layer bytes '.repeat(1000));
    registry.handler = (request, response, url) => {
      if (request.headers.authorization !== basic('alice', PASSWORD))
        return void response.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end();
      response.writeHead(307, { location: `http://${storage.address}/bucket${url.pathname}?signed=1` }).end();
    };
    storage.handler = (_request, response) => void response.writeHead(200).end(blob);
    const config = await configWith({
      [registry.address]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') },
    });
    const plain = new RegistryClient(registry.address, 'team/api', {
      insecure: true,
      timeoutMs: 5000,
      configDir: config,
    });
    const bytes = await drain(await plain.blobStream(sha(blob), blob.length, 'the layer'));
    expect(bytes.equals(blob)).toBe(true);
    expect(storage.seen).toEqual([
      { path: `/bucket/v2/team/api/blobs/${sha(blob)}?signed=1`, authorization: undefined },
    ]);
  });

  it('a blob that does not match its digest or size fails its stream, naming the blob', async () => {
    const blob = Buffer.from('the real layer');
    registry.handler = (_request, response) => void response.writeHead(200).end(Buffer.from('a forged layer'));
    const wrong = `sha256:${'0'.repeat(64)}`;
    await expect(drain(await client(join(dir, 'none')).blobStream(wrong, blob.length, 'the layer X'))).rejects.toThrow(
      `the layer X from ${registry.address} does not match its digest ${wrong} (got ${sha(Buffer.from('a forged layer'))})`,
    );
    await expect(drain(await client(join(dir, 'none')).blobStream(sha(blob), 3, 'the layer Y'))).rejects.toThrow(
      'the layer Y from',
    );
  });

  it('a TLS registry with a certificate that is not trusted is a TLS error, never a fall back to plain HTTP', async (context) => {
    const files = await mkdtemp(join(dir, 'tls-'));
    const made = await new Promise<boolean>((resolve) =>
      execFile(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(files, 'key.pem'),
          '-out',
          join(files, 'cert.pem'),
        ],
        (error) => resolve(error === null),
      ),
    );
    if (!made) return context.skip();
    const server = createHttpsServer(
      { key: await readFile(join(files, 'key.pem')), cert: await readFile(join(files, 'cert.pem')) },
      (_request, response) => response.writeHead(200).end('{}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const insecure of [false, true]) {
        const tls = new RegistryClient(address, 'team/api', {
          insecure,
          timeoutMs: 5000,
          configDir: join(dir, 'none'),
        });
        await expect(tls.manifest('1.0', 'api:1.0')).rejects.toThrow(
          `the TLS certificate of the registry ${address} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); add its CA to NODE_EXTRA_CA_CERTS`,
        );
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a registry that does not answer, or stops sending a blob, is a timeout', async () => {
    registry.handler = () => undefined;
    const error = await client(join(dir, 'none'), 300)
      .manifest('1.0', 'api:1.0')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toBe(
      `the registry ${registry.address} did not answer the manifest of api:1.0 within 0.3s (raise --timeout)`,
    );
    registry.handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write(Buffer.alloc(10));
    };
    await expect(client(join(dir, 'none'), 300).manifest('1.0', 'api:1.0')).rejects.toThrow(
      'the manifest of api:1.0 did not arrive within 0.3s (raise --timeout)',
    );
    await expect(
      drain(await client(join(dir, 'none'), 300).blobStream(`sha256:${'1'.repeat(64)}`, 100, 'the layer Z')),
    ).rejects.toThrow(`the registry ${registry.address} stopped sending the layer Z for 0.3s`);
  });
});
