import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { ShadowFacts } from '../../../src/facts.js';
import { noEmptyPassword } from '../../../src/rules/no-empty-password.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';

const verdictFor = (shadow: ShadowFacts | null) =>
  judgeRule(noEmptyPassword, factsWithFilesystem({ shadow }), DEFAULT_RULE_OPTIONS);

describe('no-empty-password', () => {
  it('fails on each account with an empty password field, naming accounts only', () => {
    const verdict = verdictFor({ path: '/etc/shadow', emptyPassword: ['guest', 'ftp'] });
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual([
      'guest: empty password field in /etc/shadow',
      'ftp: empty password field in /etc/shadow',
    ]);
  });

  it('names the BSD file when that is the one the image has', () => {
    const verdict = verdictFor({ path: '/etc/master.passwd', emptyPassword: ['toor'] });
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['toor: empty password field in /etc/master.passwd']);
  });

  it('passes when every account is locked or has a password', () => {
    expect(verdictFor({ path: '/etc/shadow', emptyPassword: [] }).status).toBe('pass');
  });

  it('skips when the image has no shadow file, and without the filesystem scan', () => {
    expect(verdictFor(null).status).toBe('skip');
    expect(judgeRule(noEmptyPassword, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
