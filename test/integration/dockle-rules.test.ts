import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, runJson, statusesOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-dockle-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;
/** The fixture's shadow holds a fake hash; its account names and a VOLUME carry terminal control characters. */
const HASH_PART = 'imgauditfixture';
const HOSTILE_ACCOUNT = 'mal\u001b[2Jory';

const DOCKLE_RULES = [
  'no-system-volumes',
  'package-install-cleanup',
  'no-ssh',
  'no-empty-password',
  'unique-ids',
  'no-dev-leftovers',
  'supported-base-os',
];

describeWithEngine('the dockle-parity rules and the base OS lifecycle (real engine, the dockle fixture)', () => {
  it('fire on the image that plants each case, with the planted facts as evidence', async () => {
    const { report, stdout } = await runJson(['--no-run', FIXTURES.dockle]);
    assertValidReport(report);
    const image = report.images[0]!;
    const fs = image.facts.filesystem!;
    expect(image.facts.volumes).toEqual(['/data/\u001b]0;owned\u0007title', '/proc']);
    expect(image.facts.exposedPorts).toEqual(['22/tcp', '8080/tcp']);
    expect(fs.os).toMatchObject({ id: 'debian', versionId: '10' });
    expect(fs.shadow).toEqual({ path: '/etc/shadow', emptyPassword: ['guest', HOSTILE_ACCOUNT] });
    expect(fs.duplicateIds).toEqual([
      { kind: 'uid', id: 0, names: ['root', 'toor'] },
      { kind: 'gid', id: 1000, names: ['guest', 'staff'] },
    ]);
    expect(fs.devLeftovers.map(({ kind, path }) => [kind, path])).toEqual([
      ['git-directory', '/app/.git'],
      ['dockerfile', '/app/Dockerfile'],
    ]);
    expect(fs.sshDaemons).toEqual([{ name: 'sshd', path: '/usr/sbin/sshd', busyboxApplet: false }]);
    expect(fs.packageCaches.map(({ path, bytes }) => [path, bytes])).toEqual([
      ['/var/lib/apt/lists', 300_000],
      ['/var/cache/apk', 200_000],
    ]);

    const statuses = statusesOf(report);
    for (const rule of DOCKLE_RULES) expect(statuses[rule], rule).toBe('fail');
    const evidence = Object.fromEntries(image.findings.map((finding) => [finding.rule, finding.evidence]));
    // Each install step named, with what the scan measured of its cache; `apk add --no-cache` is not among them.
    expect(evidence['package-install-cleanup']).toEqual([
      expect.stringMatching(
        /^history #\d+: .*apt-get update && apt-get install .* keeps \/var\/lib\/apt\/lists \(300 kB of it in the final image\)$/,
      ),
      expect.stringMatching(/^history #\d+: .*apk add jq keeps \/var\/cache\/apk \(200 kB of it in the final image\)$/),
    ]);
    // The .git directory is no-sensitive-files' finding; this rule does not report it again.
    expect(evidence['no-dev-leftovers']).toEqual(['dockerfile /app/Dockerfile: 1 kB (1 file)']);
    expect(statuses['no-sensitive-files']).toBe('fail');
    expect(evidence['no-empty-password']).toEqual([
      'guest: empty password field in /etc/shadow',
      `${HOSTILE_ACCOUNT}: empty password field in /etc/shadow`,
    ]);
    expect(evidence['no-system-volumes']).toEqual(['VOLUME /proc']);
    expect(evidence['no-ssh']).toEqual(['EXPOSE 22/tcp', '/usr/sbin/sshd']);
    expect(evidence['supported-base-os']).toEqual([
      '/etc/os-release: ID=debian VERSION_ID=10',
      'Debian 10 (buster): Debian LTS until 2024-06-30',
    ]);
    // The fixture's shadow holds a (fake) hash: only account names leave the scan.
    expect(stdout).not.toContain(HASH_PART);
  });

  it('passes no raw control character and no hash to any format, stderr or the layer cache', async () => {
    const cacheDir = join(dir, 'cache');
    const files = Object.fromEntries(FORMATS.map((format) => [format, join(dir, `dockle.${format}`)]));
    const cli = await runCli([
      '--no-config',
      '--no-run',
      '--debug',
      '--cache-dir',
      cacheDir,
      ...FORMATS.map((format) => ['-o', `${format}=${files[format]}`]).flat(),
      FIXTURES.dockle,
    ]);
    expect(cli.code).toBe(1);
    const outputs: [string, string][] = [
      ['stdout', cli.stdout],
      ['stderr', cli.stderr],
      ...FORMATS.map((format): [string, string] => [format, readFileSync(files[format]!, 'utf8')]),
    ];
    for (const [name, text] of outputs) {
      expect({ name, raw: /[\u0007\u001b\u009b]/.test(text) }).toEqual({ name, raw: false });
      expect({ name, hash: text.includes(HASH_PART) }).toEqual({ name, hash: false });
    }
    const cached = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(cached.length).toBeGreaterThan(0);
    // The cache stores small files' contents as base64: decode every such string before looking.
    const decoded = cached
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
      .flatMap((text) => [
        text,
        ...[...text.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)].map(([, b64]) =>
          Buffer.from(b64!, 'base64').toString('latin1'),
        ),
      ]);
    // What the scan keeps of /etc/shadow is there (so the search can see it), and holds names and states only.
    expect(decoded.some((text) => text.includes('toor:!\nguest:\n'))).toBe(true);
    for (const text of decoded) expect(text.includes(HASH_PART)).toBe(false);
  });

  it('stay quiet on the good image', async () => {
    const { report } = await runJson(['--no-run', FIXTURES.good]);
    const statuses = statusesOf(report);
    for (const rule of DOCKLE_RULES.filter((id) => id !== 'no-empty-password'))
      expect(statuses[rule], rule).toBe('pass');
    // Its scratch base has no /etc/shadow: nothing to judge.
    expect(statuses['no-empty-password']).toBe('skip');
  });
});
