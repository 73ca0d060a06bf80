import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidReference } from '../../../src/shared/errors.js';
import { parseReference, type ImageReference } from '../../../src/docker/reference.js';
import { SEED } from './fuzz.js';

/** The reference written back from its parts. */
function format(ref: ImageReference): string {
  if (ref.isId) return ref.path;
  return `${ref.domain ? `${ref.domain}/` : ''}${ref.path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Returns the parsed reference, or null when it threw InvalidReference; any other error fails the property. */
function parsedOrNull(raw: string): ImageReference | null {
  try {
    return parseReference(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidReference);
    expect((error as Error).message).not.toContain('\n');
    return null;
  }
}

const referenceAlphabet = fc.constantFrom(...'abcz09AZ._-/:@+ \t\n\u00e9\u202e*[]'.split(''));
const referenceLike = fc.oneof(
  fc.string({ unit: referenceAlphabet, maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Long runs probe the patterns for catastrophic backtracking.
  fc
    .tuple(
      fc.constantFrom('a', 'a-', 'a.', 'a__', 'A', '1', 'a/'),
      fc.integer({ min: 100, max: 5000 }),
      fc.constantFrom('', '!', ':', '/', '@', '-'),
    )
    .map(([unit, count, end]) => `${unit.repeat(count)}${end}`),
);

const pathComponent = fc.stringMatching(/^[a-z0-9]{1,8}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,8}){0,3}$/);
const domainComponent = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?$/);
const domain = fc.oneof(
  fc
    .tuple(fc.array(domainComponent, { minLength: 2, maxLength: 4 }), fc.option(fc.integer({ min: 1, max: 65535 })))
    .map(([parts, port]) => `${parts.join('.')}${port ? `:${port}` : ''}`),
  fc.tuple(domainComponent, fc.integer({ min: 1, max: 65535 })).map(([host, port]) => `${host}:${port}`),
  fc.constant('localhost'),
);
const tag = fc.stringMatching(/^\w[\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);
const parts = fc.record({
  domain: fc.option(domain),
  path: fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((components) => components.join('/')),
  tag: fc.option(tag),
  digest: fc.option(digest),
});

describe('parseReference under arbitrary strings (fast-check)', () => {
  it('returns or throws InvalidReference, and what it accepts is written back exactly from its parts', () => {
    fc.assert(
      fc.property(referenceLike, (raw) => {
        const ref = parsedOrNull(raw);
        if (ref) expect(format(ref)).toBe(raw);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('parses a reference built from the grammar back into the parts it was built from', () => {
    fc.assert(
      fc.property(parts, ({ domain, path, tag, digest }) => {
        const first = path.split('/')[0]!;
        // Without a registry, a first component holding a dot (or `localhost`) names one, as it does for docker.
        fc.pre(domain !== null || !path.includes('/') || (!first.includes('.') && first !== 'localhost'));
        const raw = `${domain ? `${domain}/` : ''}${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
        fc.pre(!/^(?:sha256:)?[a-f0-9]{12,64}$/.test(raw));
        expect(parseReference(raw)).toEqual({ raw, isId: false, domain, path, tag, digest });
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
