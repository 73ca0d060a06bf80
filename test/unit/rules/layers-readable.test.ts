import { describe, expect, it } from 'vitest';
import type { LayerFacts } from '../../../src/facts.js';
import { layersReadable } from '../../../src/rules/layers-readable.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts, makeFilesystem } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const layer = (
  index: number,
  compression: LayerFacts['compression'],
  readable = true,
  problem?: string,
  foreign?: boolean,
): LayerFacts => ({
  index,
  source: `blobs/sha256/${String(index).repeat(64)}`,
  compression,
  readable,
  ...(problem ? { problem } : {}),
  ...(foreign ? { foreign } : {}),
  fileBytes: 10,
  entryCount: readable ? 1 : 0,
  createdBy: null,
});
const verdict = (layers: LayerFacts[]) =>
  judgeRule(layersReadable, makeFacts({ filesystem: makeFilesystem({ layers }) }), DEFAULT_RULE_OPTIONS);

describe('layers-readable', () => {
  it('passes when every layer was read, plain, gzip or zstd', () => {
    expect(verdict([layer(0, 'none'), layer(1, 'gzip'), layer(2, 'zstd')]).status).toBe('pass');
  });
  it('warns about a layer of an unknown format instead of crashing, naming it', () => {
    const result = verdict([layer(0, 'none'), layer(1, 'unknown', false)]);
    expect(result.status).toBe('warn');
    expect(result.message).toBe('1 of 2 layers could not be scanned: 1 in an unknown format');
    expect(result.evidence).toEqual([`layer 1: unknown format (blobs/sha256/${'1'.repeat(64)})`]);
  });
  it('warns about a foreign layer, absent from the archive by design, naming it', () => {
    const result = verdict([layer(0, 'unknown', false, undefined, true), layer(1, 'gzip')]);
    expect(result.status).toBe('warn');
    expect(result.message).toBe('1 of 2 layers could not be scanned: 1 foreign, not in the archive by design');
    expect(result.evidence).toEqual([`layer 0: foreign, not in the archive (blobs/sha256/${'0'.repeat(64)})`]);
  });
  it('fails on a corrupt layer, naming its index, source and what was wrong', () => {
    const result = verdict([
      layer(0, 'none'),
      layer(1, 'gzip', false, 'tar header at byte 1024: invalid checksum'),
      layer(2, 'none'),
    ]);
    expect(result.status).toBe('fail');
    expect(result.message).toBe('1 of 3 layers could not be read: corrupt layer data');
    expect(result.evidence).toEqual([
      `layer 1 (blobs/sha256/${'1'.repeat(64)}): tar header at byte 1024: invalid checksum`,
    ]);
  });
  it('fails on a corrupt zstd layer like on any other', () => {
    const result = verdict([layer(0, 'zstd', false, 'zstd: invalid zstd data')]);
    expect(result.status).toBe('fail');
    expect(result.evidence).toEqual([`layer 0 (blobs/sha256/${'0'.repeat(64)}): zstd: invalid zstd data`]);
  });
  it('fails when a corrupt layer sits beside a foreign and an unknown one, listing all three', () => {
    const result = verdict([
      layer(0, 'unknown', false, undefined, true),
      layer(1, 'none', false, 'unexpected end of data in the tar after 2048 bytes'),
      layer(2, 'unknown', false),
    ]);
    expect(result.status).toBe('fail');
    expect(result.message).toBe(
      '1 of 3 layers could not be read: corrupt layer data (and 1 foreign, not in the archive by design, 1 in an unknown format)',
    );
    expect(result.evidence).toEqual([
      `layer 0: foreign, not in the archive (blobs/sha256/${'0'.repeat(64)})`,
      `layer 1 (blobs/sha256/${'1'.repeat(64)}): unexpected end of data in the tar after 2048 bytes`,
      `layer 2: unknown format (blobs/sha256/${'2'.repeat(64)})`,
    ]);
  });
  it('skips without the filesystem scan', () => {
    expect(judgeRule(layersReadable, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
