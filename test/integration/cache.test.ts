import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithEngine, FIXTURES, runCli } from './helpers.js';

/** fs-risky and good share their bottom layer (busybox); bad has its own. */
const IMAGES = [FIXTURES.fsRisky, FIXTURES.good, FIXTURES.bad];
const FAKE_SECRETS = ['npm_IMGAUDITFIXTUREdeletedTOKEN012345678', 'sk_live_IMGAUDITFIXTURE0000fake'];

const cacheDir = mkdtempSync(join(tmpdir(), 'imgaudit-cache-it-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function auditWith(args: string[]) {
  const run = await runCli(['--no-run', '--debug', '--format', 'json', ...args, ...IMAGES], {
    IMGAUDIT_CACHE_DIR: cacheDir,
  });
  const stats =
    /layers: (\d+) streamed \((\d+) images\), (\d+) from the disk cache, \d+ shared, (\d+) images' files from the disk cache/.exec(
      run.stderr,
    );
  if (!stats) throw new Error(`no layer statistics (exit ${run.code}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as import('../../src/evaluate/result.js').AuditReport;
  return {
    report,
    streamed: Number(stats[1]),
    streamedImages: Number(stats[2]),
    fromDisk: Number(stats[3]),
    cachedImages: Number(stats[4]),
  };
}

describeWithEngine('layer cache and shared layers', () => {
  let first: Awaited<ReturnType<typeof auditWith>>;

  it('streams the three images once, each shared layer once, and fills the cache', async () => {
    first = await auditWith([]);
    const unique = new Set(first.report.images.flatMap((image) => image.facts.layerDiffIds));
    const total = first.report.images.reduce((sum, image) => sum + image.facts.layerDiffIds.length, 0);
    expect(unique.size).toBeLessThan(total);
    expect(first).toMatchObject({ streamed: unique.size, streamedImages: 3, fromDisk: 0, cachedImages: 0 });
    expect(
      readdirSync(
        join(
          cacheDir,
          readdirSync(cacheDir).find((name) => name.startsWith('layers-'))!,
        ),
      ),
    ).toHaveLength(unique.size);
  });

  it('answers a second run from the cache alone, with the same report', async () => {
    const second = await auditWith([]);
    expect(second).toMatchObject({ streamed: 0, streamedImages: 0, cachedImages: 3 });
    expect(second.report).toEqual(first.report);
  });

  it('builds an image rebuilt on cached layers from those layers, streaming nothing', async () => {
    // The image entries and finished facts go; the layers stay: like a rebuild that changed only its config.
    for (const name of readdirSync(cacheDir).filter((dir) => dir.startsWith('images-')))
      rmSync(join(cacheDir, name), { recursive: true });
    const third = await auditWith([]);
    const unique = new Set(first.report.images.flatMap((image) => image.facts.layerDiffIds));
    expect(third).toMatchObject({ streamed: 0, streamedImages: 0, cachedImages: 0, fromDisk: unique.size });
    // Without the saved configs the layer → history step mapping comes from the history API: same facts here.
    expect(third.report).toEqual(first.report);
  });

  it('--no-cache streams again and agrees', async () => {
    const bypass = await auditWith(['--no-cache']);
    expect(bypass.streamedImages).toBe(3);
    expect(bypass.report).toEqual(first.report);
  });

  it('keeps secrets out of the cache: only the redacted previews are stored', () => {
    const layersDir = join(
      cacheDir,
      readdirSync(cacheDir).find((name) => name.startsWith('layers-'))!,
    );
    const stored = readdirSync(layersDir)
      .map((file) => readFileSync(join(layersDir, file), 'utf8'))
      .join('\n');
    expect(stored).toContain('npm-token: npm_');
    for (const value of FAKE_SECRETS) expect(stored).not.toContain(value);
    expect(stored).not.toContain(Buffer.from(FAKE_SECRETS[0]!).toString('base64').slice(0, 20));
  });
});
