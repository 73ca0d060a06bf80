import { describe, expect, it } from 'vitest';
import { parseChallenges, tokenFrom } from '../../../../src/collect/registry/auth.js';

describe('parseChallenges (WWW-Authenticate)', () => {
  it("reads a registry's Bearer challenge", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ]);
  });

  it('reads Basic, tokens without quotes, escapes, spaces, and several challenges', () => {
    expect(parseChallenges('Basic realm="a \\"b\\", c"')).toEqual([{ scheme: 'basic', params: { realm: 'a "b", c' } }]);
    expect(parseChallenges('bearer Realm=https://x/t , service = s, Basic realm="r"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://x/t', service: 's' } },
      { scheme: 'basic', params: { realm: 'r' } },
    ]);
  });

  it('gives what parsed before junk, and nothing for an empty or broken header', () => {
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges('=oops')).toEqual([]);
    expect(parseChallenges('Bearer realm="unterminated')).toEqual([{ scheme: 'bearer', params: {} }]);
  });
});

describe('tokenFrom', () => {
  it('takes token, else access_token', () => {
    expect(tokenFrom({ token: 't1', access_token: 't2' })).toBe('t1');
    expect(tokenFrom({ access_token: 't2' })).toBe('t2');
    expect(tokenFrom({ token: '' })).toBeNull();
    expect(tokenFrom(null)).toBeNull();
    expect(tokenFrom('t')).toBeNull();
  });
});
