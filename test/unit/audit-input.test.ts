import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, INPUT_RUNTIME_SKIPPED } from '../../src/audit.js';
import type { LayerStoreStats } from '../../src/collect/layers/types.js';
import { FORMATS, renderReport } from '../../src/report/index.js';
import { buildOci, sha256 } from './collect/layers/oci.js';
import { gzip, packTar } from './collect/layers/tar.js';

let dir: string;
let archive: string;
let configDigest: string;
const SECRET = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

/** An engine that must not be asked anything: any property read fails the test. */
const noEngine = new Proxy(
  {},
  {
    get(_, key) {
      throw new Error(`the engine was asked for ${String(key)}`);
    },
  },
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imgaudit-audit-input-'));
  const base = await packTar([
    { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\napp:x:10001:10001::/app:/bin/false\n' },
    { name: 'bin/su', content: 'su', mode: 0o4755 },
  ]);
  const top = await packTar([{ name: 'app/.npmrc', content: `//registry.npmjs.org/:_authToken=${SECRET}\n` }]);
  const built = buildOci(
    [
      {
        layers: [{ blob: gzip(base), tar: base }, { blob: top }],
        config: {
          created: '2026-01-02T03:04:05.123Z',
          config: { User: '10001', Env: [`GITHUB_TOKEN=${SECRET}`], Entrypoint: ['/app/run'] },
          history: [
            { created_by: 'ADD base /', created: '2026-01-02T03:04:05Z' },
            { created_by: 'USER 10001', empty_layer: true },
            { created_by: 'COPY .npmrc /app/' },
          ],
        },
      },
    ],
    {
      nested: true,
      attestations: true,
      blobOrder: 'digest',
      annotations: { 'io.containerd.image.name': 'shop/app:3' },
    },
  );
  configDigest = built.configDigests[0]!;
  archive = join(dir, 'app.tar');
  await writeFile(archive, await packTar(built.items));
  expect(sha256(base)).not.toBe(sha256(gzip(base)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit({ inputs }): an image from a file, with no engine at all', () => {
  it('audits its configuration and files, skips the runtime phase saying why, and never asks the engine', async () => {
    const report = await audit([], { inputs: [archive], docker: noEngine, cache: false });
    const [image] = report.images;
    expect(image!.ref).toBe(`${archive} (shop/app:3)`);
    expect(image!.id).toBe(configDigest);
    expect(image!.facts.input).toEqual({ path: archive, format: 'oci-archive', name: 'shop/app:3' });
    expect(image!.facts).toMatchObject({ repoTags: ['shop/app:3'], user: '10001', layerCount: 2, historyCount: 3 });
    expect(image!.facts.runtime).toBeUndefined();
    expect(image!.facts.filesystem?.setuid).toEqual(['/bin/su']);
    // Regular file bytes: passwd (61) and su (2) in the base, .npmrc (76) on top.
    expect(image!.facts.filesystem!.layers.map((layer) => layer.fileBytes)).toEqual([63, 76]);
    expect(image!.facts.sizeBytes).toBe(139);
    expect(image!.facts.history.map((step) => step.sizeBytes)).toEqual([63, 0, 76]);
    const runtimeRules = image!.findings.filter(
      (finding) => finding.rule === 'starts-cleanly' || finding.rule === 'runtime-non-root',
    );
    expect(runtimeRules.map((finding) => [finding.status, finding.message])).toEqual([
      ['skip', `needs the runtime checks: ${INPUT_RUNTIME_SKIPPED}`],
      ['skip', `needs the runtime checks: ${INPUT_RUNTIME_SKIPPED}`],
    ]);
    const statuses = Object.fromEntries(image!.findings.map((finding) => [finding.rule, finding.status]));
    expect(statuses).toMatchObject({
      'no-secrets-in-env': 'fail',
      'no-secrets-in-layers': 'fail',
      'no-setuid-binaries': 'fail',
      'layers-readable': 'pass',
      'no-latest-tag': 'pass',
    });
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('keeps and reuses the layer cache, keyed by diff id, as for an image on an engine', async () => {
    const cache = join(dir, 'cache');
    const stats: LayerStoreStats[] = [];
    const first = await audit([], {
      inputs: [archive],
      docker: noEngine,
      cache,
      onLayerStats: (s) => stats.push({ ...s }),
    });
    const second = await audit([], {
      inputs: [archive],
      docker: noEngine,
      cache,
      onLayerStats: (s) => stats.push({ ...s }),
    });
    expect(stats.map((s) => [s.streamedLayers, s.cachedImages])).toEqual([
      [2, 0],
      [0, 1],
    ]);
    expect(second.images[0]!.facts.filesystem).toEqual(first.images[0]!.facts.filesystem);
    expect(second.images[0]!.facts.sizeBytes).toBe(first.images[0]!.facts.sizeBytes);
  });

  it('with --no-fs, sizes the image by its layers as stored in the archive', async () => {
    const report = await audit([], { inputs: [archive], docker: noEngine, filesystem: false });
    const facts = report.images[0]!.facts;
    expect(facts.filesystem).toBeUndefined();
    expect(facts.sizeBytes).toBeGreaterThan(0);
    expect(facts.history[1]!.sizeBytes).toBe(0);
    expect(facts.sizeBytes).toBe(facts.history[0]!.sizeBytes + facts.history[2]!.sizeBytes);
  });

  it('names no image: a usage error that mentions --input', async () => {
    await expect(audit([], { docker: noEngine })).rejects.toThrow(/pattern, compose file or input/);
  });

  it('shows a hostile name from the archive escaped in every format, and redacted', async () => {
    const built = buildOci([{ layers: [{ blob: await packTar([{ name: 'a', content: 'a' }]) }] }], {
      annotations: { 'org.opencontainers.image.ref.name': `evil\u001b[2J\u202e:${SECRET}` },
    });
    const path = join(dir, 'hostile-name.tar');
    await writeFile(path, await packTar(built.items));
    const report = await audit([], { inputs: [path], docker: noEngine, cache: false });
    expect(report.images[0]!.ref).not.toContain(SECRET);
    for (const format of FORMATS) {
      const text = await renderReport(format, report, { color: false, width: 120, dockerfileFor: () => undefined });
      expect(text, format).not.toMatch(/[\u001b\u202e]/);
      expect(text, format).not.toContain(SECRET);
    }
  });
});
