import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AuditReport } from '../../src/evaluate/result.js';
import { HOSTILE_SECRET_VALUES, HOSTILE_SECRETS, leakedSecrets } from '../helpers/hostile.js';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli, type CliRun } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-hostile-it-'));
const cacheDir = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown', 'html', 'cyclonedx', 'spdx'] as const;

/** Every report format to a file, JSON on stdout, --debug on stderr: everything a run can print or write. */
async function auditAllFormats(run: string): Promise<{ cli: CliRun; outputs: Record<string, string> }> {
  const files = Object.fromEntries(FORMATS.map((format) => [format, join(dir, `${run}.${format}`)]));
  const cli = await runCli([
    '--no-config',
    '--debug',
    '--stop-timeout',
    '1',
    '--health-timeout',
    '5',
    '--cache-dir',
    cacheDir,
    '--format',
    'json',
    ...FORMATS.map((format) => ['-o', `${format}=${files[format]}`]).flat(),
    FIXTURES.hostile,
  ]);
  const outputs = Object.fromEntries(FORMATS.map((format) => [format, readFileSync(files[format]!, 'utf8')]));
  return { cli, outputs };
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describeWithEngine('hostile image: secrets in every field, never printed or stored in full', () => {
  let first: Awaited<ReturnType<typeof auditAllFormats>>;

  it('finds the secrets of the configuration and of the files', async () => {
    first = await auditAllFormats('first');
    expect(first.cli.code).toBe(1);
    const report = JSON.parse(first.cli.stdout) as AuditReport;
    assertValidReport(report);
    const image = report.images[0]!;
    const sources = new Set(image.facts.envSecrets.map((finding) => finding.source));
    expect([...sources].sort()).toEqual(['cmd', 'entrypoint', 'env', 'healthcheck', 'history-command', 'label']);
    const kinds = new Set(image.facts.envSecrets.map((finding) => finding.kind));
    for (const kind of [
      'stripe-key',
      'github-token',
      'slack-token',
      'url-credentials',
      'jwt',
      'aws-access-key-id',
      'aws-secret-access-key',
      'pypi-token',
      'authorization-header',
      'gitlab-token',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const labelled = image.facts.envSecrets
      .filter((finding) => finding.source === 'label')
      .map((finding) => finding.name)
      .sort();
    expect(labelled).toEqual([
      'com.example.api-key',
      'com.example.session',
      'com.example.slack-webhook',
      'org.opencontainers.image.source',
    ]);
    // Package metadata is redacted at the source: a token in a package.json's license reaches no fact in full.
    const leaky = image.facts.filesystem!.inventory!.packages.find(
      (pkg) => pkg.path === '/app/node_modules/leaky/package.json',
    );
    expect(leaky?.license).toBe('MIT ghp_…(40 chars)');
    expect(leaky?.name).toBe('\u001b[31mleaky\u202e');
    const status = (rule: string) => image.findings.find((finding) => finding.rule === rule)?.status;
    expect(status('no-secrets-in-env')).toBe('fail');
    expect(status('no-secrets-in-layers')).toBe('fail');
    expect(image.facts.filesystem!.secrets.map((secret) => `${secret.kind} ${secret.path}`).sort()).toEqual([
      'npm-token /app/.npmrc',
      'private-key /app/deploy_key.pem',
      'pypi-token /root/.pypirc',
    ]);
    // What the container printed and its probe answered is kept, redacted.
    const runtime = image.facts.runtime!;
    expect(runtime.lastLogLines.join('\n')).toContain('starting, token=glpa…(29 chars)');
    expect(runtime.health.lastProbeOutput).toContain('Authorization: Bearer ghp_…(40 chars)');
    expect(image.facts.labels['org.opencontainers.image.source']).toBe(
      'https://deploy:Host…(22 chars)@git.example.com/x',
    );
  });

  it('holds no secret in full in any of the eight formats, in stderr, or under the cache directory', () => {
    expect(leakedSecrets(first.cli.stdout)).toEqual([]);
    expect(leakedSecrets(first.cli.stderr)).toEqual([]);
    for (const format of FORMATS)
      expect({ format, leaked: leakedSecrets(first.outputs[format]!) }).toEqual({ format, leaked: [] });
    const cached = filesUnder(cacheDir);
    expect(cached.length).toBeGreaterThan(0);
    for (const file of cached)
      expect({ file, leaked: leakedSecrets(readFileSync(file, 'latin1')) }).toEqual({ file, leaked: [] });
  });

  it('passes no raw control character or bidi override from its label to any output', () => {
    for (const [format, text] of [
      ['stdout', first.cli.stdout],
      ['stderr', first.cli.stderr],
      ...Object.entries(first.outputs),
    ]) {
      expect({ format, raw: /[\u001b\u009b\u202e]/.test(text!) }).toEqual({ format, raw: false });
    }
    // The label is reported, escaped: JSON's \u escapes keep the characters without their effect.
    expect(first.cli.stdout).toContain('"com.example.note": "\\u001b[31mred \\u001b[2J\\u202ereversed"');
  });

  it('prints nothing in full either when the facts come from the cache', async () => {
    const again = await auditAllFormats('second');
    expect(again.cli.stderr).toMatch(/1 images' files from the disk cache/);
    for (const text of [again.cli.stdout, again.cli.stderr, ...Object.values(again.outputs)])
      expect(leakedSecrets(text)).toEqual([]);
  });

  it('never echoes a compose variable that makes an invalid reference (exit 2, one line)', async () => {
    const compose = join(dir, 'compose.yml');
    writeFileSync(compose, 'services:\n  api:\n    image: registry.example.com/api:${DEPLOY_TOKEN}\n');
    const secret = `${HOSTILE_SECRETS.urlPassword}+x`;
    const run = await runCli(['--no-config', '--compose', compose], { DEPLOY_TOKEN: secret });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('${DEPLOY_TOKEN}');
    expect(leakedSecrets(run.stderr, [secret, ...HOSTILE_SECRET_VALUES])).toEqual([]);
  });

  it('redacts a token given as a bad flag value and as a bad reference', async () => {
    for (const args of [
      ['--fail-on', HOSTILE_SECRETS.github],
      [`registry.example.com/${HOSTILE_SECRETS.github}:x y`],
    ]) {
      const run = await runCli(['--no-config', ...args]);
      expect(run.code).toBe(2);
      expect(leakedSecrets(run.stderr)).toEqual([]);
    }
  });
});
