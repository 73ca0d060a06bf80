import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { afterAll, expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, perEngine, runCli, runJson, statusesOf } from './helpers.js';

/** Built by docker-compose.test.yml from this Dockerfile, with test/fixtures as its context. */
const SERVICE = 'imgaudit-fixture/dockerfile-service:1.0.0';
const DOCKERFILE = 'test/fixtures/dockerfiles/service/Dockerfile';
const CONTEXT = 'test/fixtures';
const QUICK = ['--window', '2', '--stop-timeout', '2'];

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-dockerfile-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithEngine('auditing an image with its Dockerfile and build context (real engine)', () => {
  it('decides every checklist item but the CVE scan, and SARIF points at the Dockerfile lines', async () => {
    const sarifFile = join(dir, 'service.sarif');
    const { code, report } = await runJson([
      ...QUICK,
      '--no-config',
      '--dockerfile',
      DOCKERFILE,
      '--build-context',
      CONTEXT,
      '-o',
      `sarif=${sarifFile}`,
      SERVICE,
    ]);
    assertValidReport(report);
    const [image] = report.images;
    expect(image!.dockerfile).toBe(DOCKERFILE);
    expect(image!.checklist).toHaveLength(19);
    for (const row of image!.checklist)
      expect({ item: row.item, decided: row.status !== 'skip' }).toEqual({
        item: row.item,
        decided: row.item !== 'Vulnerability scan passed',
      });
    const statuses = statusesOf(report);
    expect(statuses).toMatchObject({
      'dockerfile-valid': 'pass',
      'base-image-pinned': 'pass',
      'multi-stage-build': 'pass',
      'dependencies-locked': 'pass',
      'dockerignore-optimised': 'pass',
      'final-user-not-root': 'pass',
      'no-curl-pipe-shell': 'pass',
      'no-add-url': 'pass',
      'run-pipefail': 'pass',
      'apt-no-recommends': 'pass',
      // No # syntax= line, cache or secret mount (the legacy builder of Docker 20 could not build them).
      'buildkit-features': 'fail',
    });
    // The parsed Dockerfile: the final stage's FROM and every instruction's line.
    const dockerfile = image!.facts.dockerfile!;
    expect(dockerfile.stages.map((stage) => [stage.name, stage.from.resolved, stage.from.line])).toEqual([
      ['tools', 'scratch', 2],
      [null, 'scratch', 6],
    ]);
    expect(dockerfile.stages[dockerfile.finalStage]!.instructions.map((i) => [i.keyword, i.line])).toEqual([
      ['COPY', 7],
      ['COPY', 8],
      ['COPY', 9],
      ['LABEL', 10],
      ['USER', 15],
      ['EXPOSE', 16],
      ['HEALTHCHECK', 17],
      ['ENTRYPOINT', 19],
      ['CMD', 20],
    ]);
    expect(image!.facts.buildContext).toMatchObject({ path: CONTEXT, dockerignore: null, symlinksOutside: [] });
    // The image passes the gate: the one failure is low.
    expect(code).toBe(0);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
    const buildkit = sarif.runs[0]!.results!.find((result) => result.ruleId === 'buildkit-features')!;
    expect(buildkit.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: DOCKERFILE },
      region: { startLine: 1 },
    });
  });

  it('points SARIF at the line a Dockerfile rule names', async () => {
    const sarifFile = join(dir, 'node.sarif');
    const run = await runCli([
      '--no-run',
      '--no-fs',
      '--no-config',
      '--dockerfile',
      'test/fixtures/dockerfiles/node-app/Dockerfile',
      '-f',
      'sarif',
      '-o',
      sarifFile,
      FIXTURES.bad,
    ]);
    expect(run.code).toBe(1);
    const results = (JSON.parse(readFileSync(sarifFile, 'utf8')) as Log).runs[0]!.results!;
    const lineOf = (rule: string) =>
      results.find((result) => result.ruleId === rule)?.locations![0]!.physicalLocation!.region!.startLine;
    expect({
      'base-image-pinned': lineOf('base-image-pinned'),
      'dockerignore-optimised': lineOf('dockerignore-optimised'),
      'apt-no-recommends': lineOf('apt-no-recommends'),
      'no-curl-pipe-shell': lineOf('no-curl-pipe-shell'),
      'dependencies-locked': lineOf('dependencies-locked'),
      'buildkit-features': lineOf('buildkit-features'),
      'final-user-not-root': lineOf('final-user-not-root'),
    }).toEqual({
      'base-image-pinned': 1,
      'dockerignore-optimised': 3,
      'apt-no-recommends': 4,
      'no-curl-pipe-shell': 5,
      'dependencies-locked': 6,
      'buildkit-features': 7,
      'final-user-not-root': 8,
    });
    expect(readFileSync(sarifFile, 'utf8')).not.toContain('fixture-token-value-not-real');
  });

  it('says what to pass for the items only the Dockerfile decides', async () => {
    const { report } = await runJson(['--no-run', '--no-config', SERVICE]);
    const rows = Object.fromEntries(report.images[0]!.checklist.map((row) => [row.item, row]));
    for (const item of ['Base image pinned with SHA256', 'Dependencies pinned with lock files'])
      expect(rows[item]).toMatchObject({ status: 'skip', detail: expect.stringContaining('--dockerfile') as string });
    expect(rows['BuildKit features leveraged']!.status).toBe(
      perEngine({ main: 'fail', docker26: 'warn', podman: 'fail' }),
    );
  });

  it('reads DIR/Dockerfile for --build-context DIR alone, and .imgaudit.yml images[].dockerfile', async () => {
    const alone = await runJson([
      '--no-run',
      '--no-fs',
      '--no-config',
      '--build-context',
      'test/fixtures/dockerfiles/go-app',
      SERVICE,
    ]);
    expect(alone.report.images[0]!.facts.dockerfile!.path).toBe('test/fixtures/dockerfiles/go-app/Dockerfile');
    expect(alone.report.images[0]!.facts.buildContext!.dockerignore!.patterns).toContain('.git');
    const config = join(dir, '.imgaudit.yml');
    writeFileSync(config, `images:\n  - match: '${SERVICE}'\n    dockerfile: ${process.cwd()}/${DOCKERFILE}\n`);
    const configured = await runJson(['--no-run', '--no-fs', '--config', config, SERVICE]);
    expect(configured.report.images[0]!.facts.dockerfile!.stages).toHaveLength(2);
  });

  it('refuses a missing Dockerfile and a context that is not a directory: exit 2, one line naming it', async () => {
    const missing = await runCli(['--no-run', '--no-fs', '--dockerfile', 'no/such/Dockerfile', SERVICE]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('imgaudit: the Dockerfile no/such/Dockerfile does not exist\n');
    const notDir = await runCli([
      '--no-run',
      '--no-fs',
      '--dockerfile',
      DOCKERFILE,
      '--build-context',
      DOCKERFILE,
      SERVICE,
    ]);
    expect(notDir.code).toBe(2);
    expect(notDir.stderr).toBe(`imgaudit: the build context ${DOCKERFILE} is not a directory\n`);
  });
});
