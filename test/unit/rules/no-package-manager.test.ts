import { describe, expect, it } from 'vitest';
import type { FilesystemFacts } from '../../../src/facts.js';
import { noPackageManager } from '../../../src/rules/no-package-manager.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, tool } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const verdictFor = (filesystem: Partial<FilesystemFacts>) =>
  judgeRule(noPackageManager, factsWithFilesystem(filesystem), DEFAULT_RULE_OPTIONS);

describe('no-package-manager', () => {
  it('passes without a package manager', () => {
    const verdict = verdictFor({});
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('no package manager');
  });

  it('fails on real package managers, naming each and listing every path', () => {
    const verdict = verdictFor({
      packageManagers: [tool('/usr/bin/apt'), tool('/usr/bin/apt-get'), tool('/usr/bin/dpkg')],
    });
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe('package managers present: apt, apt-get, dpkg');
    expect(verdict.evidence).toEqual(['/usr/bin/apt', '/usr/bin/apt-get', '/usr/bin/dpkg']);
  });

  it('names a package manager found twice once', () => {
    const verdict = verdictFor({ packageManagers: [tool('/usr/bin/pip'), tool('/usr/local/bin/pip')] });
    expect(verdict.message).toBe('package managers present: pip');
    expect(verdict.evidence).toEqual(['/usr/bin/pip', '/usr/local/bin/pip']);
  });

  it('fails on apk in Alpine', () => {
    expect(verdictFor({ packageManagers: [tool('/sbin/apk')] }).status).toBe('fail');
  });

  it('passes busybox applets and mentions the package-manager ones', () => {
    const verdict = verdictFor({ busyboxApplets: ['ls', 'rpm', 'sh', 'dpkg', 'wget'] });
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('rpm');
    expect(verdict.message).toContain('dpkg');
    expect(verdict.message).not.toContain('wget');
    expect(verdictFor({ busyboxApplets: ['ls', 'sh'] }).message).toBe('no package manager');
  });

  it('does not count an applet that reached the list anyway', () => {
    expect(verdictFor({ packageManagers: [tool('/usr/bin/dpkg', true)] }).status).toBe('pass');
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(noPackageManager, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
