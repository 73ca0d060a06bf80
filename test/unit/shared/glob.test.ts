import { describe, expect, it } from 'vitest';
import { escapeRegExp, globSource, pathMatches } from '../../../src/shared/glob.js';

describe('pathMatches', () => {
  it.each([
    ['/usr/bin/passwd', '/usr/bin/passwd', true],
    ['/usr/bin/*', '/usr/bin/passwd', true],
    ['/usr/bin/*', '/usr/bin/sub/passwd', false],
    ['/usr/**', '/usr/bin/sub/passwd', true],
    ['/app/**', '/app', true],
    ['/app/**/key.pem', '/app/key.pem', true],
    ['/app/**/key.pem', '/app/a/b/key.pem', true],
    ['/app/*.pem', '/app/x.pem', true],
    ['/app/?.pem', '/app/xy.pem', false],
    ['/app/(x).pem', '/app/(x).pem', true],
    ['/app/.env', '/app/.envrc', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(pathMatches(pattern, path)).toBe(expected);
  });
});

describe('globSource: tag patterns, where * crosses slashes', () => {
  const tag = (pattern: string) => new RegExp(`^${globSource(pattern, { starCrossesSlash: true })}$`);

  it.each([
    ['techitfactory/*', 'techitfactory/api', true],
    ['techitfactory/*', 'techitfactory/team/api', true],
    ['*:latest', 'registry:5000/team/api:latest', true],
    ['api?', 'api1', true],
    ['api.x', 'apiXx', false],
  ])('%s matches %s: %s', (pattern, text, expected) => expect(tag(pattern).test(text)).toBe(expected));
});

describe('escapeRegExp', () => {
  it('makes every special character literal', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
  });
});
