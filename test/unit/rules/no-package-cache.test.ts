import { describe, expect, it } from 'vitest';
import type { PackageCacheFacts } from '../../../src/facts.js';
import { noPackageCache } from '../../../src/rules/no-package-cache.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (packageCaches: PackageCacheFacts[], options = DEFAULT_RULE_OPTIONS) =>
  judgeRule(
    noPackageCache,
    factsWithFilesystem({ packageCaches, packageCacheBytes: packageCaches.reduce((sum, { bytes }) => sum + bytes, 0) }),
    options,
  );

const APT_LISTS: PackageCacheFacts = { path: '/var/lib/apt/lists', bytes: 18_200_000, files: 120, layerIndexes: [2] };
const PIP: PackageCacheFacts = { path: '/root/.cache/pip', bytes: 1, files: 1, layerIndexes: [3] };

describe('no-package-cache', () => {
  it('passes without caches', () => {
    const verdict = verdictFor([]);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual([]);
  });

  it('fails on a large cache, with size and file count per directory', () => {
    const verdict = verdictFor([APT_LISTS, PIP]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['/var/lib/apt/lists: 18.2 MB (120 files)', '/root/.cache/pip: 1 B (1 file)']);
  });

  it('fails at exactly the limit and passes one byte below', () => {
    const limit = DEFAULT_RULE_OPTIONS.packageCacheLimitBytes;
    expect(verdictFor([{ path: '/var/cache/apk', bytes: limit, files: 3, layerIndexes: [1] }]).status).toBe('fail');
    const below = verdictFor([{ path: '/var/cache/apk', bytes: limit - 1, files: 3, layerIndexes: [1] }]);
    expect(below.status).toBe('pass');
    expect(below.evidence).toEqual(['/var/cache/apk: 1.0 MB (3 files)']);
  });

  it('reads the limit from the options; a zero limit fails any cache but not none', () => {
    const options = { ...DEFAULT_RULE_OPTIONS, packageCacheLimitBytes: 0 };
    expect(verdictFor([PIP], options).status).toBe('fail');
    expect(verdictFor([], options).status).toBe('pass');
    expect(verdictFor([APT_LISTS], { ...DEFAULT_RULE_OPTIONS, packageCacheLimitBytes: 50_000_000 }).status).toBe(
      'pass',
    );
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noPackageCache, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
