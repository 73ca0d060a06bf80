import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { BuildContextFacts } from '../../../src/facts.js';
import { dependenciesLocked } from '../../../src/rules/dependencies-locked.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const files = (...paths: string[]): Partial<BuildContextFacts> => ({
  dependencyFiles: paths.map((path) => ({ path, ignored: false })),
});
const judge = (text: string, context: Partial<BuildContextFacts> = {}) =>
  judgeRule(dependenciesLocked, withDockerfile(text, context));

describe('dependencies-locked', () => {
  it('passes npm ci with the lock copied first (a glob counts)', () => {
    const text = 'FROM node:20\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n';
    expect(judge(text, files('package.json', 'package-lock.json')).status).toBe('pass');
  });
  it('fails npm install, a lock missing from the context, or copied after the install', () => {
    expect(judge('FROM node\nCOPY . .\nRUN npm install\n', files('package.json', 'package-lock.json'))).toMatchObject({
      status: 'fail',
      line: 3,
    });
    expect(judge('FROM node\nCOPY package.json ./\nRUN npm ci\n', files('package.json')).status).toBe('fail');
    expect(
      judge('FROM node\nCOPY package.json ./\nRUN npm ci\nCOPY package-lock.json ./\n', files('package-lock.json'))
        .status,
    ).toBe('fail');
  });
  it('fails a lock that .dockerignore excludes', () => {
    const context = { dependencyFiles: [{ path: 'yarn.lock', ignored: true }] };
    expect(judge('FROM node\nCOPY . .\nRUN yarn install --frozen-lockfile\n', context).evidence).toEqual([
      'line 3: yarn: yarn.lock is excluded by .dockerignore',
    ]);
  });
  it('counts a bind mount of the lock as copied', () => {
    const text =
      'FROM node\nRUN --mount=type=bind,source=package-lock.json,target=package-lock.json --mount=type=bind,source=package.json,target=package.json npm ci\n';
    expect(judge(text, files('package.json', 'package-lock.json')).status).toBe('pass');
  });
  it('judges go, cargo, poetry and bundler by their lock files and locked modes', () => {
    expect(judge('FROM golang\nCOPY go.mod go.sum ./\nRUN go mod download\n', files('go.mod', 'go.sum')).status).toBe(
      'pass',
    );
    expect(judge('FROM golang\nCOPY go.mod ./\nRUN go mod download\n', files('go.mod')).status).toBe('fail');
    expect(judge('FROM rust\nCOPY . .\nRUN cargo build --release\n', files('Cargo.lock')).status).toBe('fail');
    expect(judge('FROM rust\nCOPY . .\nRUN cargo build --locked\n', files('Cargo.lock')).status).toBe('pass');
    expect(
      judge('FROM python\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\n', files('poetry.lock'))
        .status,
    ).toBe('pass');
    expect(judge('FROM ruby\nCOPY Gemfile* ./\nRUN bundle install\n', files('Gemfile', 'Gemfile.lock')).status).toBe(
      'fail',
    );
  });
  it('judges pip by the requirement files it read: == pins or --require-hashes', () => {
    const text = 'FROM python\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
    const pinned = { requirements: [{ path: 'requirements.txt', unpinned: [] }], ...files('requirements.txt') };
    const loose = { requirements: [{ path: 'requirements.txt', unpinned: ['flask'] }], ...files('requirements.txt') };
    expect(judge(text, pinned).status).toBe('pass');
    expect(judge(text, loose).status).toBe('fail');
    expect(judge(text.replace('-r', '--require-hashes -r'), loose).status).toBe('pass');
    expect(judge('FROM python\nRUN pip install flask==3.0.3\n').status).toBe('pass');
    expect(judge('FROM python\nRUN pip install flask\n').status).toBe('fail');
  });
  it('passes a Dockerfile that installs nothing, warns when the context has manifests it does not install', () => {
    expect(judge('FROM scratch\nCOPY app /app\n').status).toBe('pass');
    expect(judge('FROM scratch\nCOPY app /app\n', files('package.json')).status).toBe('warn');
  });
});
