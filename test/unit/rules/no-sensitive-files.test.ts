import { describe, expect, it } from 'vitest';
import type { SensitiveFileFinding } from '../../../src/facts.js';
import { noSensitiveFiles } from '../../../src/rules/no-sensitive-files.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (sensitiveFiles: SensitiveFileFinding[]) =>
  judgeRule(noSensitiveFiles, factsWithFilesystem({ sensitiveFiles }), DEFAULT_RULE_OPTIONS);

describe('no-sensitive-files', () => {
  it('passes when nothing from the build context leaked', () => {
    expect(verdictFor([]).status).toBe('pass');
  });

  it('fails with kind, path and layer of each file', () => {
    const verdict = verdictFor([
      { kind: 'git-directory', path: '/app/.git', layerIndex: 4, deleted: false },
      { kind: 'dotenv', path: '/app/.env.production', layerIndex: 4, deleted: false },
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('2 sensitive files from the build context');
    expect(verdict.evidence).toEqual(['git-directory /app/.git (layer 4)', 'dotenv /app/.env.production (layer 4)']);
  });

  it('still fails on a deleted file and says it can be extracted', () => {
    const verdict = verdictFor([
      { kind: 'terraform-state', path: '/src/terraform.tfstate', layerIndex: 1, deleted: true },
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe(
      '1 sensitive file from the build context (1 deleted in a later layer but still extractable)',
    );
    expect(verdict.evidence).toEqual([
      'terraform-state /src/terraform.tfstate (layer 1, deleted in a later layer but still extractable)',
    ]);
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noSensitiveFiles, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
