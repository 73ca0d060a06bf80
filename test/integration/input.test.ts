import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import Docker from 'dockerode';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditReport, ImageResult } from '../../src/evaluate/result.js';
import { RULES } from '../../src/rules/index.js';
import { HOSTILE_SECRET_VALUES, leakedSecrets } from '../helpers/hostile.js';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, runJson } from './helpers.js';

const docker = new Docker();
const dir = mkdtempSync(join(tmpdir(), 'imgaudit-input-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** No engine answers there: an --input audit must not need one. */
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent.sock' };
const REASON = 'needs the runtime checks: the image came from --input: nothing runs without an engine';
const IMAGES = { good: FIXTURES.good, hostile: FIXTURES.hostile, fsRisky: FIXTURES.fsRisky } as const;
const archives: Record<string, string> = {};

async function save(ref: string, file: string): Promise<void> {
  const stream = await docker.getImage(ref).get();
  await pipeline(stream, createWriteStream(file));
}

const digest = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * An OCI image layout directory made from a legacy docker save of the same image: the same config blob (so the same
 * image id) and the same layers, gzipped as blobs (so the same diff ids), named by ref.name.
 */
async function ociLayoutFrom(archive: string, target: string, name: string): Promise<void> {
  const entries = new Map<string, Buffer>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const parts: Buffer[] = [];
    stream.on('data', (part: unknown) => void parts.push(part as Buffer));
    stream.on('end', () => {
      if (header.type === 'file') entries.set(header.name, Buffer.concat(parts));
      next();
    });
  });
  await pipeline(Readable.from([readFileSync(archive)]), extract);
  const [manifest] = JSON.parse(entries.get('manifest.json')!.toString()) as { Config: string; Layers: string[] }[];
  mkdirSync(join(target, 'blobs', 'sha256'), { recursive: true });
  const blob = (bytes: Buffer | string) => {
    const id = digest(bytes);
    writeFileSync(join(target, 'blobs', 'sha256', id.slice(7)), bytes);
    return { digest: id, size: Buffer.byteLength(bytes) };
  };
  const config = blob(entries.get(manifest!.Config)!);
  const layers = manifest!.Layers.map((path) => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ...blob(gzipSync(entries.get(path)!)),
  }));
  const imageManifest = blob(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers,
    }),
  );
  writeFileSync(join(target, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(target, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...imageManifest,
          annotations: { 'org.opencontainers.image.ref.name': name },
        },
      ],
    }),
  );
}

/** The facts an engine measures differently (sizes), or only it has (runtime, engine), or only a file has (input). */
function comparable(image: ImageResult) {
  const { runtime: _runtime, input: _input, engine: _engine, sizeBytes: _size, ...facts } = image.facts;
  return { ...facts, history: facts.history.map((step) => ({ ...step, sizeBytes: 0 })) };
}

/** Rule → status, for the rules that ran. */
const ran = (image: ImageResult) =>
  Object.fromEntries(image.findings.filter((f) => f.status !== 'skip').map((f) => [f.rule, f.status]));

