import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithEngine, FIXTURES, runCli, runJson } from './helpers.js';

const STATIC = ['--no-fs', '--no-run'];

describeWithEngine('selecting images by pattern and from a file (real engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgaudit-select-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('audits every local tag a pattern matches, once each, in order', async () => {
    const { report } = await runJson([...STATIC, 'imgaudit-fixture/runtime-*', FIXTURES.runtimeExits]);
    expect(report.images.map((image) => image.ref)).toEqual([
      FIXTURES.runtimeExits,
      FIXTURES.runtimeFlood,
      FIXTURES.runtimeLogfile,
      FIXTURES.runtimeSecretLog,
      FIXTURES.runtimeShellForm,
      FIXTURES.runtimeUnhealthy,
    ]);
  });

  it('matches *:latest across namespaces', async () => {
    const { report } = await runJson([...STATIC, '*:latest']);
    expect(report.images.map((image) => image.ref)).toContain(FIXTURES.bad);
    expect(report.images.every((image) => image.ref.endsWith(':latest'))).toBe(true);
  });

  it('reads references and patterns from --from-file', async () => {
    const file = join(dir, 'images.txt');
    writeFileSync(file, `# the two examples\n${FIXTURES.good}\nimgaudit-fixture/env-*\n`);
    const { report } = await runJson([...STATIC, '--from-file', file]);
    expect(report.images.map((image) => image.ref)).toEqual([FIXTURES.good, FIXTURES.envSecrets]);
  });

  it('exits 2 naming a pattern that matches nothing', async () => {
    const { code, stdout, stderr } = await runCli([...STATIC, FIXTURES.good, 'nomatch/*']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('the pattern "nomatch/*" matches no image tag');
  });
});

describeWithEngine('selecting the images of a compose project (real engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgaudit-compose-'));
  const built = 'imgaudit-compose-test-worker:latest';
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await runDocker(['rmi', built]);
  });

  it('audits each service: its image:, or the image compose built for it', async () => {
    await runDocker(['tag', FIXTURES.good, built]);
    const file = join(dir, 'docker-compose.yml');
    // imgaudit reads a building service's Dockerfile: it must exist, as for compose.
    mkdirSync(join(dir, 'worker'), { recursive: true });
    writeFileSync(join(dir, 'worker', 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(
      file,
      `name: imgaudit-compose-test\nservices:\n  api:\n    image: ${FIXTURES.envSecrets}\n  worker:\n    build: ./worker\n`,
    );
    const { report } = await runJson([...STATIC, '--compose', file]);
    expect(report.images.map((image) => image.ref)).toEqual([FIXTURES.envSecrets, built]);
  });

  it('audits every fixture service of docker-compose.test.yml', async () => {
    const { report } = await runJson([...STATIC, '--compose', 'docker-compose.test.yml']);
    expect(report.images.map((image) => image.ref)).toEqual(
      expect.arrayContaining([FIXTURES.good, FIXTURES.bad, FIXTURES.fsRisky, FIXTURES.runtimeExits]),
    );
    expect(report.images.length).toBeGreaterThanOrEqual(12);
    // Each service's Dockerfile comes from its build context, relative to the working directory.
    expect(report.images.find((image) => image.ref === FIXTURES.good)?.dockerfile).toBe(
      'test/fixtures/good/Dockerfile',
    );
  });

  it('--dockerfile names the Dockerfile of every image, or of one with IMAGE=PATH', async () => {
    const { report } = await runJson([
      ...STATIC,
      '--dockerfile',
      'test/fixtures/good/Dockerfile',
      '--dockerfile',
      `${FIXTURES.bad}=test/fixtures/bad/Dockerfile`,
      FIXTURES.good,
      FIXTURES.bad,
    ]);
    expect(report.images.map((image) => image.dockerfile)).toEqual([
      'test/fixtures/good/Dockerfile',
      'test/fixtures/bad/Dockerfile',
    ]);
  });
});

function runDocker(args: string[]): Promise<void> {
  return new Promise((resolve) => execFile('docker', args, () => resolve()));
}

describeWithEngine('image id prefixes (real engine)', () => {
  const engineIds = (): Promise<string[]> =>
    new Promise((resolve, reject) =>
      execFile('docker', ['images', '--all', '--quiet', '--no-trunc'], (error, stdout) =>
        error
          ? reject(new Error(error.message))
          : resolve([
              ...new Set(
                stdout
                  .split('\n')
                  .filter(Boolean)
                  .map((id) => id.replace(/^sha256:/, '')),
              ),
            ]),
      ),
    );

  it('says ambiguous, not "not found", when several images start with the prefix (exit 2)', async () => {
    const ids = await engineIds();
    // The shortest prefix at least two images share (the fixtures make more than 16 images, so one character).
    const shared = [1, 2, 3, 4]
      .map((length) => ids.map((id) => id.slice(0, length)).find((prefix, i, all) => all.indexOf(prefix) !== i))
      .find(Boolean)!;
    const run = await runCli([...STATIC, shared]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^imgaudit: image id prefix "${shared}" is ambiguous: \\d+ images start with it \\(.*\\); give more of the id\\n$`,
      ),
    );
  });

  it('audits an image by a short unique prefix of its id, as docker accepts it', async () => {
    const { report: byRef } = await runJson([...STATIC, FIXTURES.good]);
    const id = byRef.images[0]!.id.replace(/^sha256:/, '');
    const ids = await engineIds();
    const unique = [4, 6, 8, 12]
      .map((length) => id.slice(0, length))
      .find((prefix) => ids.filter((other) => other.startsWith(prefix)).length === 1)!;
    const { report } = await runJson([...STATIC, unique]);
    expect(report.images[0]!.id).toBe(byRef.images[0]!.id);
  });
});
