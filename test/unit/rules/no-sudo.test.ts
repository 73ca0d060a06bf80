import { describe, expect, it } from 'vitest';
import type { FilesystemFacts } from '../../../src/facts.js';
import { noSudo } from '../../../src/rules/no-sudo.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, makeFilesystem, tool } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (filesystem: Partial<FilesystemFacts>) =>
  judgeRule(noSudo, factsWithFilesystem(filesystem), DEFAULT_RULE_OPTIONS);

describe('no-sudo', () => {
  it('passes without sudo or doas', () => {
    expect(verdictFor({}).status).toBe('pass');
  });

  it('fails on sudo from the privilege tools', () => {
    const verdict = verdictFor({ privilegeTools: [tool('/usr/bin/sudo')] });
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('sudo is installed');
    expect(verdict.evidence).toEqual(['/usr/bin/sudo']);
  });

  it('fails on doas, and on both', () => {
    expect(verdictFor({ privilegeTools: [tool('/usr/bin/doas')] }).status).toBe('fail');
    const both = verdictFor({ privilegeTools: [tool('/usr/bin/doas'), tool('/usr/bin/sudo')] });
    expect(both.message).toBe('doas and sudo are installed');
    expect(both.evidence).toEqual(['/usr/bin/doas', '/usr/bin/sudo']);
  });

  it('leaves su and pkexec to no-setuid-binaries, and ignores busybox applets', () => {
    expect(
      verdictFor({ privilegeTools: [tool('/bin/su'), tool('/usr/bin/pkexec'), tool('/usr/bin/sudo', true)] }).status,
    ).toBe('pass');
  });

  it('finds a setuid sudo the privilege tools missed, once', () => {
    expect(verdictFor({ setuid: ['/opt/bin/sudo', '/usr/bin/passwd'] }).evidence).toEqual(['/opt/bin/sudo']);
    const both = verdictFor({ setuid: ['/usr/bin/sudo'], privilegeTools: [tool('/usr/bin/sudo')] });
    expect(both.evidence).toEqual(['/usr/bin/sudo']);
  });

  it('does not take a name that merely ends in sudo', () => {
    expect(verdictFor({ setuid: ['/usr/bin/notsudo', '/usr/bin/sudoedit'] }).status).toBe('pass');
  });

  it('falls back to the setuid list for facts recorded without privilegeTools', () => {
    const { privilegeTools: _omitted, ...older } = makeFilesystem({ setuid: ['/usr/bin/sudo', '/bin/su'] });
    const verdict = judgeRule(noSudo, makeFacts({ filesystem: older as FilesystemFacts }), DEFAULT_RULE_OPTIONS);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['/usr/bin/sudo']);
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noSudo, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
