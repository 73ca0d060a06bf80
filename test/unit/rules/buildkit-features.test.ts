import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { buildkitFeatures } from '../../../src/rules/buildkit-features.js';
import { historyEntry, makeFacts } from '../helpers/facts.js';
import { withDockerfile } from '../helpers/dockerfile.js';

const judge = (text: string) => judgeRule(buildkitFeatures, withDockerfile(text));

describe('buildkit-features', () => {
  it('passes cache and secret mounts under a # syntax= line', () => {
    const text =
      '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc npm ci\n';
    expect(judge(text)).toMatchObject({
      status: 'pass',
      message: 'uses # syntax=docker/dockerfile:1, cache mounts, secret mounts',
    });
  });
  it('warns on a package install without a cache mount', () => {
    expect(judge('# syntax=docker/dockerfile:1\nFROM debian\nRUN apt-get install -y curl\n')).toMatchObject({
      status: 'warn',
      line: 3,
    });
  });
  it('fails a Dockerfile without any BuildKit feature', () => {
    expect(judge('FROM node\nCOPY . .\nRUN npm ci\n').status).toBe('fail');
  });
  it('fails a secret in ARG or ENV, never showing its value', () => {
    const verdict = judge(
      '# syntax=docker/dockerfile:1\nFROM node\nENV GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n',
    );
    expect(verdict).toMatchObject({ status: 'fail', line: 3 });
    expect(JSON.stringify(verdict)).not.toContain('ghp_0123456789');
  });
  it('without the Dockerfile: BuildKit history is partial evidence, the legacy builder a failure', () => {
    const buildkit = makeFacts({ config: { history: [historyEntry('RUN /bin/sh -c make # buildkit')] } });
    const legacy = makeFacts({ config: { history: [historyEntry('/bin/sh -c #(nop)  CMD ["app"]')] } });
    const unknown = makeFacts({ config: { history: [historyEntry('CMD ["app"]')] } });
    expect(judgeRule(buildkitFeatures, buildkit).status).toBe('warn');
    expect(judgeRule(buildkitFeatures, buildkit).message).toContain('--dockerfile');
    expect(judgeRule(buildkitFeatures, legacy).status).toBe('fail');
    expect(judgeRule(buildkitFeatures, unknown)).toMatchObject({ status: 'skip' });
  });
});
