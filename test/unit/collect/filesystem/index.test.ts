import { describe, expect, it } from 'vitest';
import { buildFilesystemFacts, FILESYSTEM_CONTENT_WANTED } from '../../../../src/collect/filesystem/index.js';
import { mergeLayers } from '../../../../src/collect/layers/merge.js';
import { CONTENT_SIZE_CAP } from '../../../../src/collect/layers/types.js';
import { fake } from '../../secrets/fakes.js';
import { context, dir, file, hardlink, layer, symlink, whiteout } from './layers.js';

describe('FILESYSTEM_CONTENT_WANTED', () => {
  it.each([
    ['etc/passwd', 900, true],
    ['etc/group', 400, true],
    ['etc/shadow', 700, true],
    ['etc/master.passwd', 700, true],
    ['etc/os-release', 300, true],
    ['usr/lib/os-release', 300, true],
    ['app/.npmrc', 80, true],
    ['home/ci/.pypirc', 80, true],
    ['root/.netrc', 80, true],
    ['app/.env', 80, true],
    ['app/.env.production', 80, true],
    ['app/.env.example', 80, false],
    ['root/.ssh/id_rsa', 3_000, true],
    ['root/.ssh/id_rsa.pub', 700, false],
    ['root/.docker/config.json', 200, true],
    ['root/.aws/credentials', 200, true],
    ['infra/prod.tfstate', 20_000, true],
    ['app/tls/server.key', 2_000, true],
    ['app/tls/server.pem', 2_000, true],
    ['app/cert.p12', 2_000, false],
    ['app/config.json', 200, true],
    ['app/config.json', 300 * 1024, false],
    ['app/settings.yaml', 200, true],
    ['usr/local/bin/docker-entrypoint.sh', 2_000, true],
    ['etc/nginx/nginx.conf', 2_000, true],
    ['usr/share/doc/x.conf', 200, false],
    ['app/node_modules/x/config.json', 200, false],
    ['usr/local/lib/python3.12/site-packages/pkg/tests/key.pem', 2_000, false],
    ['etc/ssl/certs/ca-certificates.pem', 2_000, false],
    ['usr/bin/bash', 1_200_000, false],
    ['app/.npmrc', 2 * 1024 * 1024, false],
    ['app/server.js', 5_000, false],
    ['app/README', 5_000, false],
  ])('%s (%d bytes) → %s', (path, size, expected) => {
    expect(FILESYSTEM_CONTENT_WANTED(path, size)).toBe(expected);
  });

  it('never asks for more than the cap', () => {
    expect(FILESYSTEM_CONTENT_WANTED('app/big.env', CONTENT_SIZE_CAP + 1)).toBe(false);
    expect(FILESYSTEM_CONTENT_WANTED('app/big.env', CONTENT_SIZE_CAP)).toBe(true);
  });
});

