import { describe, expect, it } from 'vitest';
import { InvalidReference } from '../../../src/shared/errors.js';
import { effectiveTag, parseReference } from '../../../src/docker/reference.js';

describe('parseReference', () => {
  it.each([
    ['nginx', null, 'nginx', null, null],
    ['techitfactory/api-gateway:latest', null, 'techitfactory/api-gateway', 'latest', null],
    ['localhost:5000/app', 'localhost:5000', 'app', null, null],
    ['registry.example.com:443/team/app:1.4.2', 'registry.example.com:443', 'team/app', '1.4.2', null],
    [`app@sha256:${'a'.repeat(64)}`, null, 'app', null, `sha256:${'a'.repeat(64)}`],
    [`app:1.0@sha256:${'b'.repeat(64)}`, null, 'app', '1.0', `sha256:${'b'.repeat(64)}`],
    ['my_org/my__app-x.y:v1_2-rc.3', null, 'my_org/my__app-x.y', 'v1_2-rc.3', null],
  ])('parses %s', (raw, domain, path, tag, digest) => {
    expect(parseReference(raw)).toMatchObject({ isId: false, domain, path, tag, digest });
  });

  it('recognises image ids and id prefixes', () => {
    expect(parseReference(`sha256:${'c'.repeat(64)}`).isId).toBe(true);
    expect(parseReference('0123456789ab').isId).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['App:1', 'lowercase'],
    ['app:', 'tag'],
    ['app:bad!tag', 'tag'],
    ['app@sha256:xyz', 'digest'],
    ['app//x', 'repository name'],
    ['-app', 'repository name'],
    ['app name', 'white space'],
    ['images/*', 'repository name'],
    [`${'a'.repeat(256)}`, 'longer'],
  ])('rejects %j with a reason', (raw, reason) => {
    expect(() => parseReference(raw)).toThrow(InvalidReference);
    expect(() => parseReference(raw)).toThrow(reason);
  });
});

describe('effectiveTag', () => {
  it('defaults to latest only without tag and digest', () => {
    expect(effectiveTag(parseReference('app'))).toBe('latest');
    expect(effectiveTag(parseReference('localhost:5000/app'))).toBe('latest');
    expect(effectiveTag(parseReference('app:2'))).toBe('2');
    expect(effectiveTag(parseReference(`app@sha256:${'a'.repeat(64)}`))).toBeNull();
    expect(effectiveTag(parseReference(`app:1.0@sha256:${'a'.repeat(64)}`))).toBeNull();
    expect(effectiveTag(parseReference('0123456789ab'))).toBeNull();
    expect(effectiveTag(parseReference('sha256:0123456789ab'))).toBeNull();
  });
});
