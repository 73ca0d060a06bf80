import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DiffReport } from '../../src/compare/diff.js';
import { describeWithEngine, FIXTURES, perEngine, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-diff-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithEngine('imgaudit diff on the real engine', () => {
  it('audits both images in one run and fails on the regression only when asked', async () => {
    const plain = await runCli(['diff', '--no-run', '--no-config', FIXTURES.good, FIXTURES.bad]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`${FIXTURES.good} → ${FIXTURES.bad}`);
    // The good image scores 96 on the main engine (buildkit-features fails on the legacy builder's history), 98 on Docker 26.
    const before = perEngine({ main: 96, docker26: 98, podman: 96 });
    expect(plain.stdout).toMatch(new RegExp(`REGRESSION: score fell ${before} → \\d+; new high finding non-root-user`));
    const gated = await runCli([
      'diff',
      '--no-run',
      '--no-config',
      '--fail-on-regression',
      FIXTURES.good,
      FIXTURES.bad,
    ]);
    expect(gated.code).toBe(1);
    const json = await runCli(['diff', '--no-run', '--no-config', '--format', 'json', FIXTURES.good, FIXTURES.bad]);
    const diff = JSON.parse(json.stdout) as DiffReport;
    expect(diff.regressed).toBe(true);
    expect(diff.images).toHaveLength(1);
    expect(diff.images[0]!.appeared.map((change) => change.rule)).toContain('non-root-user');
    expect(diff.images[0]!.disappeared).toEqual([]);
  });

  it('compares a saved report with the image now: no regression when nothing changed', async () => {
    const report = join(dir, 'main.json');
    await runCli(['--no-run', '--no-config', '-o', `json=${report}`, FIXTURES.fsRisky]);
    const run = await runCli([
      'diff',
      '--no-run',
      '--no-config',
      '--fail-on-regression',
      '--format',
      'markdown',
      '-o',
      join(dir, 'diff.md'),
      report,
      FIXTURES.fsRisky,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`markdown diff report written to ${join(dir, 'diff.md')}`);
    const markdown = readFileSync(join(dir, 'diff.md'), 'utf8');
    expect(markdown).toContain('imgaudit-fixture/fs-risky:1.0.0');
    expect(markdown.toLowerCase()).toContain('no regression');
  });

  it('says in one line what is wrong with its input, exit 2', async () => {
    const missing = await runCli(['diff', join(dir, 'nope.json'), FIXTURES.good]);
    expect(missing).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `imgaudit: cannot read report ${join(dir, 'nope.json')}: ENOENT\n`,
    });
    const unknown = await runCli(['diff', '--no-run', FIXTURES.good, 'imgaudit-fixture/nope:1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^imgaudit: image "imgaudit-fixture\/nope:1" not found on the Docker engine at [^\n]+\n$/,
    );
  });
});
