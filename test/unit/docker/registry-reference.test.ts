import { describe, expect, it } from 'vitest';
import { isLoopbackRegistry, parseRegistryReference, registryName } from '../../../src/docker/registry-reference.js';
import { InvalidReference } from '../../../src/shared/errors.js';

describe('parseRegistryReference', () => {
  it('reads registry://HOST:PORT/REPO:TAG', () => {
    expect(parseRegistryReference('registry://127.0.0.1:5000/team/api:1.4.2')).toEqual({
      raw: 'registry://127.0.0.1:5000/team/api:1.4.2',
      registry: '127.0.0.1:5000',
      repository: 'team/api',
      tag: '1.4.2',
      digest: null,
    });
  });

  it('takes the first component after registry:// as the host, even without a dot or port', () => {
    const ref = parseRegistryReference('registry://registry/api');
    expect([ref.registry, ref.repository, ref.tag]).toEqual(['registry', 'api', 'latest']);
  });

  it('keeps a digest, and a tag beside it only as given', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseRegistryReference(`registry://r.example.com/api@${digest}`)).toMatchObject({ tag: null, digest });
    expect(parseRegistryReference(`registry://r.example.com/api:1@${digest}`)).toMatchObject({ tag: '1', digest });
  });

  it('reads a plain reference as docker pull does: Docker Hub without a registry, library/ for one component', () => {
    expect(parseRegistryReference('nginx:1')).toMatchObject({
      registry: 'registry-1.docker.io',
      repository: 'library/nginx',
      tag: '1',
    });
    expect(parseRegistryReference('docker.io/myorg/api')).toMatchObject({
      registry: 'registry-1.docker.io',
      repository: 'myorg/api',
      tag: 'latest',
    });
    expect(parseRegistryReference('localhost:5000/api:2')).toMatchObject({
      registry: 'localhost:5000',
      repository: 'api',
    });
  });

  it.each([
    ['registry://', 'a host and a repository'],
    ['registry://host', 'a host and a repository'],
    ['registry://host/', 'repository name'],
    ['registry://host/API:1', 'lowercase'],
    [`registry://host/api@sha256:zz`, 'not a digest'],
    ['registry://1234567890ab', 'a host and a repository'],
    ['1234567890ab', 'an image id'],
  ])('refuses %s (%s)', (raw, reason) => {
    expect(() => parseRegistryReference(raw)).toThrow(InvalidReference);
    expect(() => parseRegistryReference(raw)).toThrow(reason);
  });

  it('names the image host/repo:tag or host/repo@digest', () => {
    expect(registryName(parseRegistryReference('registry://h:1/a/b'))).toBe('h:1/a/b:latest');
    const digest = `sha256:${'b'.repeat(64)}`;
    expect(registryName(parseRegistryReference(`registry://h/a:1@${digest}`))).toBe(`h/a@${digest}`);
  });
});

describe('isLoopbackRegistry', () => {
  it.each([
    ['localhost:5000', true],
    ['127.0.0.1:5000', true],
    ['127.1.2.3', true],
    ['[::1]:5000', true],
    ['localhost.example.com', false],
    ['10.0.0.1:5000', false],
    ['128.0.0.1', false],
  ])('%s: %s', (registry, loopback) => {
    expect(isLoopbackRegistry(registry)).toBe(loopback);
  });
});
