import { describe, expect, it } from 'vitest';
import { nonRootUser } from '../../../src/rules/non-root-user.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const statusFor = (user: string) =>
  judgeRule(nonRootUser, makeFacts({ config: { user } }), DEFAULT_RULE_OPTIONS).status;

describe('non-root-user', () => {
  it('passes the good image (numeric UID:GID)', () => {
    const verdict = judgeRule(nonRootUser, makeFacts(), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual(['USER 10001:10001']);
  });

  it.each(['', 'root', '0', '00', 'root:root', '0:0', '0:1000', 'root:1000', ':1000', ' root '])(
    'fails USER %j',
    (user) => {
      expect(statusFor(user)).toBe('fail');
    },
  );

  it.each(['10001', '10001:10001', '1001:0', 'app:root', 'appuser', 'nobody', 'rooter', '65532:65532'])(
    'passes USER %j',
    (user) => {
      expect(statusFor(user)).toBe('pass');
    },
  );

  it('says which kind of user passed: numeric UIDs are verifiable, named users are not', () => {
    const numeric = judgeRule(nonRootUser, makeFacts({ config: { user: '10001' } }), DEFAULT_RULE_OPTIONS);
    const named = judgeRule(nonRootUser, makeFacts({ config: { user: 'appuser' } }), DEFAULT_RULE_OPTIONS);
    expect(numeric.message).toMatch(/numeric/i);
    expect(named.message).toMatch(/runAsNonRoot/);
    expect(named.message).toMatch(/\/etc\/passwd/);
  });
});
