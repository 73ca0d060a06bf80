import { describe, expect, it } from 'vitest';
import { noSetuidBinaries } from '../../../src/rules/no-setuid-binaries.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (setuid: string[], setgid: string[] = []) =>
  judgeRule(noSetuidBinaries, factsWithFilesystem({ setuid, setgid }), DEFAULT_RULE_OPTIONS);

describe('no-setuid-binaries', () => {
  it('passes when no file has the setuid or setgid bit', () => {
    expect(verdictFor([]).status).toBe('pass');
  });

  it('fails on setuid files and on setgid files, listing every path with its bit', () => {
    const verdict = verdictFor(['/usr/bin/passwd', '/bin/su'], ['/usr/bin/expiry']);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('2 setuid files and 1 setgid file');
    expect(verdict.evidence).toEqual(['setuid /usr/bin/passwd', 'setuid /bin/su', 'setgid /usr/bin/expiry']);
  });

  it('fails on setgid files alone', () => {
    const verdict = verdictFor([], ['/usr/bin/chage', '/usr/bin/expiry']);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('2 setgid files');
  });

  it('lists a file with both bits twice', () => {
    expect(verdictFor(['/usr/bin/wall'], ['/usr/bin/wall']).evidence).toEqual([
      'setuid /usr/bin/wall',
      'setgid /usr/bin/wall',
    ]);
  });

  it('gives all evidence: the reporter caps it', () => {
    const many = Array.from({ length: 25 }, (_, i) => `/usr/bin/tool${i}`);
    expect(verdictFor(many).evidence).toHaveLength(25);
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noSetuidBinaries, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
