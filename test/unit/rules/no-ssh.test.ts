import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { noSsh } from '../../../src/rules/no-ssh.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, tool } from '../helpers/facts.js';

describe('no-ssh', () => {
  it('passes the good image', () => {
    expect(judgeRule(noSsh, factsWithFilesystem(), DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('fails on EXPOSE 22, with or without the filesystem scan', () => {
    for (const facts of [
      makeFacts({ config: { exposedPorts: ['22/tcp', '8080/tcp'] } }),
      factsWithFilesystem({}, { exposedPorts: ['22/tcp'] }),
    ]) {
      const verdict = judgeRule(noSsh, facts, DEFAULT_RULE_OPTIONS);
      expect(verdict.status).toBe('fail');
      expect(verdict.evidence).toEqual(['EXPOSE 22/tcp']);
    }
  });

  it('fails on an sshd or dropbear binary; a busybox applet of that name does not count', () => {
    const verdict = judgeRule(
      noSsh,
      factsWithFilesystem({ sshDaemons: [tool('/usr/sbin/sshd'), tool('/usr/sbin/dropbear')] }),
      DEFAULT_RULE_OPTIONS,
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toEqual(['/usr/sbin/sshd', '/usr/sbin/dropbear']);
    const applet = factsWithFilesystem({ sshDaemons: [tool('/usr/sbin/sshd', true)] });
    expect(judgeRule(noSsh, applet, DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('does not expose 22 on udp or another port number that starts with 22', () => {
    const facts = factsWithFilesystem({}, { exposedPorts: ['22/udp', '2222/tcp', '220/tcp'] });
    expect(judgeRule(noSsh, facts, DEFAULT_RULE_OPTIONS).status).toBe('pass');
  });

  it('skips without port 22 when the daemon could not be looked for', () => {
    expect(judgeRule(noSsh, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
