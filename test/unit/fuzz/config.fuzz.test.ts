import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/shared/errors.js';
import { SEED } from './fuzz.js';

/** Returns a configuration or throws ConfigError naming the file in one line; any other error fails the property. */
async function expectConfigOrConfigError(text: string): Promise<void> {
  try {
    const config = await parseConfig(text, 'fuzz.yml');
    expect(config.source).toBe('fuzz.yml');
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith('fuzz.yml')).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  }
}

const KEYS = [
  'version',
  'gate',
  'failOn',
  'failUnder',
  'thresholds',
  'sizeWarn',
  'sizeFail',
  'layerLimit',
  'packageCache',
  'requiredLabels',
  'rules',
  'oci-labels',
  'no-latest-tag',
  'allow',
  'setuid',
  'secrets',
  'path',
  'fingerprint',
  'reason',
  'runtime',
  'env',
  'window',
  'healthTimeout',
  'stopTimeout',
  'images',
  'match',
  '__proto__',
  'constructor',
  '<<',
];
const SCALARS = [
  '1',
  '0',
  '-1',
  '1.5',
  '100MB',
  '1e309',
  '.inf',
  '.nan',
  '~',
  'null',
  'true',
  'off',
  'high',
  'none',
  "''",
  '""',
  '/usr/bin/su',
  '0123456789abcdef',
  'A=1',
  '!!str 5',
  '!!binary aGk=',
  '!!set',
  '!foo bar',
  '0x1F',
  '0o17',
  '2026-01-01',
  '"\\u0000"',
  '|\n  text',
  '>-\n  folded',
];

/** Text made of the pieces YAML is made of: keys the schema knows, indentation, indicators, anchors, aliases, tags. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...KEYS).map((key) => `${key}:`),
      fc.constantFrom(...SCALARS),
      fc.constantFrom(
        '\n',
        '\n  ',
        '\n    ',
        '\n- ',
        '\n  - ',
        ' ',
        '- ',
        '? ',
        ': ',
        ', ',
        '[',
        ']',
        '{',
        '}',
        '&a ',
        '*a',
        '&b ',
        '*b',
        '<<: *a',
        '# c',
        '---\n',
        '...\n',
        '%YAML 1.2\n',
        '\t',
        '"',
        "'",
        '\\',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((pieces) => pieces.join(''));

/** A document shaped like a configuration, with any JSON value where a setting goes. */
const configShaped: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    tie('object'),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
})).object;

describe('parseConfig under hostile input (fast-check)', () => {
  it('returns a configuration or throws ConfigError on YAML-ish text', async () => {
    await fc.assert(fc.asyncProperty(yamlish, expectConfigOrConfigError), { seed: SEED, numRuns: 1500 });
  });

  it('returns a configuration or throws ConfigError on arbitrary text', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), expectConfigOrConfigError), {
      seed: SEED,
      numRuns: 1000,
    });
  });

  it('returns a configuration or throws ConfigError on any JSON value, written as JSON or as YAML', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), configShaped), fc.boolean(), (value, asYaml) =>
        expectConfigOrConfigError(asYaml ? stringify(value) : JSON.stringify(value)),
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('answers within a bound for long values: no pattern backtracks on them', async () => {
    const run = (unit: string) => fc.integer({ min: 0, max: 60_000 }).map((count) => unit.repeat(count));
    const longValue = fc
      .tuple(
        fc.constantFrom('', '1', '1.5'),
        run(' '),
        fc.constantFrom('', '1', 'MB', '.'),
        run(' '),
        fc.constantFrom('', '!', 'x', '1'),
      )
      .map((parts) => parts.join(''));
    const key = fc.constantFrom(
      'thresholds:\n  sizeWarn',
      'thresholds:\n  sizeFail',
      'gate:\n  failOn',
      'runtime:\n  env:\n    - A',
      'images:\n  - match',
    );
    await fc.assert(
      fc.asyncProperty(key, longValue, async (path, value) => {
        const started = performance.now();
        await expectConfigOrConfigError(`${path}: ${JSON.stringify(value)}\n`);
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
