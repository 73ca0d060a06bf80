import { describe, expect, it } from 'vitest';
import { layerCount } from '../../../src/rules/layer-count.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { historyEntry, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const parts = Array.from({ length: 22 }, (_, i) =>
  historyEntry(`COPY many-layers/part.txt /data/part-${i}.txt # buildkit`, 1000 * (i + 1)),
);

describe('layer-count', () => {
  it('passes the good image', () => {
    expect(judgeRule(layerCount, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('passes one below the limit and fails exactly at it', () => {
    const limit = DEFAULT_RULE_OPTIONS.layerLimit;
    expect(judgeRule(layerCount, makeFacts({ config: { layerCount: limit - 1 } }), DEFAULT_RULE_OPTIONS).status).toBe(
      'pass',
    );
    expect(judgeRule(layerCount, makeFacts({ config: { layerCount: limit } }), DEFAULT_RULE_OPTIONS).status).toBe(
      'fail',
    );
  });

  it('reads the limit from the options', () => {
    expect(judgeRule(layerCount, makeFacts(), { ...DEFAULT_RULE_OPTIONS, layerLimit: 5 }).status).toBe('fail');
    expect(judgeRule(layerCount, makeFacts(), { ...DEFAULT_RULE_OPTIONS, layerLimit: 6 }).status).toBe('pass');
  });

  it('shows the count and the five biggest steps, biggest first', () => {
    const verdict = judgeRule(
      layerCount,
      makeFacts({ config: { layerCount: 22, history: parts } }),
      DEFAULT_RULE_OPTIONS,
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toHaveLength(6);
    expect(verdict.evidence[0]).toContain('22');
    expect(verdict.evidence[1]).toBe('22 kB history #21: COPY many-layers/part.txt /data/part-21.txt');
    expect(verdict.evidence.slice(1).map((line) => /#(\d+)/.exec(line)?.[1])).toEqual(['21', '20', '19', '18', '17']);
  });
});
