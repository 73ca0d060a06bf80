import { describe, expect, it } from 'vitest';
import { detectSensitiveFiles, gitDirectoryOf } from '../../../../src/collect/filesystem/sensitive-files.js';
import { dir, file, image, opaque, symlink, whiteout } from './layers.js';

const brief = (view: ReturnType<typeof image>) =>
  detectSensitiveFiles(view).map(
    ({ kind, path, layerIndex, deleted }) => `${kind} ${path} #${layerIndex}${deleted ? ' deleted' : ''}`,
  );

describe('detectSensitiveFiles', () => {
  it('recognises each kind by name or path', () => {
    const view = image([
      file('app/.env'),
      file('app/.env.production'),
      file('app/.env.example'),
      file('app/.env.local.sample'),
      file('app/.env.template'),
      file('root/.ssh/id_rsa'),
      file('root/.ssh/id_rsa.pub'),
      file('home/ci/.ssh/id_ed25519'),
      file('etc/ssh/ssh_host_ed25519_key'),
      file('etc/ssh/ssh_host_ed25519_key.pub'),
      file('root/.aws/credentials'),
      file('infra/prod.tfstate'),
      file('infra/prod.tfstate.backup'),
      file('root/.docker/config.json'),
      file('root/.kube/config'),
      file('app/.npmrc'),
      file('root/.pypirc'),
      file('root/.netrc'),
      file('usr/lib/node_modules/npm/.npmrc'),
      file('app/node_modules/pkg/.npmrc'),
      symlink('app/.env.link', '.env'),
      file('app/environment.ts'),
    ]);
    expect(brief(view)).toEqual([
      'dotenv /app/.env #0',
      'dotenv /app/.env.production #0',
      'npmrc /app/.npmrc #0',
      'ssh-host-key /etc/ssh/ssh_host_ed25519_key #0',
      'ssh-private-key /home/ci/.ssh/id_ed25519 #0',
      'terraform-state /infra/prod.tfstate #0',
      'terraform-state /infra/prod.tfstate.backup #0',
      'aws-credentials /root/.aws/credentials #0',
      'docker-config /root/.docker/config.json #0',
      'kube-config /root/.kube/config #0',
      'netrc /root/.netrc #0',
      'pypirc /root/.pypirc #0',
      'ssh-private-key /root/.ssh/id_rsa #0',
    ]);
  });

  it('reports every layer’s copy, deleted when removed, replaced or hidden by an opaque directory', () => {
    const view = image(
      [file('app/.env'), file('secrets/.env'), file('cache/.env'), file('srv/.env')],
      [file('app/.env'), whiteout('secrets'), dir('cache'), opaque('cache')],
    );
    expect(brief(view)).toEqual([
      'dotenv /app/.env #0 deleted',
      'dotenv /app/.env #1',
      'dotenv /cache/.env #0 deleted',
      'dotenv /secrets/.env #0 deleted',
      'dotenv /srv/.env #0',
    ]);
  });

  it('reports a .git directory once per layer, not every object in it', () => {
    const view = image(
      [
        dir('app'),
        dir('app/.git'),
        file('app/.git/HEAD'),
        file('app/.git/objects/ab/cdef'),
        file('app/.gitignore'),
        file('.git'),
      ],
      [file('app/.git/objects/12/3456'), file('vendor/lib/.git/config')],
      [whiteout('app/.git')],
    );
    expect(brief(view)).toEqual([
      'git-directory /app/.git #0 deleted',
      'git-directory /app/.git #1 deleted',
      'git-directory /vendor/lib/.git #1',
    ]);
  });

  it('keeps a .git directory that is still there visible', () => {
    expect(brief(image([dir('app/.git'), file('app/.git/HEAD')]))).toEqual(['git-directory /app/.git #0']);
    expect(brief(image([dir('app/.git')]))).toEqual(['git-directory /app/.git #0']);
    expect(brief(image([dir('app/.git')], [whiteout('app/.git')]))).toEqual(['git-directory /app/.git #0 deleted']);
  });
});

describe('gitDirectoryOf', () => {
  it.each([
    ['app/.git/objects/ab/cd', false, 'app/.git'],
    ['.git/HEAD', false, '.git'],
    ['app/.git', true, 'app/.git'],
    ['app/.git', false, null],
    ['app/.github/workflows/ci.yml', false, null],
    ['app/x.git/HEAD', false, null],
  ])('%s', (path, isDirectory, expected) => {
    expect(gitDirectoryOf(path, isDirectory)).toBe(expected);
  });
});
