import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RuntimeFacts, WriteFacts } from '../../../src/facts.js';
import { boundedWrites } from '../../../src/rules/bounded-writes.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { makeRuntime } from '../helpers/runtime.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const writes = (overrides: Partial<WriteFacts>): WriteFacts => ({
  writableLayerBytes: 40_960,
  logBytes: 2_140,
  logCapReached: false,
  ...overrides,
});
const verdict = (runtime: Partial<RuntimeFacts> | null, options = DEFAULT_RULE_OPTIONS) =>
  judgeRule(boundedWrites, { ...makeFacts(), ...(runtime ? { runtime: makeRuntime(runtime) } : {}) }, options);

const LIMIT = DEFAULT_RULE_OPTIONS.writableLayerLimitBytes;

describe('bounded-writes', () => {
  it('passes small writes, with both sizes as evidence', () => {
    expect(verdict({})).toEqual({
      status: 'pass',
      message: 'wrote 41 kB to its writable layer and 2 kB of log in 3.0s',
      evidence: ['writable layer: 41 kB', 'log kept by the engine: 2 kB of 2 × 1.0 MB'],
    });
  });

  it('fails a writable layer above the limit, and passes one at it', () => {
    expect(verdict({ writes: writes({ writableLayerBytes: LIMIT + 1 }) })).toMatchObject({
      status: 'fail',
      message: 'wrote 100.0 MB to its writable layer in 3.0s, above the 100.0 MB limit',
    });
    expect(verdict({ writes: writes({ writableLayerBytes: LIMIT }) }).status).toBe('pass');
  });

  it('takes its limit from the options', () => {
    const options = { ...DEFAULT_RULE_OPTIONS, writableLayerLimitBytes: 10_000 };
    expect(verdict({}, options).status).toBe('fail');
  });

  it('fails a log that reached the cap, even when the layer size is unknown', () => {
    expect(verdict({ writes: writes({ writableLayerBytes: null, logBytes: 1_829_362, logCapReached: true }) })).toEqual(
      {
        status: 'fail',
        message: 'flooded its log: more than 1.0 MB of output in 3.0s',
        evidence: [
          'writable layer: size unknown',
          'log kept by the engine: 1.8 MB of 2 × 1.0 MB, cap reached: older output dropped',
        ],
      },
    );
  });

  it('skips without the facts it needs, never guessing', () => {
    expect(verdict(null).status).toBe('skip');
    expect(verdict({ started: false, startError: 'No command specified', writes: null })).toMatchObject({
      status: 'skip',
      message: 'the container did not start (see starts-cleanly)',
    });
    expect(verdict({ writes: null })).toMatchObject({ status: 'skip', message: 'its writes were not measured' });
    expect(verdict({ writes: writes({ writableLayerBytes: null }) })).toMatchObject({
      status: 'skip',
      message: 'the engine did not report the size of the writable layer',
    });
  });

  it('reports what its docs page shows', () => {
    const page = readFileSync(new URL('../../../docs/rules/bounded-writes.md', import.meta.url), 'utf8');
    const example = JSON.parse(/## Example finding\n```json\n([\s\S]*?)\n```/.exec(page)![1]!);
    const result = verdict({
      writes: writes({ writableLayerBytes: 157_286_400, logBytes: 1_829_362, logCapReached: true }),
    });
    expect(example).toEqual({
      rule: 'bounded-writes',
      status: result.status,
      severity: 'medium',
      message: result.message,
      evidence: result.evidence,
    });
  });
});
