import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/shared/errors.js';
import { isPattern, matchTags, readInputsFile } from '../../../src/docker/resolve.js';

const TAGS = [
  'techitfactory/api-gateway:latest',
  'techitfactory/api-gateway:1.4.2',
  'techitfactory/cart:2.0',
  'registry.example.com:5000/techitfactory/cart:2.0',
  'techitfactory-legacy/worker:latest',
  'nginx:1.27',
];

describe('tag patterns', () => {
  it('tells patterns from references', () => {
    expect(isPattern('techitfactory/*')).toBe(true);
    expect(isPattern('app:1.?')).toBe(true);
    expect(isPattern('techitfactory/api:1.4.2')).toBe(false);
  });

  it('matches a repository pattern with any tag, but not a look-alike namespace', () => {
    expect(matchTags('techitfactory/*', TAGS)).toEqual([
      'techitfactory/api-gateway:1.4.2',
      'techitfactory/api-gateway:latest',
      'techitfactory/cart:2.0',
    ]);
  });

  it('matches a full repo:tag pattern across registries and namespaces', () => {
    expect(matchTags('*:latest', TAGS)).toEqual([
      'techitfactory-legacy/worker:latest',
      'techitfactory/api-gateway:latest',
    ]);
    expect(matchTags('*/cart:2.?', TAGS)).toEqual([
      'registry.example.com:5000/techitfactory/cart:2.0',
      'techitfactory/cart:2.0',
    ]);
  });

  it('treats regex characters in a pattern literally', () => {
    expect(matchTags('nginx:1.2*', ['nginx:1.27', 'nginx:1x27'])).toEqual(['nginx:1.27']);
  });
});

describe('readInputsFile', () => {
  it('reads one input per line, skipping blanks and comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgaudit-inputs-'));
    try {
      writeFileSync(
        join(dir, 'images.txt'),
        '# services\ntechitfactory/api:1.4.2\n\n  techitfactory/*   # all of them\n',
      );
      expect(await readInputsFile(join(dir, 'images.txt'))).toEqual(['techitfactory/api:1.4.2', 'techitfactory/*']);
      await expect(readInputsFile(join(dir, 'missing.txt'))).rejects.toThrow(UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
