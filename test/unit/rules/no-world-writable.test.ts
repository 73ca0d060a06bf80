import { describe, expect, it } from 'vitest';
import { noWorldWritable } from '../../../src/rules/no-world-writable.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (worldWritable: string[]) =>
  judgeRule(noWorldWritable, factsWithFilesystem({ worldWritable }), DEFAULT_RULE_OPTIONS);

describe('no-world-writable', () => {
  it('passes when nothing is writable by others', () => {
    expect(verdictFor([]).status).toBe('pass');
  });

  it('fails and lists every world-writable path', () => {
    const verdict = verdictFor(['/app/config.json', '/app/uploads']);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('2 world-writable paths');
    expect(verdict.evidence).toEqual(['/app/config.json', '/app/uploads']);
  });

  it('fails on a single path', () => {
    expect(verdictFor(['/entrypoint.sh']).message).toBe('1 world-writable path');
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noWorldWritable, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
