import { expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, perEngine, runJson, statusesOf } from './helpers.js';

type Report = Awaited<ReturnType<typeof runJson>>['report'];
const statuses = (report: Report) => statusesOf(report);
const fsOf = (report: Report) => report.images[0]!.facts.filesystem!;

describeWithEngine('filesystem audit of the fixture images (real engine, one pass over docker save)', () => {
  it('finds exactly the planted problems in fs-risky', async () => {
    const { report, stdout } = await runJson(['--no-run', FIXTURES.fsRisky]);
    assertValidReport(report);
    const fs = fsOf(report);
    expect(fs.os).toEqual({ id: 'scratch', versionId: null, prettyName: 'scratch (no /etc/os-release)' });
    expect(fs.setuid).toEqual(['/usr/local/bin/suid-helper']);
    expect(fs.setgid).toEqual(['/usr/local/bin/sgid-helper']);
    expect(fs.worldWritable).toEqual(['/app/shared.txt', '/app/uploads']);
    expect(fs.packageManagers).toEqual([{ name: 'apt-get', path: '/usr/bin/apt-get', busyboxApplet: false }]);
    expect(fs.busyboxApplets).toEqual(expect.arrayContaining(['rpm', 'dpkg', 'sh', 'wget']));
    expect(fs.buildTools.map((tool) => tool.path)).toEqual(['/usr/bin/gcc']);
    expect(fs.shells.every((shell) => shell.busyboxApplet)).toBe(true);
    expect(fs.users.map((user) => [user.name, user.uid])).toEqual([
      ['root', 0],
      ['appuser', 10001],
    ]);
    expect(fs.userResolution).toMatchObject({ user: 'appuser', resolves: true, uid: 10001 });

    const secrets = fs.secrets.map((secret) => [secret.path, secret.deleted, secret.kind]);
    expect(secrets).toEqual(
      expect.arrayContaining([
        ['/app/.npmrc', true, expect.stringMatching(/npm/)],
        ['/app/.env', false, 'stripe-key'],
      ]),
    );
    const sensitive = fs.sensitiveFiles.map((file) => [file.kind, file.path, file.deleted]);
    expect(sensitive).toEqual(
      expect.arrayContaining([
        ['dotenv', '/app/.env', false],
        ['npmrc', '/app/.npmrc', true],
      ]),
    );

    expect(fs.packageCaches).toEqual([
      { path: '/var/lib/apt/lists', bytes: 2_000_000, files: 1, layerIndexes: [expect.any(Number)] },
    ]);
    // The layer named is the one whose step put the cache there.
    expect(fs.layers[fs.packageCaches[0]!.layerIndexes[0]!]!.createdBy).toContain('/var/lib/apt/lists/');
    // waste.bin (deleted), the deleted .npmrc, the replaced config.json, and shared.txt copied up by chmod: N−1 copies.
    // BuildKit's COPY of a file identical to the one there, times included (its fixtures are built afresh), makes an
    // empty layer, so config.json is stored once.
    expect(fs.wastedBytes).toBe(
      perEngine({ main: 3_000_000 + 74 + 29 + 4, docker26: 3_000_000 + 74 + 4, podman: 3_000_000 + 74 + 29 + 4 }),
    );
    expect(fs.wastedFiles[0]).toMatchObject({ path: '/app/cache/build-artifact.bin', bytes: 3_000_000 });
    // The step as each builder records it: the classic builder names the content's digest, BuildKit the source.
    expect(fs.wastedFiles[0]!.createdBy).toEqual([
      expect.stringMatching(
        perEngine({
          main: /^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/app\/cache\/build-artifact\.bin $/,
          docker26: /^COPY \.bin\/waste\.bin \/app\/cache\/build-artifact\.bin # buildkit$/,
          // podman has the main engine's image, loaded: its history too.
          podman: /^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/app\/cache\/build-artifact\.bin $/,
        }),
      ),
    ]);

    expect(statuses(report)).toMatchObject({
      'no-setuid-binaries': 'fail',
      'no-world-writable': 'fail',
      'no-package-manager': 'fail',
      'no-build-tools': 'fail',
      'no-secrets-in-layers': 'fail',
      'no-sensitive-files': 'fail',
      'no-package-cache': 'fail',
      'user-exists': 'pass',
    });
    for (const value of ['npm_IMGAUDITFIXTUREdeletedTOKEN012345678', 'sk_live_IMGAUDITFIXTURE0000fake'])
      expect(stdout).not.toContain(value);
  });

  it('passes the clean scratch image on every filesystem rule', async () => {
    // --no-cache: the layer sources are this engine's stream, not those of another engine's run with the same layers.
    const { report } = await runJson(['--no-run', '--no-cache', FIXTURES.good]);
    assertValidReport(report);
    const fs = fsOf(report);
    expect(fs).toMatchObject({
      setuid: [],
      setgid: [],
      worldWritable: [],
      packageManagers: [],
      buildTools: [],
      secrets: [],
      sensitiveFiles: [],
      wastedBytes: 0,
    });
    expect(fs.fileCount).toBe(4);
    // Where each layer was in the docker save stream: a layer tar of the legacy layout, or an OCI gzip blob.
    expect(fs.layers.map((layer) => [layer.index, layer.compression, layer.readable, layer.entryCount])).toEqual([
      [0, perEngine({ main: 'none', docker26: 'gzip', podman: 'none' }), true, 2],
      [1, perEngine({ main: 'none', docker26: 'gzip', podman: 'none' }), true, 2],
      [2, perEngine({ main: 'none', docker26: 'gzip', podman: 'none' }), true, 3],
    ]);
    for (const layer of fs.layers)
      expect(layer.source).toMatch(
        // podman's docker-archive names each layer tar by its diff id, at the top.
        perEngine({
          main: /^[0-9a-f]{64}\/layer\.tar$/,
          docker26: /^blobs\/sha256\/[0-9a-f]{64}$/,
          podman: /^[0-9a-f]{64}\.tar$/,
        }),
      );
    expect(fs.healthcheckTools).toEqual([{ name: '/bin/busybox', path: '/bin/busybox' }]);
    // The same size on both engines, although inspect says 2.69 MB on one and 1.4 MB (gzip blobs) on the other.
    const size = report.images[0]!.findings.find((finding) => finding.rule === 'image-size')!;
    const bytes = fs.layers.reduce((sum, layer) => sum + layer.fileBytes, 0);
    expect(bytes).toBeGreaterThan(2_600_000);
    expect(bytes).toBeLessThan(2_800_000);
    expect(size.evidence).toEqual([`${bytes} bytes of files in its layers`]);
    // buildkit-features is not a filesystem rule: the legacy builder's history fails it on the main engine.
    const failing = report.images[0]!.findings.filter(
      (finding) => finding.status === 'fail' && finding.rule !== 'buildkit-features',
    );
    expect(failing).toEqual([]);
  });

  it('knows a named USER that /etc/passwd lacks cannot start', async () => {
    const { report, code } = await runJson(['--no-run', FIXTURES.missingUser]);
    expect(fsOf(report).userResolution).toMatchObject({ user: 'ghost', resolves: false });
    expect(statuses(report)['user-exists']).toBe('fail');
    expect(code).toBe(1);
  });

  it('reads a real Debian base: os-release, dpkg and apt, setuid binaries, bash', async () => {
    const { report } = await runJson(['--no-run', FIXTURES.debian]);
    assertValidReport(report);
    const fs = fsOf(report);
    expect(fs.os).toMatchObject({ id: 'debian', versionId: '12' });
    expect(fs.packageManagers.map((tool) => tool.name)).toEqual(expect.arrayContaining(['apt', 'apt-get', 'dpkg']));
    expect(fs.setuid).toEqual(expect.arrayContaining(['/usr/bin/su', '/usr/bin/passwd', '/usr/bin/mount']));
    expect(fs.shells.map((shell) => shell.name)).toEqual(expect.arrayContaining(['bash', 'dash', 'sh']));
    expect(fs.users.find((user) => user.name === 'root')).toMatchObject({ uid: 0, home: '/root' });
    expect(fs.fileCount).toBeGreaterThan(5000);
    expect(statuses(report)).toMatchObject({
      'no-setuid-binaries': 'fail',
      'no-package-manager': 'fail',
      'minimal-base': 'fail',
    });
  });
});
