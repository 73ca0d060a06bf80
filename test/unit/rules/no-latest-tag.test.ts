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

  describe('an image read from a file (--input): judged by its name in the archive', () => {
    const fromFile = (name: string | null, repoTags: string[]) =>
      judgeRule(
        noLatestTag,
        makeFacts({
          ref: name ? `/tmp/app.tar (${name})` : '/tmp/app.tar',
          input: { path: '/tmp/app.tar', format: 'docker-archive', name },
          config: { repoTags },
        }),
        DEFAULT_RULE_OPTIONS,
      );
    it('passes a version tag and fails latest, named in RepoTags', () => {
      expect(fromFile('example/api:1.4.2', ['example/api:1.4.2']).status).toBe('pass');
      expect(fromFile('example/api:latest', ['example/api:latest']).status).toBe('fail');
    });
    it('reads a bare OCI ref.name as the tag', () => {
      expect(fromFile('1.4.2', ['1.4.2']).status).toBe('pass');
      expect(fromFile('latest', ['latest']).status).toBe('fail');
    });
    it('judges an unnamed image by its tags, as one referenced by id', () => {
      expect(fromFile(null, []).status).toBe('pass');
    });
  });
});
