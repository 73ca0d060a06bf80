import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import type { FilesystemFacts, LanguageRuntimeFact, PackageFact, PackageType } from '../../../src/facts.js';
import { runtimeSightings, supportedRuntimes } from '../../../src/rules/supported-runtimes.js';
import { DEFAULT_RULE_OPTIONS } from '../../../src/rules/support/types.js';
import { factsWithFilesystem, makeFacts } from '../helpers/facts.js';

const DPKG = '/var/lib/dpkg/status';
const APK = '/lib/apk/db/installed';
const pkg = (type: PackageType, name: string, version: string, path: string): PackageFact => ({
  name,
  version,
  type,
  path,
  layerIndex: 0,
  purl: `pkg:${type}/${name}@${version}`,
});
const deb = (name: string, version: string) => pkg('deb', name, version, DPKG);
const apk = (name: string, version: string) => pkg('apk', name, version, APK);
const goBinary = (path: string, version: string) => pkg('golang', 'stdlib', version, path);
const header = (version: string): LanguageRuntimeFact => ({
  runtime: 'node',
  version,
  path: '/usr/local/include/node/node_version.h',
  layerIndex: 1,
});
const pythonDir = (version: string): LanguageRuntimeFact => ({
  runtime: 'python',
  version,
  path: `/usr/local/lib/python${version}/os.py`,
  layerIndex: 1,
});

const facts = (packages: readonly PackageFact[], languageRuntimes: readonly LanguageRuntimeFact[] = []) =>
  factsWithFilesystem({ inventory: { packages, notInventoried: [] }, languageRuntimes });
const verdictOn = (now: string | undefined, ...args: Parameters<typeof facts>) =>
  judgeRule(supportedRuntimes, facts(...args), { ...DEFAULT_RULE_OPTIONS, ...(now ? { now } : {}) });

