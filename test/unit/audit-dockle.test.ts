import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { UsageError } from '../../src/shared/errors.js';
import { buildOci } from './collect/layers/oci.js';
import { packTar } from './collect/layers/tar.js';

// One image from a file (no engine) planting each case of the dockle-parity rules and an end-of-life Debian.
let dir: string;
let archive: string;
const HASH = '$6$imgauditsalt$FixtureHashNotARealPassword0123456789abcdef';
const APT_STEP = '/bin/sh -c apt-get update && apt-get install -y curl';

/** An engine that must not be asked anything. */
const noEngine = new Proxy(
  {},
  {
    get(_, key) {
      throw new Error(`the engine was asked for ${String(key)}`);
    },
  },
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-audit-dockle-'));
  const base = await packTar([
    { name: 'etc/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\n' },
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\n' },
    { name: 'etc/shadow', content: `root:${HASH}:19000:0:99999:7:::\ntoor::19000:0:99999:7:::\n` },
  ]);
  const app = await packTar([
    { name: 'var/lib/apt/lists/deb_Packages', content: 'Package: curl\n'.repeat(100) },
    { name: 'app/.git/HEAD', content: 'ref: refs/heads/main\n' },
    { name: 'app/Dockerfile', content: 'FROM debian:11\n' },
  ]);
  const built = buildOci([
    {
      layers: [{ blob: base }, { blob: app }],
      config: {
        config: { Volumes: { '/proc': {} }, ExposedPorts: { '22/tcp': {} } },
        history: [{ created_by: 'ADD base /' }, { created_by: APT_STEP }],
      },
    },
  ]);
  archive = join(dir, 'dockle.tar');
  await writeFile(archive, await packTar(built.items));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const statusesOf = async (options: Parameters<typeof audit>[1]) => {
  const report = await audit([], { inputs: [archive], docker: noEngine, cache: false, ...options });
  return { report, statuses: Object.fromEntries(report.images[0]!.findings.map((f) => [f.rule, f.status])) };
};

describe('audit(): the dockle-parity rules and the base OS lifecycle on one planted image', () => {
  it('fires each rule', async () => {
    const { report, statuses } = await statusesOf({ rules: { now: '2026-11-30' } });
    expect(statuses).toMatchObject({
      'no-empty-password': 'fail',
      'unique-ids': 'fail',
      'no-system-volumes': 'fail',
      'no-ssh': 'fail',
      'package-install-cleanup': 'fail',
      'supported-base-os': 'fail',
      'no-sensitive-files': 'fail',
    });
    const evidence = Object.fromEntries(report.images[0]!.findings.map((f) => [f.rule, f.evidence]));
    // The .git directory is no-sensitive-files' (high); the Dockerfile is this rule's.
    expect(statuses['no-dev-leftovers']).toBe('fail');
    expect(evidence['no-dev-leftovers']).toEqual(['dockerfile /app/Dockerfile: 15 B (1 file)']);
    expect(evidence['package-install-cleanup']).toEqual([
      `history #1: ${APT_STEP} keeps /var/lib/apt/lists (1 kB of it in the final image)`,
    ]);
    expect(evidence['no-empty-password']).toEqual(['toor: empty password field in /etc/shadow']);
  });

  it('judges the end of life on the day given, else on the day of the run', async () => {
    expect((await statusesOf({ rules: { now: '2026-05-01' } })).statuses['supported-base-os']).toBe('pass');
    expect((await statusesOf({ rules: { now: '2026-07-01' } })).statuses['supported-base-os']).toBe('warn');
    // Debian 11's LTS ended 2026-08-31: on any later day of a real run, it fails.
    expect((await statusesOf({})).statuses['supported-base-os']).toBe('fail');
  });

  it('refuses a day that is not YYYY-MM-DD, before reading anything', async () => {
    await expect(audit([], { inputs: [archive], docker: noEngine, rules: { now: '30/11/2026' } })).rejects.toThrow(
      UsageError,
    );
  });

  it('keeps no password hash: not in the report, not in the layer cache', async () => {
    const cache = join(dir, 'cache');
    const report = await audit([], { inputs: [archive], docker: noEngine, cache, rules: { now: '2026-11-30' } });
    expect(JSON.stringify(report)).not.toContain('imgauditsalt');
    const files = await readdir(cache, { recursive: true, withFileTypes: true });
    const texts = await Promise.all(
      files.filter((entry) => entry.isFile()).map((entry) => readFile(join(entry.parentPath, entry.name), 'latin1')),
    );
    // The cache stores small files' contents as base64: decode every such string before looking.
    const decoded = texts.flatMap((text) => [
      text,
      ...[...text.matchAll(/"([A-Za-z0-9+/]{8,}={0,2})"/g)].map(([, b64]) =>
        Buffer.from(b64!, 'base64').toString('latin1'),
      ),
    ]);
    // What the scan keeps of /etc/shadow is there (so the search can see it): names and password states only.
    expect(decoded.some((text) => text.includes('root:<set>\ntoor:\n'))).toBe(true);
    for (const text of decoded) expect(text).not.toContain('imgauditsalt');
  });
});
