import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, perEngine, runCli } from './helpers.js';

const oneLine = (text: string) => text.trimEnd().split('\n');

describeWithEngine('imgaudit command line (real engine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'imgaudit-cli-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the checklist table with one row per item and the findings with fixes', async () => {
    const { code, stdout, stderr } = await runCli(['--no-run', FIXTURES.bad]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('imgaudit-fixture/bad:latest');
    expect(stdout).toMatch(/Score \d+\/100\s+Grade F\s+FAILS the gate: high finding non-root-user/);
    expect(stdout).toMatch(/│ Non-root user configured\s+│ FAIL/);
    expect(stdout).toMatch(/│ Read-only root filesystem compatible\s+│ SKIP\s+│ needs the runtime checks/);
    expect(stdout).toContain('Fix:');
    expect(stdout).not.toContain('\u001b');
  });

  it('never passes control characters from image labels to the terminal', async () => {
    const { stdout } = await runCli(['--no-run', FIXTURES.bad]);
    // The bad fixture carries a label with ESC sequences and a bidi override; the table does not print labels
    // but JSON does: it must escape them, and no output may contain them raw.
    expect(stdout).not.toMatch(/[\u001b\u202e]/);
    const json = await runCli(['--no-run', '--format', 'json', FIXTURES.bad]);
    expect(json.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(JSON.parse(json.stdout).images[0].facts.labels.description).toBe('\u001b[31mred\u001b[0m \u202eevil');
  });

  it('writes the report to --output and says so on stderr', async () => {
    const file = join(dir, 'report.json');
    const { code, stdout, stderr } = await runCli(['--no-run', '--format', 'json', '--output', file, FIXTURES.good]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
    assertValidReport(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('gates on --fail-on and --fail-under', async () => {
    expect((await runCli(['--no-run', '--fail-on', 'none', FIXTURES.bad])).code).toBe(0);
    expect((await runCli(['--no-run', '--fail-on', 'none', '--fail-under', '80', FIXTURES.bad])).code).toBe(1);
    // The good image's one low finding: buildkit-features fails on the legacy builder's history (main engine).
    expect((await runCli(['--no-run', '--fail-on', 'low', FIXTURES.good])).code).toBe(
      perEngine({ main: 1, docker26: 0, podman: 1 }),
    );
    expect((await runCli(['--no-run', '--fail-on', 'medium', FIXTURES.good])).code).toBe(0);
    expect((await runCli(['--no-run', '--fail-on', 'critical', FIXTURES.envSecrets])).code).toBe(1);
  });

  it('exits 2 with one line naming an unknown image', async () => {
    const { code, stdout, stderr } = await runCli(['imgaudit-fixture/does-not-exist:1.0']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toContain('"imgaudit-fixture/does-not-exist:1.0" not found');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with one line for a malformed reference, before any daemon call', async () => {
    const { code, stderr } = await runCli(['Not/A/Valid:Ref!'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(code).toBe(2);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toContain('invalid image reference "Not/A/Valid:Ref!"');
  });

  it('exits 2 with one line for a bad flag or value', async () => {
    for (const args of [
      ['--frobnicate', FIXTURES.good],
      ['--fail-on', 'severe', FIXTURES.good],
      ['--size-warn', 'huge', FIXTURES.good],
      ['--format', 'xml', FIXTURES.good],
      [],
    ]) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(oneLine(stderr), args.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(/^imgaudit: /);
    }
  });

  it('exits 2 when --size-warn is above --size-fail', async () => {
    const { code, stderr } = await runCli(['--size-warn', '600MB', '--size-fail', '500MB', FIXTURES.good]);
    expect(code).toBe(2);
    expect(stderr).toContain('--size-warn');
  });

  it('exits 3 with one line naming DOCKER_HOST when the engine is unreachable', async () => {
    for (const host of ['unix:///nonexistent/docker.sock', 'tcp://127.0.0.1:1']) {
      const { code, stdout, stderr } = await runCli(['--no-run', FIXTURES.good], { DOCKER_HOST: host });
      expect(code, host).toBe(3);
      expect(stdout).toBe('');
      expect(oneLine(stderr)).toHaveLength(1);
      expect(stderr).toContain(host);
    }
  });

  it('prints version and help with exit 0', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--format',
      '--output',
      '--fail-on',
      '--fail-under',
      '--size-warn',
      '--size-fail',
      '--layer-limit',
      '--required-labels',
      '--timeout',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

describeWithEngine('docker contexts (real engine)', () => {
  it('audits on the current context of DOCKER_CONFIG, names an unreachable one, refuses an undefined one', async () => {
    const config = mkdtempSync(join(tmpdir(), 'imgaudit-contexts-'));
    try {
      for (const [name, host] of [
        ['local', `unix://${process.env.DOCKER_HOST?.replace(/^unix:\/\//, '') || '/var/run/docker.sock'}`],
        ['gone', 'unix:///nonexistent/docker.sock'],
      ] as const) {
        const dir = join(config, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }));
      }
      writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'local' }));
      const env = { DOCKER_HOST: '', DOCKER_CONFIG: config };
      const ok = await runCli(['--no-fs', '--no-run', '--format', 'json', FIXTURES.good], env);
      expect(ok.code).toBe(0);
      const gone = await runCli(['--no-fs', '--no-run', '--context', 'gone', FIXTURES.good], env);
      expect(gone.code).toBe(3);
      expect(gone.stderr).toContain('unix:///nonexistent/docker.sock (context gone)');
      const missing = await runCli(['--no-fs', '--no-run', FIXTURES.good], { ...env, DOCKER_CONTEXT: 'prod' });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^imgaudit: docker context "prod" is not defined in .*\n$/);
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });
});
