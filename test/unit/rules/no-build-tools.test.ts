import { describe, expect, it } from 'vitest';
import { noBuildTools } from '../../../src/rules/no-build-tools.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, tool } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

describe('no-build-tools', () => {
  it('passes without compilers or build tools', () => {
    expect(judgeRule(noBuildTools, factsWithFilesystem(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('fails on build tools, naming them and listing every path', () => {
    const buildTools = [tool('/usr/bin/gcc'), tool('/usr/bin/make'), tool('/usr/local/go/bin/go')];
    const verdict = judgeRule(noBuildTools, factsWithFilesystem({ buildTools }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('build tools in the final image: gcc, make, go');
    expect(verdict.evidence).toEqual(['/usr/bin/gcc', '/usr/bin/make', '/usr/local/go/bin/go']);
  });

  it('ignores busybox applets', () => {
    expect(
      judgeRule(noBuildTools, factsWithFilesystem({ buildTools: [tool('/usr/bin/make', true)] }), DEFAULT_RULE_OPTIONS)
        .status,
    ).toBe('pass');
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noBuildTools, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
