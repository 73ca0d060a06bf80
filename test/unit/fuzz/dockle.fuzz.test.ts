import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectShadow, withoutPasswordHashes } from '../../../src/collect/filesystem/shadow.js';
import { cachesLeftBy } from '../../../src/rules/package-install-cleanup.js';
import { file, image } from '../collect/filesystem/layers.js';
import { SEED } from './fuzz.js';

const field = fc.stringMatching(/^[^:\n]{0,12}$/);
/** Shadow-like lines: names, password fields with hashes, the other seven fields, and noise between them. */
const shadowText = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          field,
          fc.oneof(
            fc.constant(''),
            fc.constant('!'),
            fc.constant('*'),
            fc.stringMatching(/^\$6\$[a-z]{4}\$[A-Za-z0-9./]{8}$/),
          ),
          field,
        )
        .map(([name, password, rest]) => `${name}:${password}:${rest}:::::`),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join('\n'));

describe('the shadow file, hostile or cut short (fast-check)', () => {
  it('never throws, keeps no hash, and judges the kept form as it judges the file', () => {
    fc.assert(
      fc.property(shadowText, (text) => {
        const kept = withoutPasswordHashes(new Map([['etc/shadow', Buffer.from(text)]])).get('etc/shadow')!;
        expect(kept.toString('utf8')).not.toMatch(/\$6\$/);
        const original = detectShadow(image([file('etc/shadow', { content: text })]));
        const fromKept = detectShadow(image([file('etc/shadow', { content: kept })]));
        expect(fromKept).toEqual(original);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('history steps, hostile (fast-check)', () => {
  it('are read without throwing, whatever the quoting', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(Array.isArray(cachesLeftBy(`RUN /bin/sh -c apk add ${text} # buildkit`))).toBe(true);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
