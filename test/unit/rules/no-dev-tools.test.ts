import { describe, expect, it } from 'vitest';
import { noDevTools } from '../../../src/rules/no-dev-tools.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, tool } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

describe('no-dev-tools', () => {
  it('passes without development tools', () => {
    expect(judgeRule(noDevTools, factsWithFilesystem(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('fails on dev tools, including those in node_modules/.bin', () => {
    const devTools = [
      tool('/app/node_modules/.bin/jest'),
      tool('/app/node_modules/.bin/nodemon'),
      tool('/usr/local/bin/pytest'),
    ];
    const verdict = judgeRule(noDevTools, factsWithFilesystem({ devTools }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('development tools in the final image: jest, nodemon, pytest');
    expect(verdict.evidence).toEqual([
      '/app/node_modules/.bin/jest',
      '/app/node_modules/.bin/nodemon',
      '/usr/local/bin/pytest',
    ]);
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noDevTools, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
