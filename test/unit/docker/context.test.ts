import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEndpoint, dockerodeOptions, resolveEndpoint } from '../../../src/docker/context.js';
import { UsageError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-context-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A docker CLI config folder as `docker context create` leaves it. */
function configWith(
  contexts: Record<string, { host: string; skipTls?: boolean; tls?: boolean }>,
  current?: string,
): string {
  const config = mkdtempSync(join(dir, 'config-'));
  if (current) writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: current }));
  for (const [name, { host, skipTls, tls }] of Object.entries(contexts)) {
    const id = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(config, 'contexts', 'meta', id), { recursive: true });
    const meta = { Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: skipTls ?? false } } };
    writeFileSync(join(config, 'contexts', 'meta', id, 'meta.json'), JSON.stringify(meta));
    if (tls) {
      mkdirSync(join(config, 'contexts', 'tls', id, 'docker'), { recursive: true });
      for (const file of ['ca.pem', 'cert.pem', 'key.pem'])
        writeFileSync(join(config, 'contexts', 'tls', id, 'docker', file), `PEM ${file}`);
    }
  }
  return config;
}

describe('resolveEndpoint: the engine the docker CLI would use', () => {
  const config = configWith(
    { staging: { host: 'tcp://10.0.0.5:2376', tls: true }, local: { host: 'unix:///run/user/1000/docker.sock' } },
    'staging',
  );

  it('takes DOCKER_HOST first, unless a context is named explicitly', () => {
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2375', DOCKER_CONFIG: config })).toEqual({
      host: 'tcp://h:2375',
      source: 'DOCKER_HOST',
    });
    expect(resolveEndpoint({ DOCKER_HOST: 'tcp://h:2375', DOCKER_CONFIG: config }, 'local').source).toBe(
      'context local',
    );
  });

  it('then DOCKER_CONTEXT, then the current context of config.json, then the local socket', () => {
    expect(resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'local' })).toEqual({
      host: 'unix:///run/user/1000/docker.sock',
      source: 'context local',
    });
    expect(resolveEndpoint({ DOCKER_CONFIG: config })).toMatchObject({
      host: 'tcp://10.0.0.5:2376',
      source: 'context staging',
    });
    expect(resolveEndpoint({ DOCKER_CONFIG: join(dir, 'nowhere') })).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default',
    });
    expect(resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }).source).toBe('default');
  });

  it('reads a context’s TLS material, and names the context in messages', () => {
    const endpoint = resolveEndpoint({ DOCKER_CONFIG: config });
    expect(endpoint.tls).toEqual({
      ca: Buffer.from('PEM ca.pem'),
      cert: Buffer.from('PEM cert.pem'),
      key: Buffer.from('PEM key.pem'),
      verify: true,
    });
    expect(describeEndpoint(endpoint)).toBe('tcp://10.0.0.5:2376 (context staging)');
  });

  it('says when a named context does not exist (exit 2)', () => {
    expect(() => resolveEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'prod' })).toThrow(UsageError);
    expect(() => resolveEndpoint({ DOCKER_CONFIG: config }, 'prod')).toThrow(/docker context "prod" is not defined/);
  });
});

describe('dockerodeOptions', () => {
  it('gives a socket path, plain tcp, tls with its material, or ssh', () => {
    expect(dockerodeOptions({ host: 'unix:///run/user/1000/docker.sock', source: 'context x' })).toEqual({
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(dockerodeOptions({ host: 'tcp://10.0.0.5', source: 'context x' })).toEqual({
      protocol: 'http',
      host: '10.0.0.5',
      port: '2375',
    });
    const tls = { ca: Buffer.from('a'), cert: Buffer.from('c'), key: Buffer.from('k'), verify: false };
    const options = dockerodeOptions({ host: 'tcp://10.0.0.5:2376', source: 'context x', tls });
    expect(options).toMatchObject({
      protocol: 'https',
      host: '10.0.0.5',
      port: '2376',
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
    });
    expect(typeof options.checkServerIdentity).toBe('function');
    expect(dockerodeOptions({ host: 'ssh://ci@builder', source: 'context x' })).toMatchObject({
      protocol: 'ssh',
      host: 'builder',
      port: '22',
      username: 'ci',
    });
  });
});