describe('buildFilesystemFacts', () => {
  const npmrc = `//registry.npmjs.org/:_authToken=${fake.npm}\n`;
  // The fs-risky fixture in miniature: busybox applets beside real tools, a deleted .npmrc, waste and an apt cache.
  const layers = [
    layer(0, [dir('bin'), file('bin/busybox', { mode: 0o755, size: 1_000 })]),
    layer(1, [
      symlink('bin/sh', '/bin/busybox'),
      symlink('bin/rpm', '/bin/busybox'),
      symlink('bin/dpkg', '/bin/busybox'),
    ]),
    layer(2, [
      dir('app'),
      file('app/.env', { content: `NODE_ENV=production\nSTRIPE_KEY=${fake.stripeLive}\n` }),
      file('etc/passwd', { content: 'root:x:0:0:root:/root:/bin/sh\nappuser:x:10001:10001::/app:/sbin/nologin\n' }),
      file('etc/group', { content: 'root:x:0:\nappuser:x:10001:\n' }),
      file('etc/shadow', { content: 'root:!:19000:0:99999:7:::\nappuser::19000:0:99999:7:::\n' }),
      file('app/.DS_Store', { size: 6_148 }),
      file('usr/sbin/sshd', { mode: 0o755 }),
      file('usr/bin/apt-get', { mode: 0o755 }),
      file('usr/bin/gcc', { mode: 0o755 }),
      file('usr/local/bin/suid-helper', { mode: 0o4755 }),
      hardlink('usr/local/bin/suid-link', 'usr/local/bin/suid-helper', { mode: 0o4755 }),
      dir('tmp', { mode: 0o1777 }),
      dir('app/uploads', { mode: 0o777 }),
    ]),
    layer(3, [file('app/.npmrc', { content: npmrc })]),
    layer(4, [whiteout('app/.npmrc')]),
    layer(5, [
      file('app/cache/build-artifact.bin', { size: 5_000 }),
      file('var/lib/apt/lists/main_Packages', { size: 3_000 }),
    ]),
    layer(6, [whiteout('app/cache')]),
  ];
  const createdBy = [
    'COPY busybox',
    'RUN busybox --install -s /bin',
    'COPY app',
    'COPY npmrc',
    'RUN rm /app/.npmrc',
    'COPY waste',
    null,
  ];
  const facts = buildFilesystemFacts(mergeLayers(layers), context({ user: 'appuser', layerCreatedBy: createdBy }));

  it('summarises the layers and counts the non-directory entries of the final view', () => {
    expect(facts.fileCount).toBe(15);
    expect(
      facts.layers.map(({ index, entryCount, createdBy: step }) => ({ index, entryCount, createdBy: step })),
    ).toEqual([
      { index: 0, entryCount: 2, createdBy: 'COPY busybox' },
      { index: 1, entryCount: 3, createdBy: 'RUN busybox --install -s /bin' },
      { index: 2, entryCount: 13, createdBy: 'COPY app' },
      { index: 3, entryCount: 1, createdBy: 'COPY npmrc' },
      { index: 4, entryCount: 0, createdBy: 'RUN rm /app/.npmrc' },
      { index: 5, entryCount: 2, createdBy: 'COPY waste' },
      { index: 6, entryCount: 0, createdBy: null },
    ]);
    expect(facts.layers[0]).toMatchObject({ compression: 'gzip', readable: true, fileBytes: 1_000 });
  });

  it('assembles every detector’s part', () => {
    expect(facts.os).toEqual({ id: 'scratch', versionId: null, prettyName: 'scratch (no /etc/os-release)' });
    expect(facts.setuid).toEqual(['/usr/local/bin/suid-helper', '/usr/local/bin/suid-link']);
    expect(facts.worldWritable).toEqual(['/app/uploads']);
    expect(facts.packageManagers.map(({ name }) => name)).toEqual(['apt-get']);
    expect(facts.busyboxApplets).toEqual(['dpkg', 'rpm', 'sh']);
    expect(facts.shells).toEqual([{ name: 'sh', path: '/bin/sh', busyboxApplet: true }]);
    expect(facts.buildTools.map(({ name }) => name)).toEqual(['gcc']);
    expect(facts.userResolution).toMatchObject({ user: 'appuser', resolves: true, uid: 10001 });
    expect(facts.secrets.map(({ kind, path, deleted }) => `${kind} ${path}${deleted ? ' deleted' : ''}`)).toEqual([
      'stripe-key /app/.env',
      'npm-token /app/.npmrc deleted',
    ]);
    expect(
      facts.sensitiveFiles.map(({ kind, path, deleted }) => `${kind} ${path}${deleted ? ' deleted' : ''}`),
    ).toEqual(['dotenv /app/.env', 'npmrc /app/.npmrc deleted']);
    expect(facts.packageCaches).toEqual([{ path: '/var/lib/apt/lists', bytes: 3_000, files: 1, layerIndexes: [5] }]);
    expect(facts.shadow).toEqual({ path: '/etc/shadow', emptyPassword: ['appuser'] });
    expect(facts.duplicateIds).toEqual([]);
    expect(facts.devLeftovers).toEqual([{ kind: 'ds-store', path: '/app/.DS_Store', bytes: 6_148, files: 1 }]);
    expect(facts.sshDaemons).toEqual([{ name: 'sshd', path: '/usr/sbin/sshd', busyboxApplet: false }]);
    expect(facts.wastedBytes).toBe(5_000 + npmrc.length);
    expect(facts.wastedFiles[0]).toEqual({
      path: '/app/cache/build-artifact.bin',
      bytes: 5_000,
      layerIndexes: [5],
      createdBy: ['COPY waste'],
    });
    expect(facts.healthcheckTools).toEqual([{ name: '/app/server', path: null }]);
  });
});
