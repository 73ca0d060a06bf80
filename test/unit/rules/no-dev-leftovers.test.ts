import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { DevLeftover, SensitiveFileFinding } from '../../../src/facts.js';
import { noDevLeftovers } from '../../../src/rules/no-dev-leftovers.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem } from '../helpers/facts.js';

const GIT: DevLeftover = { kind: 'git-directory', path: '/app/.git', bytes: 40_000, files: 12 };
const IDEA: DevLeftover = { kind: 'idea-settings', path: '/app/.idea', bytes: 3_000, files: 4 };
const DOCKER_CONFIG: DevLeftover = { kind: 'docker-config', path: '/root/.docker/config.json', bytes: 120, files: 1 };

const verdictFor = (devLeftovers: DevLeftover[], sensitiveFiles: SensitiveFileFinding[] = []) =>
  judgeRule(noDevLeftovers, factsWithFilesystem({ devLeftovers, sensitiveFiles }), DEFAULT_RULE_OPTIONS);

describe('no-dev-leftovers', () => {
  it('passes without leftovers', () => {
    expect(verdictFor([]).status).toBe('pass');
  });

  it('fails with kind, path, bytes and files of each', () => {
    const verdict = verdictFor([GIT, IDEA]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual([
      'git-directory /app/.git: 40 kB (12 files)',
      'idea-settings /app/.idea: 3 kB (4 files)',
    ]);
  });

  it('leaves out what no-sensitive-files reports already, so no path is reported twice', () => {
    const sensitive: SensitiveFileFinding[] = [
      { kind: 'git-directory', path: '/app/.git', layerIndex: 2, deleted: false },
      { kind: 'docker-config', path: '/root/.docker/config.json', layerIndex: 1, deleted: false },
    ];
    const verdict = verdictFor([GIT, IDEA, DOCKER_CONFIG], sensitive);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['idea-settings /app/.idea: 3 kB (4 files)']);
    expect(verdictFor([GIT, DOCKER_CONFIG], sensitive).status).toBe('pass');
  });
});
