import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { describeWithEngine, FIXTURES, runCli } from './helpers.js';

const run = promisify(execFile);
/** Installed by scripts/ensure-validators.sh (npm test and .ci/run run it): the SPDX project's own validator. */
const VALIDATOR = join(
  process.env.IMGAUDIT_VALIDATORS_DIR ??
    (process.getuid?.() === 0 ? '/var/lib/imgaudit-validators' : join(homedir(), '.cache/imgaudit-validators')),
  'bin/pyspdxtools',
);

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-spdx-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What pyspdxtools says of a document: its exit code and everything it printed (nothing for a valid document). */
async function validate(document: string, name: string): Promise<{ code: number; said: string }> {
  const file = join(dir, `${name}.spdx.json`);
  writeFileSync(file, document);
  try {
    const { stdout, stderr } = await run(VALIDATOR, ['--version', 'SPDX-2.3', '-i', file]);
    return { code: 0, said: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, said: `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim() };
  }
}

describeWithEngine('SPDX 2.3 output checked by the SPDX project’s validator (spdx-tools)', () => {
  it('is valid for an image with dpkg, pip and npm packages, one with rpm packages, and one with no package at all', async () => {
    for (const [name, image] of [
      ['inventory', FIXTURES.inventoryDebian],
      ['good', FIXTURES.good],
      ['rpm', FIXTURES.rpmSqlite],
    ] as const) {
      const cli = await runCli(['--no-config', '--no-run', '--format', 'spdx', image]);
      expect(cli.stdout.startsWith('{'), cli.stderr).toBe(true);
      expect({ name, ...(await validate(cli.stdout, name)) }).toEqual({ name, code: 0, said: '' });
    }
  });

  it('the validator refuses what the specification refuses: a broken reference, an SPDXID with a space', async () => {
    const cli = await runCli(['--no-config', '--no-run', '--format', 'spdx', FIXTURES.inventoryDebian]);
    const doc = JSON.parse(cli.stdout) as { packages: { SPDXID: string }[] };
    doc.packages[0]!.SPDXID = 'SPDXRef-not valid';
    const result = await validate(JSON.stringify(doc), 'broken');
    expect(result.code).toBe(1);
    expect(result.said).toMatch(/SPDXRef-not valid|did not find the referenced spdx_id/);
  });
});
