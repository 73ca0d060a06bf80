import { describe, expect, it } from 'vitest';
import { detectDevLeftovers } from '../../../../src/collect/filesystem/dev-leftovers.js';
import { dir, file, image, whiteout } from './layers.js';

describe('detectDevLeftovers', () => {
  it('reports each leftover once, at its outermost directory, with the bytes and files below it', () => {
    const view = image([
      dir('app'),
      dir('app/.git'),
      file('app/.git/HEAD', { size: 23 }),
      file('app/.git/objects/ab/cdef', { size: 4_000 }),
      dir('app/.git/hooks'),
      file('app/.vscode/settings.json', { size: 300 }),
      file('app/.idea/workspace.xml', { size: 1_200 }),
      file('app/.DS_Store', { size: 6_148 }),
      file('app/src/.DS_Store', { size: 6_148 }),
      file('app/Dockerfile', { size: 512 }),
      file('app/Dockerfile.dev', { size: 400 }),
      file('app/docker-compose.yml', { size: 800 }),
      file('app/compose.override.yaml', { size: 100 }),
      file('root/.aws/config', { size: 90 }),
      file('root/.azure/azureProfile.json', { size: 90 }),
      file('root/.gcp/key-id', { size: 10 }),
      file('root/.docker/config.json', { size: 150 }),
      file('root/.npm/_logs/debug.log', { size: 2_000 }),
      file('home/app/.cache/node-gyp/20.11.1/include/node/node.h', { size: 9_000 }),
      file('srv/.svn/entries', { size: 5 }),
      file('srv/.hg/store/data', { size: 7 }),
    ]);
    expect(detectDevLeftovers(view)).toEqual([
      { kind: 'ds-store', path: '/app/.DS_Store', bytes: 6_148, files: 1 },
      { kind: 'git-directory', path: '/app/.git', bytes: 4_023, files: 2 },
      { kind: 'idea-settings', path: '/app/.idea', bytes: 1_200, files: 1 },
      { kind: 'vscode-settings', path: '/app/.vscode', bytes: 300, files: 1 },
      { kind: 'dockerfile', path: '/app/Dockerfile', bytes: 512, files: 1 },
      { kind: 'dockerfile', path: '/app/Dockerfile.dev', bytes: 400, files: 1 },
      { kind: 'compose-file', path: '/app/compose.override.yaml', bytes: 100, files: 1 },
      { kind: 'compose-file', path: '/app/docker-compose.yml', bytes: 800, files: 1 },
      { kind: 'ds-store', path: '/app/src/.DS_Store', bytes: 6_148, files: 1 },
      { kind: 'cache-directory', path: '/home/app/.cache', bytes: 9_000, files: 1 },
      { kind: 'aws-config', path: '/root/.aws', bytes: 90, files: 1 },
      { kind: 'azure-config', path: '/root/.azure', bytes: 90, files: 1 },
      { kind: 'docker-config', path: '/root/.docker/config.json', bytes: 150, files: 1 },
      { kind: 'gcp-config', path: '/root/.gcp', bytes: 10, files: 1 },
      { kind: 'npm-directory', path: '/root/.npm', bytes: 2_000, files: 1 },
      { kind: 'hg-directory', path: '/srv/.hg', bytes: 7, files: 1 },
      { kind: 'svn-directory', path: '/srv/.svn', bytes: 5, files: 1 },
    ]);
  });

  it('leaves out packages, vendored code, the package caches, empty directories and deleted files', () => {
    const view = image(
      [
        file('app/node_modules/left-pad/.git/HEAD', { size: 20 }),
        file('app/node_modules/left-pad/Dockerfile', { size: 20 }),
        file('usr/share/doc/pkg/.DS_Store', { size: 20 }),
        file('usr/lib/python3/dist-packages/x/.idea/a.xml', { size: 20 }),
        file('go/src/app/vendor/github.com/x/y/.git/HEAD', { size: 20 }),
        file('root/.cache/pip/http/a/b', { size: 5_000 }),
        file('root/.npm/_cacache/index-v5/x', { size: 5_000 }),
        dir('app/.vscode'),
        file('app/.env', { size: 20 }),
        file('app/dockerfile-notes.txt', { size: 20 }),
        file('app/Dockerfile.md', { size: 20 }),
        file('app/.idea/x.xml', { size: 20 }),
      ],
      [whiteout('app/.idea')],
    );
    expect(detectDevLeftovers(view)).toEqual([{ kind: 'dockerfile', path: '/app/Dockerfile.md', bytes: 20, files: 1 }]);
  });
});
