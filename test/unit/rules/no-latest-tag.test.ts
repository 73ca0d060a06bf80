import { describe, expect, it } from 'vitest';
import { noLatestTag } from '../../../src/rules/no-latest-tag.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const ID = 'sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d';
const DIGEST = 'sha256:4b1f0c8e2a7d9e3f6c5b8a1d0e9f2c3b4a5d6e7f8091a2b3c4d5e6f708192a3b';
const verdictFor = (ref: string, repoTags: string[] = ['example/api:1.4.2', 'example/api:latest']) =>
  judgeRule(noLatestTag, makeFacts({ ref, config: { repoTags } }), DEFAULT_RULE_OPTIONS);

describe('no-latest-tag', () => {
  it('passes the good image, referenced by a version tag', () => {
    expect(judgeRule(noLatestTag, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it.each([
    'example/api:1.4.2',
    'localhost:5000/app:1.0',
    'registry.example.com:443/team/app:v2',
    'app:latest-rc',
    'app:2024.11',
  ])('passes %s', (ref) => {
    expect(verdictFor(ref).status).toBe('pass');
  });

  it.each([
    'example/api:latest',
    'example/api',
    'localhost:5000/app',
    'localhost:5000/app:latest',
    'registry.example.com:443/team/app',
  ])('fails %s', (ref) => {
    expect(verdictFor(ref).status).toBe('fail');
  });

  it('suggests the non-latest tags the image has', () => {
    expect(verdictFor('example/api').evidence).toEqual(['example/api:1.4.2']);
    expect(verdictFor('example/api:latest', ['example/api:latest']).evidence).toEqual([]);
  });

  describe('referenced by id or digest: judged by its repo tags', () => {
    it.each([ID, ID.slice(0, 19), '9c7a54a9a43c', ID.slice(7), `app@${DIGEST}`, `app:1.0@${DIGEST}`])('%s', (ref) => {
      expect(verdictFor(ref, ['app:latest']).status).toBe('warn');
      expect(verdictFor(ref, ['app:latest', 'registry.example.com:443/app:latest']).status).toBe('warn');
      expect(verdictFor(ref, ['app:latest', 'app:1.0']).status).toBe('pass');
      expect(verdictFor(ref, []).status).toBe('pass');
    });

    it('warns with the latest tags as evidence', () => {
      expect(verdictFor(`app@${DIGEST}`, ['app:latest']).evidence).toEqual(['app:latest']);
    });
  });
});
