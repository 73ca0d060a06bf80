import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFor, registryKey } from '../../../src/docker/credentials.js';
import { RegistryError } from '../../../src/shared/errors.js';

let dir: string;
let bin: string;
const originalPath = process.env.PATH;

/** A fake `docker-credential-NAME`: records its arguments and stdin, then runs `body` (sh). */
async function helper(name: string, body: string): Promise<void> {
  const file = join(bin, `docker-credential-${name}`);
  await writeFile(file, `#!/bin/sh\nprintf '%s' "$*" > "${dir}/${name}.args"\ncat > "${dir}/${name}.stdin"\n${body}\n`);
  await chmod(file, 0o755);
}

async function configDir(config: unknown): Promise<string> {
  const target = await mkdtemp(join(dir, 'config-'));
  await writeFile(join(target, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return target;
}

const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-credentials-'));
  bin = join(dir, 'bin');
  await mkdir(bin);
  process.env.PATH = `${bin}${delimiter}${originalPath}`;
  await helper('store', `echo '{"ServerURL":"x","Username":"robot","Secret":"s3cret-from-store"}'`);
  await helper('token', `echo '{"ServerURL":"x","Username":"<token>","Secret":"refresh-token-1"}'`);
  await helper('none', `echo 'credentials not found in native keychain'; exit 1`);
  await helper('broken', `echo 'leaked-secret-in-output'; exit 7`);
  await helper('hangs', `sleep 30`);
  await helper('garbage', `echo 'not json'`);
});
afterAll(async () => {
  process.env.PATH = originalPath;
  await rm(dir, { recursive: true, force: true });
});

describe('registryKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['http://127.0.0.1:5000', '127.0.0.1:5000'],
    ['https://Registry.Example.com:443/v2/', 'registry.example.com:443'],
    ['ghcr.io', 'ghcr.io'],
  ])('%s → %s', (server, key) => expect(registryKey(server)).toBe(key));
});

describe('credentialsFor', () => {
  it('is anonymous without a config.json, or without an entry for the registry', async () => {
    expect(await credentialsFor('127.0.0.1:5000', join(dir, 'nowhere'))).toBeNull();
    const config = await configDir({ auths: { 'other.example.com': { auth: auth('u', 'p') } } });
    expect(await credentialsFor('127.0.0.1:5000', config)).toBeNull();
  });

  it('decodes a base64 auth of auths, whatever scheme and path its key carries', async () => {
    const config = await configDir({ auths: { 'http://127.0.0.1:5000/v2/': { auth: auth('alice', 'pa:ss') } } });
    expect(await credentialsFor('127.0.0.1:5000', config)).toEqual({
      credentials: { kind: 'basic', username: 'alice', password: 'pa:ss' },
      from: `${join(config, 'config.json')} (auths)`,
    });
  });

  it("takes an identitytoken, and Docker Hub's key for registry-1.docker.io", async () => {
    const config = await configDir({ auths: { 'https://index.docker.io/v1/': { identitytoken: 'idt' } } });
    expect((await credentialsFor('registry-1.docker.io', config))?.credentials).toEqual({
      kind: 'identity-token',
      token: 'idt',
    });
  });

  it('refuses an auth that is not user:password, without quoting it', async () => {
    const config = await configDir({ auths: { h: { auth: Buffer.from('no-colon-secret').toString('base64') } } });
    const error = await credentialsFor('h', config).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryError);
    expect(String(error)).not.toContain('no-colon-secret');
  });

  it('runs the credHelpers helper of the registry with the server on stdin', async () => {
    const config = await configDir({
      credHelpers: { '127.0.0.1:5000': 'store' },
      credsStore: 'token',
      auths: { '127.0.0.1:5000': { auth: auth('ignored', 'x') } },
    });
    expect(await credentialsFor('127.0.0.1:5000', config)).toEqual({
      credentials: { kind: 'basic', username: 'robot', password: 's3cret-from-store' },
      from: 'docker-credential-store',
    });
    expect(await readFile(join(dir, 'store.args'), 'utf8')).toBe('get');
    expect(await readFile(join(dir, 'store.stdin'), 'utf8')).toBe('127.0.0.1:5000');
  });

  it("runs the credsStore for any registry; the user <token> is an identity token; Hub's server is its v1 URL", async () => {
    const config = await configDir({ credsStore: 'token' });
    expect((await credentialsFor('registry-1.docker.io', config))?.credentials).toEqual({
      kind: 'identity-token',
      token: 'refresh-token-1',
    });
    expect(await readFile(join(dir, 'token.stdin'), 'utf8')).toBe('https://index.docker.io/v1/');
  });

  it('is anonymous when the helper has no credentials; the store then falls back to auths', async () => {
    expect(await credentialsFor('h', await configDir({ credHelpers: { h: 'none' } }))).toBeNull();
    const config = await configDir({ credsStore: 'none', auths: { h: { auth: auth('bob', 'pw') } } });
    expect((await credentialsFor('h', config))?.credentials).toEqual({
      kind: 'basic',
      username: 'bob',
      password: 'pw',
    });
  });

  it.each([
    ['broken', 'failed (exit 7)'],
    ['garbage', 'did not answer JSON'],
    ['missing', 'is not installed'],
  ])('a helper that is %s is one clear error that quotes nothing it said', async (name, reason) => {
    const error = await credentialsFor('h', await configDir({ credHelpers: { h: name } })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toContain(`docker-credential-${name}`);
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).not.toContain('leaked-secret');
  });

  it('stops a helper that hangs after the timeout', async () => {
    const started = Date.now();
    await expect(credentialsFor('h', await configDir({ credHelpers: { h: 'hangs' } }), 300)).rejects.toThrow(
      'docker-credential-hangs did not answer within 0.3s',
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a config.json that is not JSON, and a helper name that is not a plain name', async () => {
    await expect(credentialsFor('h', await configDir('{'))).rejects.toThrow('is not valid JSON');
    await expect(credentialsFor('h', await configDir({ credHelpers: { h: '../../bin/sh' } }))).rejects.toThrow(
      'is not valid',
    );
  });
});
