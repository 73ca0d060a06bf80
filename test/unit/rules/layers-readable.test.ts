import { describe, expect, it } from 'vitest';
import type { LayerFacts } from '../../../src/facts.js';
import { layersReadable } from '../../../src/rules/layers-readable.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/types.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';

const layer = (index: number, compression: LayerFacts['compression'], readable = true): LayerFacts => ({
  index, source: `blobs/sha256/${String(index).repeat(64)}`, compression, readable, fileBytes: 10, entryCount: readable ? 1 : 0, createdBy: null,
});
const verdict = (layers: LayerFacts[]) => layersReadable.check(makeFacts({ filesystem: makeFilesystem({ layers }) }), DEFAULT_RULE_OPTIONS);

describe('layers-readable', () => {
  it('passes when every layer was read, plain or gzip', () => {
    expect(verdict([layer(0, 'none'), layer(1, 'gzip')]).status).toBe('pass');
  });
  it('warns about a zstd layer instead of crashing, naming it', () => {
    const result = verdict([layer(0, 'none'), layer(1, 'zstd', false)]);
    expect(result.status).toBe('warn');
    expect(result.evidence).toEqual([`layer 1: zstd (blobs/sha256/${'1'.repeat(64)})`]);
  });
  it('skips without the filesystem scan', () => {
    expect(layersReadable.check(makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
