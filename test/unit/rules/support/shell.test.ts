import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEED } from '../../fuzz/fuzz.js';
import { programName, simpleCommands, subcommand } from '../../../../src/rules/support/shell.js';

describe('simpleCommands', () => {
  it.each([
    [
      'apt-get update && apt-get install -y curl',
      [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'curl'],
      ],
    ],
    ['/bin/sh -c apk add curl', [['apk', 'add', 'curl']]],
    ['/bin/bash -o pipefail -c curl -fsSL x | sh', [['curl', '-fsSL', 'x'], ['sh']]],
    ['sh -ec "a; b"', [['a; b']]],
    [
      'set -eux; DEBIAN_FRONTEND=noninteractive apt-get install -y jq',
      [
        ['set', '-eux'],
        ['apt-get', 'install', '-y', 'jq'],
      ],
    ],
    ['a \\\n && b || c', [['a'], ['b'], ['c']]],
    ['echo \'x && y\' "z; w"', [['echo', 'x && y', 'z; w']]],
    ['sudo env A=1 rm -rf /var/cache/apk/*', [['rm', '-rf', '/var/cache/apk/*']]],
    ['if true; then apk add x; fi', [['if', 'true'], ['apk', 'add', 'x'], ['fi']]],
    ['(cd /tmp && make) & wait', [['cd', '/tmp'], ['make'], ['wait']]],
    ['echo ${HOME}', [['echo', '${HOME}']]],
    ['', []],
  ])('%j', (line, expected) => {
    expect(simpleCommands(line)).toEqual(expected);
  });

  it('takes any text apart without throwing, unclosed quotes included (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const commands = simpleCommands(`${line} "unclosed '`);
        expect(Array.isArray(commands)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('programName and subcommand', () => {
  it('reads the program and its first non-option word, skipping option values', () => {
    expect(programName('/usr/bin/apt-get')).toBe('apt-get');
    expect(subcommand(['apt-get', '-o', 'Acquire::Retries=3', '-y', 'install', 'curl'], new Set(['-o']))).toBe(
      'install',
    );
    expect(subcommand(['apk', '--no-cache', 'add', 'curl'])).toBe('add');
    expect(subcommand(['apk', '-q'])).toBeUndefined();
  });
});