describeWithEngine('--input: an image from a file, audited with no engine', () => {
  beforeAll(async () => {
    for (const [name, ref] of Object.entries(IMAGES)) {
      archives[name] = join(dir, `${name}.tar`);
      await save(ref, archives[name]);
    }
  }, 120_000);

  it.each(Object.keys(IMAGES))(
    '%s: the same configuration and filesystem facts and verdicts as the engine audit',
    async (name) => {
      const ref = IMAGES[name as keyof typeof IMAGES];
      const [engine, file] = await Promise.all([
        runJson(['--no-config', '--no-run', '--no-cache', ref]),
        runJson(['--no-config', '--no-cache', '--input', archives[name]!], NO_ENGINE),
      ]);
      assertValidReport(file.report);
      const fromEngine = engine.report.images[0]!;
      const fromFile = file.report.images[0]!;
      expect(file.code).toBe(engine.code);
      expect(fromFile.ref).toBe(`${archives[name]} (${ref})`);
      expect(fromFile.facts.input).toEqual({ path: archives[name], format: 'docker-archive', name: ref });
      expect(fromFile.id).toBe(fromEngine.id);
      // The engine says which it is (the main engine is Docker 20.10); no engine was asked for the file.
      expect(fromEngine.facts.engine).toEqual({ kind: 'docker', version: expect.stringMatching(/^20\.10\./) });
      expect(fromFile.facts.engine).toBeUndefined();
      expect(comparable(fromFile)).toEqual(comparable(fromEngine));
      expect(ran(fromFile)).toEqual(ran(fromEngine));
      // Sizes: the scanned layers' file bytes; the engine also counts directories and symlinks, so a little more.
      const layerBytes = fromFile.facts.filesystem!.layers.map((layer) => layer.fileBytes);
      expect(fromFile.facts.sizeBytes).toBe(layerBytes.reduce((sum, bytes) => sum + bytes, 0));
      expect(fromFile.facts.sizeBytes).toBeLessThanOrEqual(fromEngine.facts.sizeBytes);
      expect(fromFile.facts.sizeBytes).toBeGreaterThan(fromEngine.facts.sizeBytes * 0.99);
      // The runtime phase is skipped, saying why.
      expect(fromFile.facts.runtime).toBeUndefined();
      const needRuntime = RULES.filter((rule) => rule.needs.includes('runtime')).map((rule) => rule.id);
      expect(needRuntime.length).toBeGreaterThan(4);
      const runtimeRules = fromFile.findings.filter((f) => needRuntime.includes(f.rule));
      expect(runtimeRules.map((f) => [f.rule, f.status, f.message])).toEqual(
        needRuntime.map((rule) => [rule, 'skip', REASON]),
      );
    },
    60_000,
  );

  it('hostile: no secret in full in any format, on stderr or in the cache', async () => {
    const cacheDir = join(dir, 'hostile-cache');
    const outputs = ['table', 'sarif', 'junit', 'markdown', 'html'].map((format) => [format, join(dir, `h.${format}`)]);
    const run = await runCli(
      [
        '--no-config',
        '--debug',
        '--cache-dir',
        cacheDir,
        '--format',
        'json',
        ...outputs.flatMap(([format, file]) => ['-o', `${format}=${file}`]),
        '--input',
        archives.hostile!,
      ],
      NO_ENGINE,
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.images[0]!.facts.envSecrets.length).toBeGreaterThan(5);
    expect(report.images[0]!.facts.filesystem!.secrets.length).toBeGreaterThan(0);
    const written = [
      run.stdout,
      run.stderr,
      ...outputs.map(([, file]) => readFileSync(file!, 'utf8')),
      ...readdirSync(cacheDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8')),
    ];
    for (const text of written) expect(leakedSecrets(text, HOSTILE_SECRET_VALUES)).toEqual([]);
  }, 60_000);

  it('an OCI layout directory made from the same layers: the same image, the same facts', async () => {
    const layout = join(dir, 'good-layout');
    await ociLayoutFrom(archives.good!, layout, '1.0.0');
    const [engine, file] = await Promise.all([
      runJson(['--no-config', '--no-run', '--no-cache', FIXTURES.good]),
      runJson(['--no-config', '--no-cache', '--input', layout], NO_ENGINE),
    ]);
    const fromFile = file.report.images[0]!;
    expect(fromFile.ref).toBe(`${layout} (1.0.0)`);
    expect(fromFile.facts.input).toEqual({ path: layout, format: 'oci-layout', name: '1.0.0' });
    expect(fromFile.id).toBe(engine.report.images[0]!.id);
    // The layers are gzip blobs now; all else is the same image.
    const { filesystem: fileFs, ...fileFacts } = comparable(fromFile);
    const { filesystem: engineFs, ...engineFacts } = comparable(engine.report.images[0]!);
    expect({ ...fileFacts, repoTags: [] }).toEqual({ ...engineFacts, repoTags: [] });
    expect(fromFile.facts.repoTags).toEqual(['1.0.0']);
    expect(fileFs!.layers.map((layer) => layer.compression)).toEqual(['gzip', 'gzip', 'gzip']);
    const withoutSources = (fs: typeof fileFs) => ({
      ...fs!,
      layers: fs!.layers.map(({ source: _source, compression: _compression, ...layer }) => layer),
    });
    expect(withoutSources(fileFs)).toEqual(withoutSources(engineFs));
    expect(ran(fromFile)).toEqual(ran(engine.report.images[0]!));
  }, 60_000);

  it('needs no usable docker context either: an undefined current context fails only what would use the engine', async () => {
    const config = join(dir, 'docker-config');
    mkdirSync(config, { recursive: true });
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'ghost' }));
    const env = { DOCKER_HOST: '', DOCKER_CONFIG: config };
    const fromFile = await runCli(['--no-config', '--format', 'json', '--input', archives.good!], env);
    expect(fromFile.code).toBe(0);
    const onEngine = await runCli(['--no-config', '--no-run', FIXTURES.good], env);
    expect([onEngine.code, onEngine.stderr]).toEqual([
      2,
      `imgaudit: docker context "ghost" is not defined in ${config} (see docker context ls)\n`,
    ]);
  });

  it('a truncated copy: exit 3, one line naming the file and the fault', async () => {
    const whole = readFileSync(archives.good!);
    const cut = join(dir, 'cut.tar');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const run = await runCli(['--no-config', '--input', cut], NO_ENGINE);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^imgaudit: ${cut}: not a valid image archive: unexpected end of data in the tar after \\d+ bytes\\n$`,
      ),
    );
  });

  it('a missing path and a directory that is not an OCI layout: exit 2, one line', async () => {
    const missing = await runCli(['--no-config', '--input', join(dir, 'nope.tar')], NO_ENGINE);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      `imgaudit: --input ${join(dir, 'nope.tar')}: no such file or directory\n`,
    ]);
    const plain = join(dir, 'plain-dir');
    mkdirSync(plain);
    const notLayout = await runCli(['--no-config', '--input', plain], NO_ENGINE);
    expect([notLayout.code, notLayout.stderr]).toEqual([
      2,
      `imgaudit: --input ${plain}: a directory that is not an OCI image layout (it needs oci-layout and index.json)\n`,
    ]);
  });

  it('--load: an image the engine lacks is loaded without a name, run, and removed again', async () => {
    // A label unique to this run gives an image id the engine has never seen; its layers are the good image's.
    const context = join(dir, 'load-context');
    mkdirSync(context);
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${FIXTURES.good}\nLABEL imgaudit.input-load-test=${process.pid}-${Date.now()}\n`,
    );
    const tag = 'imgaudit-fixture-input/load:1';
    await new Promise<void>((resolve, reject) =>
      execFile('docker', ['build', '-q', '-t', tag, context], (error) =>
        error ? reject(new Error(error.message)) : resolve(),
      ),
    );
    const id = (await docker.getImage(tag).inspect()).Id;
    const file = join(dir, 'load.tar');
    try {
      await save(tag, file);
    } finally {
      await docker.getImage(tag).remove();
    }
    const run = await runJson(['--no-config', '--no-cache', '--load', '--input', file]);
    const image = run.report.images[0]!;
    expect(image.id).toBe(id);
    expect(image.ref).toBe(`${file} (${tag})`);
    expect(image.facts.runtime).toMatchObject({ started: true, running: true, health: { status: 'healthy' } });
    expect(image.findings.find((f) => f.rule === 'starts-cleanly')?.status).toBe('pass');
    // Gone again (an image a container still used could not have been removed), and no tag was ever set.
    await expect(docker.getImage(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(docker.getImage(tag).inspect()).rejects.toMatchObject({ statusCode: 404 });
  }, 120_000);

  it('--load: an image the engine already has is run and left as it was', async () => {
    const before = await docker.getImage(FIXTURES.good).inspect();
    const run = await runJson(['--no-config', '--no-cache', '--load', '--input', archives.good!]);
    expect(run.report.images[0]!.facts.runtime?.started).toBe(true);
    const after = await docker.getImage(FIXTURES.good).inspect();
    expect([after.Id, after.RepoTags]).toEqual([before.Id, before.RepoTags]);
  }, 120_000);
});
