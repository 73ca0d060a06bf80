import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { BuildContextFacts } from '../../../src/facts.js';
import { dockerignoreOptimised } from '../../../src/rules/dockerignore-optimised.js';
import { factsWithFilesystem } from '../helpers/facts.js';
import { ignoreFile, withDockerfile } from '../helpers/dockerfile.js';

const GOOD_IGNORE = ignoreFile('.git', '.env*', '*.pem', '*.key', '**/id_*', 'node_modules', 'Dockerfile');
const judge = (text: string, context: Partial<BuildContextFacts> = {}) =>
  judgeRule(dockerignoreOptimised, withDockerfile(text, context));

describe('dockerignore-optimised', () => {
  it('passes a Dockerfile that copies named files only', () => {
    expect(judge('FROM node\nCOPY package.json server.js ./\n').status).toBe('pass');
  });
  it('fails COPY . without a .dockerignore, at the COPY line', () => {
    expect(judge('FROM node\nWORKDIR /app\nCOPY . .\n')).toMatchObject({ status: 'fail', line: 3 });
  });
  it('passes a .dockerignore that covers .git, .env*, keys, node_modules and the Dockerfile', () => {
    expect(judge('FROM node\nCOPY . .\nRUN npm ci\n', { dockerignore: GOOD_IGNORE }).status).toBe('pass');
  });
  it('fails when a sensitive entry of the context is not ignored', () => {
    const verdict = judge('FROM node\nCOPY . .\n', {
      dockerignore: GOOD_IGNORE,
      sensitive: [{ path: 'config/.env.local', kind: 'dotenv', ignored: false }],
    });
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toContain('config/.env.local (dotenv) is in the context and not ignored');
  });
  it('warns on gaps and on invalid patterns when nothing sensitive is there', () => {
    expect(judge('FROM node\nCOPY . .\n', { dockerignore: ignoreFile('.git') }).status).toBe('warn');
    const invalid = {
      path: '.dockerignore',
      patterns: GOOD_IGNORE!.patterns,
      invalid: [{ line: 3, pattern: '[a', message: 'bad' }],
    };
    expect(judge('FROM node\nCOPY . .\n', { dockerignore: invalid }).status).toBe('warn');
  });
  it('needs node_modules excluded only when a JavaScript install follows', () => {
    const ignore = ignoreFile('.git', '.env*', '*.pem', '*.key', '**/id_*', 'Dockerfile');
    expect(judge('FROM golang\nCOPY . .\nRUN go build .\n', { dockerignore: ignore }).status).toBe('pass');
    expect(judge('FROM node\nCOPY . .\nRUN npm ci\n', { dockerignore: ignore }).status).toBe('warn');
  });
  it('fails on what the filesystem scan found in the image: evidence the context shipped it', () => {
    const facts = withDockerfile(
      'FROM node\nCOPY . .\n',
      { dockerignore: GOOD_IGNORE },
      factsWithFilesystem({
        sensitiveFiles: [{ kind: 'git-directory', path: '/app/.git', layerIndex: 2, deleted: false }],
      }),
    );
    const verdict = judgeRule(dockerignoreOptimised, facts);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toContain('/app/.git (git-directory) landed in the image');
  });
  it('fails when a file the .dockerignore excludes is in the image under the copy destination: another context built it', () => {
    const facts = withDockerfile(
      'FROM node\nWORKDIR /srv\nCOPY . app/\nCOPY --from=build /out /srv/out\n',
      { dockerignore: GOOD_IGNORE },
      factsWithFilesystem({
        sensitiveFiles: [
          { kind: 'dotenv', path: '/srv/app/.env.production', layerIndex: 2, deleted: false },
          { kind: 'dotenv', path: '/srv/app/config/.env', layerIndex: 2, deleted: false },
          { kind: 'dotenv', path: '/srv/app/gone/.env', layerIndex: 2, deleted: true },
          { kind: 'dotenv', path: '/etc/app/.env', layerIndex: 1, deleted: false },
        ],
        devLeftovers: [
          { kind: 'dockerfile', path: '/srv/app/Dockerfile', bytes: 120, files: 1 },
          { kind: 'ds-store', path: '/srv/app/.DS_Store', bytes: 6148, files: 1 },
        ],
      }),
    );
    const verdict = judgeRule(dockerignoreOptimised, facts);
    expect(verdict).toMatchObject({ status: 'fail', line: 3 });
    expect(verdict.message).toBe(
      '2 files in the image that .dockerignore excludes: the image was not built from this context and its .dockerignore',
    );
    expect(verdict.evidence.slice(0, 2)).toEqual([
      '/srv/app/.env.production is in the image, but .dockerignore excludes .env.production (line 3 copies the context to /srv/app)',
      '/srv/app/Dockerfile is in the image, but .dockerignore excludes Dockerfile (line 3 copies the context to /srv/app)',
    ]);
  });
});
