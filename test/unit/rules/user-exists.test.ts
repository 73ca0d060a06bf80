import { describe, expect, it } from 'vitest';
import type { UserResolution } from '../../../src/facts.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { userExists } from '../../../src/rules/user-exists.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (userResolution: UserResolution) =>
  judgeRule(userExists, factsWithFilesystem({ userResolution }, { user: userResolution.user }), DEFAULT_RULE_OPTIONS);

describe('user-exists', () => {
  it('passes a numeric UID with the UID it resolves to', () => {
    const verdict = verdictFor({
      user: '10001:10001',
      resolves: true,
      uid: 10001,
      reason: 'numeric UID 10001, which needs no /etc/passwd entry',
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('10001');
  });

  it('passes a named user found in /etc/passwd', () => {
    const verdict = verdictFor({
      user: 'app',
      resolves: true,
      uid: 999,
      reason: 'user "app" is UID 999 in /etc/passwd',
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('999');
    expect(verdict.evidence).toEqual(['USER app', 'user "app" is UID 999 in /etc/passwd']);
  });

  it('passes no USER (root resolves; non-root-user judges it)', () => {
    const verdict = verdictFor({ user: '', resolves: true, uid: 0, reason: 'no USER: root' });
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence[0]).toBe('(USER not set)');
  });

  it('fails when the name is missing, with the reason as the message', () => {
    const reason = 'user "appuser" is not in /etc/passwd: the container will not start (unable to find user appuser)';
    const verdict = verdictFor({ user: 'appuser', resolves: false, uid: null, reason });
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe(reason);
  });

  it('fails when a distroless final stage has no /etc/passwd', () => {
    const reason = 'the image has no /etc/passwd: the container will not start (unable to find user app)';
    expect(verdictFor({ user: 'app:app', resolves: false, uid: null, reason }).status).toBe('fail');
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(userExists, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
