import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    writeFileSync(file, `name: imgaudit-compose-test\nservices:\n  api:\n    image: ${FIXTURES.envSecrets}\n  worker:\n    build: ./worker\n`);
    const { report } = await runJson([...STATIC, '--compose', file]);
    expect(report.images.map((image) => image.ref)).toEqual([FIXTURES.envSecrets, built]);
  });

  it('audits every fixture service of docker-compose.test.yml', async () => {
    const { report } = await runJson([...STATIC, '--compose', 'docker-compose.test.yml']);
    expect(report.images.map((image) => image.ref)).toEqual(expect.arrayContaining([FIXTURES.good, FIXTURES.bad, FIXTURES.fsRisky, FIXTURES.runtimeExits]));
    expect(report.images.length).toBeGreaterThanOrEqual(12);
    // Each service's Dockerfile comes from its build context, relative to the working directory.
    expect(report.images.find((image) => image.ref === FIXTURES.good)?.dockerfile).toBe('test/fixtures/good/Dockerfile');
  });

  it('--dockerfile names the Dockerfile of every image, or of one with IMAGE=PATH', async () => {
    const { report } = await runJson([...STATIC, '--dockerfile', 'Dockerfile', '--dockerfile', `${FIXTURES.bad}=docker/bad.Dockerfile`, FIXTURES.good, FIXTURES.bad]);
    expect(report.images.map((image) => image.dockerfile)).toEqual(['Dockerfile', 'docker/bad.Dockerfile']);
  });
});

function runDocker(args: string[]): Promise<void> {
  return new Promise((resolve) => execFile('docker', args, () => resolve()));
}
