import { describe, expect, it } from 'vitest';
import { changesBody, logFilePaths, looksLikeLog } from '../../../../src/collect/runtime/log-files.js';

describe('logFilePaths', () => {
  it('keeps written files that look like logs, not their directories, sorted', () => {
    const changes = [
      { Path: '/app', Kind: 0 },
      { Path: '/app/app.log', Kind: 1 },
      { Path: '/var', Kind: 0 },
      { Path: '/var/log', Kind: 0 },
      { Path: '/var/log/nginx', Kind: 1 },
      { Path: '/var/log/nginx/access', Kind: 1 },
      { Path: '/srv/logs', Kind: 1 },
      { Path: '/srv/logs/2026-11-22.txt', Kind: 1 },
      { Path: '/data/log/events', Kind: 1 },
      { Path: '/app/worker.log.1', Kind: 0 },
      { Path: '/tmp/cache.bin', Kind: 1 },
      { Path: '/app/old.log', Kind: 2 },
    ];
    expect(logFilePaths(changes)).toEqual([
      '/app/app.log',
      '/app/worker.log.1',
      '/data/log/events',
      '/srv/logs/2026-11-22.txt',
      '/var/log/nginx/access',
    ]);
  });

  it('has nothing for no changes', () => {
    expect(logFilePaths(null)).toEqual([]);
    expect(logFilePaths([])).toEqual([]);
  });
});

describe('looksLikeLog', () => {
  it.each([
    ['/app/app.log', true],
    ['/app/app.log.3', true],
    ['/var/log/messages', true],
    ['/home/app/logs/out', true],
    ['/app/catalog.json', false],
    ['/app/app.logger', false],
    ['/app/blog/post.html', false],
    ['/var/logical', false],
    ['/', false],
  ])('%s → %s', (path, expected) => {
    expect(looksLikeLog(path)).toBe(expected);
  });
});

describe('changesBody', () => {
  it('reads the array, and the `null` body dockerode leaves as a Buffer', () => {
    expect(changesBody([{ Path: '/a.log', Kind: 1 }])).toEqual([{ Path: '/a.log', Kind: 1 }]);
    expect(changesBody(Buffer.from('null\n'))).toEqual([]);
    expect(changesBody(Buffer.from('[{"Path":"/b.log","Kind":0}]'))).toEqual([{ Path: '/b.log', Kind: 0 }]);
    expect(changesBody(Buffer.from('not json'))).toEqual([]);
    expect(changesBody([{ nope: true }])).toEqual([]);
  });
});
