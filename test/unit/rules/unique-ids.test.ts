import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { DuplicateId } from '../../../src/facts.js';
import { uniqueIds } from '../../../src/rules/unique-ids.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem } from '../helpers/facts.js';

const verdictFor = (duplicateIds: DuplicateId[]) =>
  judgeRule(uniqueIds, factsWithFilesystem({ duplicateIds }), DEFAULT_RULE_OPTIONS);

describe('unique-ids', () => {
  it('passes when every id is unique', () => {
    expect(verdictFor([]).status).toBe('pass');
  });

  it('fails on a second UID 0, listing every duplicate', () => {
    const verdict = verdictFor([
      { kind: 'uid', id: 0, names: ['root', 'toor'] },
      { kind: 'uid', id: 1000, names: ['app', 'deploy'] },
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['UID 0 (/etc/passwd): root, toor', 'UID 1000 (/etc/passwd): app, deploy']);
  });

  it('warns on other shared UIDs and GIDs, and on a shared GID 0', () => {
    expect(verdictFor([{ kind: 'uid', id: 1000, names: ['app', 'deploy'] }]).status).toBe('warn');
    const groups = verdictFor([{ kind: 'gid', id: 0, names: ['root', 'wheel'] }]);
    expect(groups.status).toBe('warn');
    expect(groups.evidence).toEqual(['GID 0 (/etc/group): root, wheel']);
  });
});