describe('supported-runtimes', () => {
  it.each([
    ['a Debian python3.9 package', [deb('python3.9', '3.9.2-1')], [], '2026-11-30', 'fail'],
    ['a Debian python3.11 package', [deb('python3.11', '3.11.2-6+deb12u6')], [], '2026-11-30', 'pass'],
    ['a Debian python3 package', [deb('python3', '3.11.2-1+b1')], [], '2027-09-01', 'warn'],
    ['a Debian nodejs package', [deb('nodejs', '18.19.0+dfsg-6~deb12u2')], [], '2026-11-30', 'fail'],
    ['an Ubuntu nodejs with an epoch', [deb('nodejs', '1:22.3.0-1ubuntu1')], [], '2026-11-30', 'pass'],
    ['an Alpine nodejs package', [apk('nodejs', '20.15.1-r0')], [], '2026-03-01', 'warn'],
    ['an Alpine python3 package', [apk('python3', '3.12.8-r1')], [], '2026-11-30', 'pass'],
    ['a Go binary built with Go 1.19', [goBinary('/app/server', '1.19.8')], [], '2026-11-30', 'fail'],
    ['a Go binary built with Go 1.26', [goBinary('/app/server', '1.26.1')], [], '2026-11-30', 'pass'],
    ['Node.js 20 by its header', [], [header('20.11.1')], '2026-05-01', 'fail'],
    ['Node.js 24 by its header', [], [header('24.4.0')], '2026-11-30', 'pass'],
    ['Python 3.8 by its directory', [], [pythonDir('3.8')], '2026-11-30', 'fail'],
    ['Python 3.13 by its directory', [], [pythonDir('3.13')], '2026-11-30', 'pass'],
  ] as const)('%s on %s: %s', (_, packages, installs, now, status) => {
    expect(verdictOn(now, packages, installs).status).toBe(status);
  });

  it('fails on the first day after the end, warns on the last and 90 days before, passes the day before that', () => {
    const python310 = [deb('python3.10', '3.10.12-1~22.04')];
    expect(verdictOn('2026-11-01', python310).status).toBe('fail');
    expect(verdictOn('2026-10-31', python310).status).toBe('warn');
    expect(verdictOn('2026-08-02', python310).status).toBe('warn');
    expect(verdictOn('2026-08-01', python310).status).toBe('pass');
  });

  it('ignores packages that are not an interpreter (libraries, pip packages, Go modules)', () => {
    const packages = [
      deb('python3-yaml', '5.4.1-1'),
      deb('libpython3.9-stdlib', '3.9.2-1'),
      deb('libnode72', '12.22.12~dfsg-1~deb11u4'),
      pkg('pypi', 'python', '2.0', '/usr/lib/python3/dist-packages/python-2.0.dist-info/METADATA'),
      pkg('npm', 'nodejs', '0.0.1', '/app/node_modules/nodejs/package.json'),
      pkg('golang', 'golang.org/x/net', 'v0.1.0', '/app/server'),
    ];
    expect(runtimeSightings(packages, [])).toEqual([]);
    expect(verdictOn('2026-11-30', packages).status).toBe('skip');
  });

  it('counts the packages of one release as one runtime, naming each file it was found in', () => {
    const verdict = verdictOn(
      '2026-11-30',
      [
        deb('python3', '3.9.2-3'),
        deb('python3-minimal', '3.9.2-3'),
        deb('python3.9', '3.9.2-1'),
        deb('python3.9-minimal', '3.9.2-1'),
        goBinary('/usr/local/bin/app', '1.24.2'),
        goBinary('/usr/local/bin/tool', '1.24.2'),
      ],
      [pythonDir('3.9')],
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe(
      '2 runtimes past their end of life: Python 3.9 (security support ended 2025-10-31), Go 1.24 (support ended 2026-02-10)',
    );
    expect(verdict.evidence).toEqual([
      'Python 3.9: security support until 2025-10-31',
      '/var/lib/dpkg/status: python3 3.9.2-3, python3-minimal 3.9.2-3, python3.9 3.9.2-1, python3.9-minimal 3.9.2-1',
      '/usr/local/lib/python3.9/os.py: Python 3.9',
      'Go 1.24: support until 2026-02-10',
      '/usr/local/bin/app: Go 1.24.2',
      '/usr/local/bin/tool: Go 1.24.2',
    ]);
  });

  it('keeps the same evidence from the warning to the failure, and flags only what is ending or ended', () => {
    const packages = [deb('nodejs', '20.19.2+dfsg-1'), goBinary('/app/server', '1.26.0')];
    const ending = verdictOn('2026-03-01', packages);
    const ended = verdictOn('2026-05-01', packages);
    expect(ending.status).toBe('warn');
    expect(ending.message).toContain('Node.js 20 reaches its end of life in 60 days');
    expect(ended.status).toBe('fail');
    expect(ended.evidence).toEqual([
      'Node.js 20: support until 2026-04-30',
      '/var/lib/dpkg/status: nodejs 20.19.2+dfsg-1',
    ]);
    expect(ending.evidence).toEqual(ended.evidence);
  });

  it('names an ending runtime beside an ended one', () => {
    const verdict = verdictOn('2026-03-01', [deb('python3.9', '3.9.2-1')], [header('20.11.1')]);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('ending: Node.js 20 in 60 days');
    expect(verdict.evidence).toContain('Node.js 20: support until 2026-04-30');
  });

  it('passes with the versions and where they are, and notes versions the tables do not know', () => {
    const verdict = verdictOn(
      '2026-11-30',
      [goBinary('/app/server', '1.27.1'), goBinary('/app/dev', 'devel')],
      [header('24.4.0')],
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe(
      'supported: Node.js 24 until 2028-04-30, Go 1.27 until no end announced yet; no lifecycle data for Go devel',
    );
    expect(verdict.evidence).toEqual([
      '/usr/local/include/node/node_version.h: Node.js 24.4.0',
      '/app/server: Go 1.27.1',
    ]);
  });

  it('skips when no runtime was found, when no version is known, and without an evaluation date', () => {
    expect(verdictOn('2026-11-30', []).status).toBe('skip');
    expect(verdictOn('2026-11-30', [deb('nodejs', '99.0.0')]).status).toBe('skip');
    expect(verdictOn('2026-11-30', [goBinary('/app/server', 'devel go1.24-abc')]).status).toBe('skip');
    expect(verdictOn(undefined, [deb('python3.9', '3.9.2-1')]).status).toBe('skip');
  });

  it('skips facts from before the inventory, and without the filesystem scan', () => {
    const { inventory: _inventory, languageRuntimes: _runtimes, ...older } = facts([]).filesystem!;
    const before = { ...facts([]), filesystem: older as FilesystemFacts };
    expect(judgeRule(supportedRuntimes, before, { ...DEFAULT_RULE_OPTIONS, now: '2026-11-30' }).status).toBe('skip');
    expect(judgeRule(supportedRuntimes, makeFacts(), { ...DEFAULT_RULE_OPTIONS, now: '2026-11-30' })).toMatchObject({
      status: 'skip',
      message: 'needs the filesystem scan',
    });
  });

  it('reads only the layout when the inventory is absent, and only the inventory when the layout is', () => {
    const onlyLayout = factsWithFilesystem({ languageRuntimes: [pythonDir('3.8')] });
    const noLayout = factsWithFilesystem({
      inventory: { packages: [deb('python3.8', '3.8.10-0')], notInventoried: [] },
    });
    for (const image of [onlyLayout, noLayout])
      expect(judgeRule(supportedRuntimes, image, { ...DEFAULT_RULE_OPTIONS, now: '2026-11-30' }).status).toBe('fail');
  });
});
