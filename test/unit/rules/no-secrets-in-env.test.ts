import { describe, expect, it } from 'vitest';
import type { SecretFinding } from '../../../src/facts.js';
import { noSecretsInEnv } from '../../../src/rules/no-secrets-in-env.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const FINDINGS: SecretFinding[] = [
  {
    kind: 'aws-access-key-id',
    source: 'env',
    name: 'AWS_ACCESS_KEY_ID',
    location: 'ENV AWS_ACCESS_KEY_ID',
    preview: 'AKIA…(20 chars)',
  },
  {
    kind: 'npm-token',
    source: 'history-arg',
    name: 'NPM_TOKEN',
    location: 'history #4 (RUN) build arg NPM_TOKEN',
    preview: 'npm_…(40 chars)',
    historyIndex: 4,
  },
];

describe('no-secrets-in-env', () => {
  it('passes when no secrets were found', () => {
    expect(judgeRule(noSecretsInEnv, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('fails with kind, location and the redacted preview of each finding', () => {
    const verdict = judgeRule(noSecretsInEnv, makeFacts({ config: { envSecrets: FINDINGS } }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual([
      'aws-access-key-id at ENV AWS_ACCESS_KEY_ID: AKIA…(20 chars)',
      'npm-token at history #4 (RUN) build arg NPM_TOKEN: npm_…(40 chars)',
    ]);
  });
});
