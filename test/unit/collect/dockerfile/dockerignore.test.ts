import { describe, expect, it } from 'vitest';
import { isIgnored, parseDockerignore } from '../../../../src/collect/dockerfile/dockerignore.js';

const ignored = (text: string, path: string) => isIgnored(parseDockerignore(text).compiled, path);

describe('parseDockerignore', () => {
  it('drops comments and blank lines, trims, cleans paths and a leading /', () => {
    expect(parseDockerignore('# c\n\n  /build/  \n./dist\n!  keep.txt\n').patterns).toEqual([
      'build',
      'dist',
      '!keep.txt',
    ]);
  });
  it('reports patterns Go refuses (unclosed or empty class, trailing escape), with their line, and a lone !', () => {
    expect(parseDockerignore('ok\n[a\nfoo\\\n!\n[]x]\n').invalid.map(({ line, pattern }) => [line, pattern])).toEqual([
      [2, '[a'],
      [3, 'foo\\'],
      [4, '!'],
      [5, '[]x]'],
    ]);
  });
});

describe('isIgnored (Docker semantics)', () => {
  it('matches a directory and everything under it', () => {
    expect(ignored('.git', '.git')).toBe(true);
    expect(ignored('.git', '.git/HEAD')).toBe(true);
    expect(ignored('.git', 'sub/.git')).toBe(false);
  });
  it('* and ? stay within one segment, ** crosses any number (also none)', () => {
    expect(ignored('*.md', 'README.md')).toBe(true);
    expect(ignored('*.md', 'docs/a.md')).toBe(false);
    expect(ignored('**/*.md', 'docs/a.md')).toBe(true);
    expect(ignored('**/*.md', 'a.md')).toBe(true);
    expect(ignored('**/.env*', 'svc/config/.env.local')).toBe(true);
    expect(ignored('a?c', 'abc')).toBe(true);
    expect(ignored('a?c', 'a/c')).toBe(false);
    expect(ignored('docs/**', 'docs/x/y')).toBe(true);
  });
  it('lets the last matching pattern win: ! re-includes, a later pattern excludes again', () => {
    expect(ignored('*.md\n!README.md', 'README.md')).toBe(false);
    expect(ignored('*.md\n!README.md', 'CHANGES.md')).toBe(true);
    expect(ignored('*.md\n!README.md\nREADME*', 'README.md')).toBe(true);
  });
  it('reads character classes and escapes', () => {
    expect(ignored('file[0-9].txt', 'file7.txt')).toBe(true);
    expect(ignored('file[^0-9].txt', 'file7.txt')).toBe(false);
    expect(ignored('\\*.txt', '*.txt')).toBe(true);
    expect(ignored('\\*.txt', 'a.txt')).toBe(false);
  });
  it('treats regular-expression characters literally', () => {
    expect(ignored('a+b(c)', 'a+b(c)')).toBe(true);
    expect(ignored('a.b', 'axb')).toBe(false);
  });
});
