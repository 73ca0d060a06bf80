import { describe, expect, it } from 'vitest';
import type { FilesystemFacts, OsFacts } from '../../../src/facts.js';
import { minimalBase } from '../../../src/rules/minimal-base.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts, tool } from '../helpers/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';

const DEBIAN: OsFacts = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
const ALPINE: OsFacts = { id: 'alpine', versionId: '3.20.3', prettyName: 'Alpine Linux v3.20' };
const DISTROLESS: OsFacts = { id: 'debian', versionId: '12', prettyName: 'Distroless' };
const BASH = tool('/bin/bash');
const APT = [tool('/usr/bin/apt'), tool('/usr/bin/apt-get'), tool('/usr/bin/dpkg')];

const verdictFor = (filesystem: Partial<FilesystemFacts>, sizeBytes = 80_000_000, options = DEFAULT_RULE_OPTIONS) =>
  judgeRule(minimalBase, factsWithFilesystem(filesystem, { sizeBytes }), options);

describe('minimal-base', () => {
  it('passes scratch', () => {
    const verdict = verdictFor({});
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('scratch');
  });

  it('passes a scratch-based image even with a busybox shell', () => {
    expect(verdictFor({ shells: [tool('/bin/sh', true)] }).status).toBe('pass');
  });

  it('passes distroless: no shell, even on a Debian os-release', () => {
    const verdict = verdictFor({ os: DISTROLESS });
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('Distroless');
    expect(verdictFor({ os: DEBIAN }, 900_000_000).status).toBe('pass');
  });

  it('passes a distroless :debug image with its busybox shell', () => {
    expect(verdictFor({ os: DISTROLESS, shells: [tool('/busybox/sh', true)] }).status).toBe('pass');
  });

  it('passes Alpine and Wolfi with a shell and a package manager, naming the base', () => {
    const alpine = verdictFor(
      { os: ALPINE, shells: [tool('/bin/sh', true)], packageManagers: [tool('/sbin/apk')] },
      400_000_000,
    );
    expect(alpine.status).toBe('pass');
    expect(alpine.message).toContain('Alpine Linux v3.20');
    const wolfi = { id: 'wolfi', versionId: '20230201', prettyName: 'Wolfi' };
    expect(verdictFor({ os: wolfi, shells: [tool('/bin/sh')], packageManagers: [tool('/usr/bin/apk')] }).status).toBe(
      'pass',
    );
  });

  it('warns on a small Debian image with bash and apt', () => {
    const verdict = verdictFor({ os: DEBIAN, shells: [BASH, tool('/bin/sh')], packageManagers: APT });
    expect(verdict.status).toBe('warn');
    expect(verdict.evidence).toEqual([
      'Debian GNU/Linux 12 (bookworm)',
      'shell /bin/bash',
      'shell /bin/sh',
      'package manager /usr/bin/apt',
      'package manager /usr/bin/apt-get',
      'package manager /usr/bin/dpkg',
    ]);
  });

  it('fails on a Debian image with bash and apt above the size warning threshold, warns at it', () => {
    const big = verdictFor(
      { os: DEBIAN, shells: [BASH], packageManagers: APT },
      DEFAULT_RULE_OPTIONS.sizeWarnBytes + 1,
    );
    expect(big.status).toBe('fail');
    expect(big.evidence).toContain('Debian GNU/Linux 12 (bookworm)');
    expect(
      verdictFor({ os: DEBIAN, shells: [BASH], packageManagers: APT }, DEFAULT_RULE_OPTIONS.sizeWarnBytes).status,
    ).toBe('warn');
  });

  it('judges Ubuntu, RHEL UBI and Amazon Linux like Debian', () => {
    for (const os of [
      { id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04.1 LTS' },
      { id: 'rhel', versionId: '9.4', prettyName: 'Red Hat Enterprise Linux 9.4 (Plow)' },
      { id: 'amzn', versionId: '2023', prettyName: 'Amazon Linux 2023' },
    ]) {
      expect(verdictFor({ os, shells: [BASH], packageManagers: [tool('/usr/bin/rpm')] }).status).toBe('warn');
    }
  });

  it('passes a general-purpose base whose package manager was removed', () => {
    const verdict = verdictFor({ os: DEBIAN, shells: [BASH] }, 900_000_000);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('Debian');
  });

  it('does not count a busybox applet as a package manager', () => {
    expect(verdictFor({ os: DEBIAN, shells: [BASH], packageManagers: [tool('/bin/dpkg', true)] }).status).toBe('pass');
  });

  it('reads the size threshold from the options', () => {
    const options = { ...DEFAULT_RULE_OPTIONS, sizeWarnBytes: 50_000_000 };
    expect(verdictFor({ os: DEBIAN, shells: [BASH], packageManagers: APT }, 80_000_000, options).status).toBe('fail');
  });

  it('skips without the filesystem scan', () => {
    expect(judgeRule(minimalBase, makeFacts(), DEFAULT_RULE_OPTIONS).status).toBe('skip');
  });
});
