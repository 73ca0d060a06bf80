import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, runJson } from './helpers.js';

type Report = Awaited<ReturnType<typeof runJson>>['report'];

/** rule → origin of the warned and failed findings of the report's one image. */
const origins = (report: Report) =>
  Object.fromEntries(report.images[0]!.findings.flatMap((f) => (f.origin ? [[f.rule, f.origin]] : [])));

// base-own-base: COPY busybox, RUN --install, RUN (setuid file, world-writable dir), CMD: 3 layers, 4 steps.
const BASE = { layers: 3, historySteps: 4 };

describeWithEngine('base image findings told from the image’s own (multi-stage fixture on a local base)', () => {
  let dir: string;
  let acceptEnv: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imgaudit-base-own-'));
    // The team accepted its own .env: what is left failing at medium is the base image's alone.
    acceptEnv = join(dir, 'accept-env.yml');
    await writeFile(acceptEnv, 'allow:\n  secrets:\n    - path: /app/.env\n      reason: no secret in it\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('without --base-image: the history heuristic finds the base, says it is a guess, and splits the findings', async () => {
    const { report } = await runJson(['--no-run', '--no-config', FIXTURES.baseOwn]);
    assertValidReport(report);
    const image = report.images[0]!;
    expect(image.facts.base).toEqual({ ...BASE, source: 'heuristic' });
    expect(origins(report)).toEqual({
      'no-setuid-binaries': 'base',
      'no-world-writable': 'base',
      'no-sensitive-files': 'own',
      'oci-labels': 'own',
      // From the history alone: the classic builder made it, the team's choice, not the base's.
      'buildkit-features': 'own',
    });
    const byRule = (rule: string) => image.findings.find((finding) => finding.rule === rule)!;
    expect(byRule('no-setuid-binaries').evidenceOrigin).toEqual(['base']);
    expect(byRule('no-sensitive-files').evidenceOrigin).toEqual([expect.stringMatching(/^build step 4: COPY /)]);
    expect(image.baseSplit).toEqual({ base: 2, own: 3, hidden: 0, baseFindings: 'gate' });
    const table = await runCli(['--no-run', '--no-config', '--no-color', FIXTURES.baseOwn]);
    expect(table.stdout).toContain('a guess, give --base-image to be sure');
    expect(table.stdout).toMatch(/setuid \/usr\/local\/bin\/base-suid \[base\]/);
  });

  it('with --base-image: the base image’s layers as a prefix, no guess, the same split', async () => {
    const { report } = await runJson([
      '--no-run',
      '--no-config',
      '--base-image',
      FIXTURES.baseOwnBase,
      FIXTURES.baseOwn,
    ]);
    assertValidReport(report);
    expect(report.images[0]!.facts.base).toEqual({ ...BASE, source: 'base-image', reference: FIXTURES.baseOwnBase });
    expect(origins(report)).toMatchObject({
      'no-setuid-binaries': 'base',
      'no-world-writable': 'base',
      'no-sensitive-files': 'own',
    });
    const table = await runCli([
      '--no-run',
      '--no-config',
      '--no-color',
      '--base-image',
      FIXTURES.baseOwnBase,
      FIXTURES.baseOwn,
    ]);
    expect(table.stdout).toContain(`Base image ${FIXTURES.baseOwnBase}: its 3 layers and 4 history steps.`);
    expect(table.stdout).not.toContain('a guess');
  });

  it('a --base-image that is not the base (or not on the engine): said, and the heuristic instead', async () => {
    const other = await runJson(['--no-run', '--no-config', '--base-image', FIXTURES.good, FIXTURES.baseOwn]);
    expect(other.report.images[0]!.facts.base).toMatchObject({
      ...BASE,
      source: 'heuristic',
      note: expect.stringContaining('are not the first layers of this image'),
    });
    const missing = await runJson([
      '--no-run',
      '--no-config',
      '--base-image',
      'imgaudit-fixture/no-such-base:9',
      FIXTURES.baseOwn,
    ]);
    expect(missing.report.images[0]!.facts.base).toMatchObject({
      source: 'heuristic',
      note: expect.stringContaining('not found on the Docker engine'),
    });
  });

  it('the base image audited alone: its closing CMD ends nothing, so all of it is its own', async () => {
    const { report } = await runJson(['--no-run', '--no-config', FIXTURES.baseOwnBase]);
    expect(report.images[0]!.facts.base).toMatchObject({ layers: 0, historySteps: 0, source: 'none' });
    expect(origins(report)).toMatchObject({ 'no-setuid-binaries': 'own', 'no-world-writable': 'own' });
  });

  it('--ignore-base: inherited failures no longer fail the gate (exit 1 → 0), the score stays', async () => {
    const args = ['--no-run', '--config', acceptEnv, '--fail-on', 'medium', FIXTURES.baseOwn];
    const gated = await runJson(args);
    expect(gated.code).toBe(1);
    expect(gated.report.images[0]!.gateReasons).toEqual([
      'medium finding no-setuid-binaries',
      'medium finding no-world-writable',
    ]);
    const ignored = await runJson([...args, '--ignore-base']);
    expect(ignored.code).toBe(0);
    expect(ignored.report.images[0]!.score).toBe(gated.report.images[0]!.score);
    expect(origins(ignored.report)).toMatchObject({ 'no-setuid-binaries': 'base', 'no-world-writable': 'base' });
  });

  it('baseFindings: hide in .imgaudit.yml leaves them out of the report too, counted', async () => {
    const hide = join(dir, 'hide.yml');
    await writeFile(
      hide,
      'baseFindings: hide\nimages:\n  - match: imgaudit-fixture/base-own\n    baseImage: imgaudit-fixture/base-own-base:1.0.0\n',
    );
    const { report, code } = await runJson(['--no-run', '--config', hide, '--fail-on', 'medium', FIXTURES.baseOwn]);
    assertValidReport(report);
    const image = report.images[0]!;
    expect(image.facts.base?.source).toBe('base-image');
    expect(image.findings.map((finding) => finding.rule)).not.toContain('no-setuid-binaries');
    expect(image.baseSplit).toEqual({ base: 2, own: 3, hidden: 2, baseFindings: 'hide' });
    expect(image.gateReasons).toEqual(['high finding no-sensitive-files']);
    expect(code).toBe(1);
  });

  it('--input: the same boundary from the archive (its config says which step made each layer), no engine needed', async () => {
    const archive = join(dir, 'base-own.tar');
    await promisify(execFile)('docker', ['save', '-o', archive, FIXTURES.baseOwn]);
    const { report } = await runJson(['--no-config', '--input', archive], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(report.images[0]!.facts.base).toEqual({ ...BASE, source: 'heuristic' });
    expect(report.images[0]!.facts.filesystem!.layers.map((layer) => layer.historyIndex)).toEqual([0, 1, 2, 4]);
    expect(origins(report)).toMatchObject({ 'no-setuid-binaries': 'base', 'no-sensitive-files': 'own' });
  });

  it('SARIF results carry the origin', async () => {
    const run = await runCli(['--no-run', '--no-config', '-f', 'sarif', FIXTURES.baseOwn]);
    const results = JSON.parse(run.stdout).runs[0].results as { ruleId: string; properties: { origin?: string } }[];
    expect(results.find((result) => result.ruleId === 'no-world-writable')?.properties.origin).toBe('base');
    expect(results.find((result) => result.ruleId === 'no-sensitive-files')?.properties.origin).toBe('own');
  });

  it('with its Dockerfile: each own step names the Dockerfile line that made it', async () => {
    const { report } = await runJson([
      '--no-run',
      '--no-config',
      '--dockerfile',
      'test/fixtures/base-own/Dockerfile',
      FIXTURES.baseOwn,
    ]);
    const image = report.images[0]!;
    // The Dockerfile's final FROM is the base: its steps end where the COPY of line 7 starts.
    expect(image.facts.base?.historySteps).toBe(BASE.historySteps);
    const byRule = (rule: string) => image.findings.find((finding) => finding.rule === rule)!;
    expect(byRule('no-sensitive-files').evidenceOrigin).toEqual([
      expect.stringMatching(/^build step 4 \(Dockerfile line 7\): COPY /),
    ]);
    expect(byRule('no-setuid-binaries').evidenceOrigin).toEqual(['base']);
  });

  it('dockerignore-optimised: a file in the image that the given context would ignore means another context built it', async () => {
    const context = join(dir, 'other-context');
    await mkdir(context);
    await writeFile(
      join(context, 'Dockerfile'),
      'FROM imgaudit-fixture/base-own-base:1.0.0\nWORKDIR /app\nCOPY . .\nUSER 10001:10001\n',
    );
    await writeFile(join(context, '.dockerignore'), '.git\n.env*\n*.pem\n*.key\n**/id_*\nDockerfile\n');
    const { report } = await runJson(['--no-run', '--no-config', '--build-context', context, FIXTURES.baseOwn]);
    const finding = report.images[0]!.findings.find((candidate) => candidate.rule === 'dockerignore-optimised')!;
    expect(finding).toMatchObject({
      status: 'fail',
      message:
        '1 file in the image that .dockerignore excludes: the image was not built from this context and its .dockerignore',
    });
    expect(finding.evidence[0]).toBe(
      '/app/.env is in the image, but .dockerignore excludes .env (line 3 copies the context to /app)',
    );
  });
});
