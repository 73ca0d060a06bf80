import { describe, expect, it } from 'vitest';
import { noBuildTools } from '../../../src/rules/no-build-tools.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, tool } from '../helpers/facts.js';

describe('no-build-tools', () => {
  it('passes without compilers or build tools', () => {
    expect(noBuildTools.check(factsWithFilesystem(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('fails on build tools, naming them and listing every path', () => {
    const buildTools = [tool('/usr/bin/gcc'), tool('/usr/bin/make'), tool('/usr/local/go/bin/go')];
    const verdict = noBuildTools.check(factsWithFilesystem({ buildTools }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('build tools in the final image: gcc, make, go');
    expect(verdict.evidence).toEqual(['/usr/bin/gcc', '/usr/bin/make', '/usr/local/go/bin/go']);
  });

  it('ignores busybox applets', () => {
    expect(noBuildTools.check(factsWithFilesystem({ buildTools: [tool('/usr/bin/make', true)] }), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('skips without the filesystem scan', () => {
    expect(noBuildTools.check(makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
