import { describe, expect, it } from 'vitest';
import { detectPackageCaches } from '../../../../src/collect/filesystem/package-caches.js';
import { dir, file, image, whiteout } from './layers.js';

describe('detectPackageCaches', () => {
  it('sums visible bytes and files per cache root, largest first, with concrete home directories', () => {
    const view = image(
      [
        dir('var/lib/apt/lists'),
        file('var/lib/apt/lists/deb.debian.org_dists_bookworm_main_binary-amd64_Packages', { size: 9_000 }),
        file('var/lib/apt/lists/lock', { size: 0 }),
        file('var/cache/apt/archives/curl.deb', { size: 4_000 }),
        file('root/.cache/pip/http/a/b/c', { size: 1_500 }),
        file('home/app/.cache/pip/http/d', { size: 500 }),
        file('home/app/.npm/_cacache/index-v5/x', { size: 700 }),
        file('var/cache/apk/APKINDEX.tar.gz', { size: 300 }),
        file('var/cache/yum/empty', { size: 0 }),
        file('var/lib/apt/extended_states', { size: 50 }),
        file('home/.cache/pip/x', { size: 10 }),
      ],
      [whiteout('var/cache/apk')],
    );
    expect(detectPackageCaches(view)).toEqual({
      packageCaches: [
        { path: '/var/lib/apt/lists', bytes: 9_000, files: 2, layerIndexes: [0] },
        { path: '/var/cache/apt', bytes: 4_000, files: 1, layerIndexes: [0] },
        { path: '/root/.cache/pip', bytes: 1_500, files: 1, layerIndexes: [0] },
        { path: '/home/app/.npm/_cacache', bytes: 700, files: 1, layerIndexes: [0] },
        { path: '/home/app/.cache/pip', bytes: 500, files: 1, layerIndexes: [0] },
      ],
      packageCacheBytes: 15_700,
    });
  });

  it('names the layers the visible cache files come from: the steps that left them', () => {
    const view = image(
      [file('var/lib/apt/lists/a_Packages', { size: 100 }), file('var/lib/apt/lists/lock', { size: 0 })],
      [file('usr/bin/curl')],
      [file('var/lib/apt/lists/b_Packages', { size: 200 }), file('var/lib/apt/lists/lock', { size: 0 })],
    );
    expect(detectPackageCaches(view).packageCaches).toEqual([
      { path: '/var/lib/apt/lists', bytes: 300, files: 3, layerIndexes: [0, 2] },
    ]);
  });

  it('is empty when the caches were cleaned in the same layer', () => {
    expect(detectPackageCaches(image([dir('var/lib/apt/lists'), file('usr/bin/curl')]))).toEqual({
      packageCaches: [],
      packageCacheBytes: 0,
    });
  });
});
