import { describe, expect, it } from 'vitest';
import { pairImages, repositoryOf } from '../../../src/compare/pairing.js';

const image = (ref: string, id = `id-of-${ref}`) => ({ ref, id });

describe('pairImages', () => {
  const old = [
    image('myorg/api:main', 'sha256:a'),
    image('myorg/worker:main', 'sha256:b'),
    image('registry:5000/team/web:1', 'sha256:c'),
  ];

  it('pairs by reference, then image id, then repository, each old image once', () => {
    const fresh = [
      image('myorg/worker:main'),
      image('renamed:1', 'sha256:a'),
      image('registry:5000/team/web:2'),
      image('myorg/worker:pr-1'),
    ];
    const { pairs, added, removed } = pairImages(old, fresh);
    expect(pairs.map(([o, n]) => [o.ref, n.ref])).toEqual([
      ['myorg/worker:main', 'myorg/worker:main'],
      ['myorg/api:main', 'renamed:1'],
      ['registry:5000/team/web:1', 'registry:5000/team/web:2'],
    ]);
    expect(added.map((n) => n.ref)).toEqual(['myorg/worker:pr-1']);
    expect(removed).toEqual([]);
  });

  it('pairs one image with one whatever their names; otherwise a stranger is added', () => {
    expect(pairImages([old[0]!], [image('other:1')]).pairs).toHaveLength(1);
    const { pairs, added, removed } = pairImages([old[0]!], [image('other:1'), image('third:1')]);
    expect(pairs).toHaveLength(0);
    expect(added).toHaveLength(2);
    expect(removed.map((o) => o.ref)).toEqual(['myorg/api:main']);
  });
});

describe('repositoryOf', () => {
  it.each([
    ['myorg/api:1.2', 'docker.io/myorg/api'],
    ['nginx', 'docker.io/library/nginx'],
    ['docker.io/library/nginx@sha256:' + 'a'.repeat(64), 'docker.io/library/nginx'],
    ['localhost:5000/api:1', 'localhost:5000/api'],
    ['sha256:' + 'a'.repeat(64), 'sha256:' + 'a'.repeat(64)],
    ['Not A Ref', 'Not A Ref'],
  ])('%s → %s', (ref, repository) => {
    expect(repositoryOf(ref)).toBe(repository);
  });
});
