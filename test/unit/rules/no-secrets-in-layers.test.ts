import { describe, expect, it } from 'vitest';
import type { FileSecretFinding } from '../../../src/facts.js';
import { noSecretsInLayers } from '../../../src/rules/no-secrets-in-layers.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const KEY: FileSecretFinding = {
  kind: 'private-key',
  path: '/app/deploy.pem',
  layerIndex: 3,
  deleted: false,
  preview: 'private-key: ----…(1675 chars)',
  line: 1,
};
const NPMRC: FileSecretFinding = {
  kind: 'npmrc-auth',
  path: '/root/.npmrc',
  layerIndex: 2,
  deleted: true,
  preview: 'npmrc-auth: npm_…(40 chars)',
  line: 2,
};

const verdictFor = (secrets: FileSecretFinding[]) =>
  judgeRule(noSecretsInLayers, factsWithFilesystem({ secrets }), DEFAULT_RULE_OPTIONS);

describe('no-secrets-in-layers', () => {
  it('passes when no file holds a secret', () => {
    expect(verdictFor([]).status).toBe('pass');
  });

  it('fails with the redacted preview, path and layer of each finding', () => {
    const verdict = verdictFor([KEY]);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('1 secret in image files');
    expect(verdict.evidence).toEqual(['private-key: ----…(1675 chars) at /app/deploy.pem (layer 3)']);
  });

  it('still fails on a secret a later layer deleted, and counts the deleted ones', () => {
    const deletedOnly = verdictFor([NPMRC]);
    expect(deletedOnly.status).toBe('fail');
    expect(deletedOnly.evidence).toEqual([
      'npmrc-auth: npm_…(40 chars) at /root/.npmrc (layer 2, deleted in a later layer but still extractable)',
    ]);
    expect(verdictFor([KEY, NPMRC]).message).toBe(
      '2 secrets in image files (1 deleted in a later layer but still extractable)',
    );
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noSecretsInLayers, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
