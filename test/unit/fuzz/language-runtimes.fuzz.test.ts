import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguageRuntimes, parseNodeVersionHeader } from '../../../src/collect/filesystem/language-runtimes.js';
import { file, image } from '../collect/filesystem/layers.js';
import { SEED } from './fuzz.js';

const HEADER = 'usr/local/include/node/node_version.h';
const part = fc.integer({ min: 0, max: 999_999 });
const noise = fc.array(
  fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('#define NODE_VERSION_IS_LTS 1', '#define NODE_MODULE_VERSION 115', '/* NODE_MAJOR_VERSION */'),
  ),
  { maxLength: 8 },
);

describe('node_version.h, hostile or cut short (fast-check)', () => {
  it('parses to digits and dots or nothing, never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const version = parseNodeVersionHeader(Buffer.from(bytes).toString('latin1'));
        if (version !== undefined) expect(version).toMatch(/^\d{1,6}(?:\.\d{1,6}){0,2}$/);
        const found = detectLanguageRuntimes(image([file(HEADER, { content: Buffer.from(bytes) })]));
        expect(found.map((runtime) => runtime.version)).toEqual(version === undefined ? [] : [version]);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('reads the version back from definitions among any other lines', () => {
    fc.assert(
      fc.property(part, part, part, noise, noise, (major, minor, patch, before, after) => {
        // A noise line ending in a backslash or holding a definition itself could change the meaning: keep them out.
        const clean = (lines: string[]) => lines.filter((line) => !/NODE_(?:MAJOR|MINOR|PATCH)_VERSION/.test(line));
        const text = [
          ...clean(before),
          `#define NODE_MAJOR_VERSION ${major}`,
          `#define NODE_MINOR_VERSION ${minor}`,
          `#define NODE_PATCH_VERSION ${patch}`,
          ...clean(after),
        ].join('\n');
        expect(parseNodeVersionHeader(text)).toBe(`${major}.${minor}.${patch}`);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('answers at once on a megabyte of near-miss lines', () => {
    const text = `${' '.repeat(500_000)}#define NODE_MAJOR_VERSION${' \t'.repeat(250_000)}x\n`;
    expect(parseNodeVersionHeader(text)).toBeUndefined();
  });
});
