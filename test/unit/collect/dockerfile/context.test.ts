import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkContext, sensitiveKind } from '../../../../src/collect/dockerfile/context.js';
import { parseDockerignore } from '../../../../src/collect/dockerfile/dockerignore.js';
import { collectBuild } from '../../../../src/collect/dockerfile/index.js';
import { BuildInputError } from '../../../../src/shared/errors.js';

const root = mkdtempSync(join(tmpdir(), 'imgaudit-context-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('walkContext', () => {
  it('finds lock files, sensitive entries and whether .dockerignore keeps them out', async () => {
    const dir = tree('app', {
      'package.json': '{}',
      'package-lock.json': '{}',
      '.env': 'API_KEY=sk_live_never_read',
      '.env.example': 'API_KEY=',
      '.git/HEAD': 'ref',
      'node_modules/left-pad/index.js': '',
      'certs/server.key': 'KEY',
      'src/index.js': '',
    });
    const walked = await walkContext(dir, parseDockerignore('.git\nnode_modules\n').compiled);
    expect([...walked.dependencyFiles].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'package-lock.json', ignored: false },
      { path: 'package.json', ignored: false },
    ]);
    expect([...walked.sensitive].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '.env', kind: 'dotenv', ignored: false },
      { path: '.git/', kind: 'git-directory', ignored: true },
      { path: 'certs/server.key', kind: 'private-key', ignored: false },
      { path: 'node_modules/', kind: 'node-modules', ignored: true },
    ]);
    expect(JSON.stringify(walked)).not.toContain('sk_live');
  });

  it('never follows a symbolic link, and names one that leaves the context', async () => {
    const dir = tree('links', { 'a.txt': '' });
    symlinkSync('/etc', join(dir, 'etc-link'));
    symlinkSync('a.txt', join(dir, 'inside-link'));
    const walked = await walkContext(dir, []);
    expect(walked.symlinksOutside).toEqual(['etc-link']);
    expect(walked.sensitive.some((entry) => entry.path.startsWith('etc-link'))).toBe(false);
  });

  it('stops at its entry cap and says so', async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, '']));
    const walked = await walkContext(tree('many', files), [], { maxEntries: 10, maxDepth: 5, maxMs: 10_000 });
    expect(walked.walk).toEqual({ entries: 10, truncated: 'stopped after 10 entries' });
  });

  it('reads the names of unpinned requirements, never other lines', async () => {
    const dir = tree('py', {
      'requirements.txt':
        '--index-url https://user:hunter2@pypi.example/simple\nflask==3.0.3\nrequests>=2\n# c\nboto3\n',
    });
    const walked = await walkContext(dir, []);
    expect(walked.requirements).toEqual([{ path: 'requirements.txt', unpinned: ['requests', 'boto3'] }]);
    expect(JSON.stringify(walked)).not.toContain('hunter2');
  });

  it('does not enter an ignored directory unless an exception could reach inside', async () => {
    const dir = tree('ignored', { 'build/.env': '', 'keep/.env': '' });
    const plain = await walkContext(dir, parseDockerignore('build\n').compiled);
    expect(plain.sensitive.map((entry) => entry.path)).toEqual(['keep/.env']);
  });
});

describe('sensitiveKind', () => {
  it('knows keys, env files and credential folders by name', () => {
    expect(sensitiveKind('id_ed25519', false)).toBe('private-key');
    expect(sensitiveKind('.env.production', false)).toBe('dotenv');
    expect(sensitiveKind('.env.sample', false)).toBeNull();
    expect(sensitiveKind('.aws', true)).toBe('credentials-directory');
    expect(sensitiveKind('main.tf', false)).toBeNull();
  });
});

describe('collectBuild', () => {
  it('reads the Dockerfile and its folder as the context, the .dockerignore beside it', async () => {
    const dir = tree('build', { Dockerfile: 'FROM scratch\nCOPY . /\n', '.dockerignore': '.git\n[bad\n' });
    const facts = await collectBuild({ dockerfile: join(dir, 'Dockerfile') });
    expect(facts.buildContext.path).toBe(dir);
    expect(facts.buildContext.dockerignore).toEqual({
      path: '.dockerignore',
      patterns: ['.git'],
      invalid: [{ line: 2, pattern: '[bad', message: expect.any(String) as string }],
    });
    expect(facts.dockerfile.stages).toHaveLength(1);
  });

  it('prefers <Dockerfile>.dockerignore, as BuildKit does', async () => {
    const dir = tree('per-file', {
      'app.Dockerfile': 'FROM scratch\n',
      'app.Dockerfile.dockerignore': 'x\n',
      '.dockerignore': 'y\n',
    });
    const facts = await collectBuild({ dockerfile: join(dir, 'app.Dockerfile') });
    expect(facts.buildContext.dockerignore?.patterns).toEqual(['x']);
  });

  it('refuses a missing Dockerfile and a context that is not a directory, naming them', async () => {
    const dir = tree('bad-input', { Dockerfile: 'FROM scratch\n' });
    await expect(collectBuild({ dockerfile: join(dir, 'nope') })).rejects.toThrow(BuildInputError);
    await expect(collectBuild({ dockerfile: join(dir, 'nope') })).rejects.toThrow(/nope does not exist/);
    await expect(
      collectBuild({ dockerfile: join(dir, 'Dockerfile'), context: join(dir, 'Dockerfile') }),
    ).rejects.toThrow(/is not a directory/);
    await expect(collectBuild({ dockerfile: dir })).rejects.toThrow(/is not a file/);
  });
});
