import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addAuditFlags, auditFlagOptions, parseArgs, type AuditFlags } from '../../../src/cli/shared.js';

/** The audit flags as a command parses them, with what would touch the disk or the engine turned off. */
function parsed(args: readonly string[]): AuditFlags | number {
  const command = addAuditFlags(new Command('imgaudit'))
    .argument('[images...]')
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  const result = parseArgs(command, ['node', 'imgaudit', '--no-config', '--no-run', ...args], '--help');
  return typeof result === 'number' ? result : result.opts<AuditFlags>();
}

describe('--scan-timeout', () => {
  it('is 600 s by default and passes milliseconds to audit()', async () => {
    const flags = parsed([]);
    expect(typeof flags === 'number' ? flags : (await auditFlagOptions(flags)).scanTimeoutMs).toBe(600_000);
  });

  it('takes 0 for no deadline, or a number of seconds', async () => {
    for (const [text, ms] of [
      ['0', 0],
      ['45', 45_000],
    ] as const) {
      const flags = parsed(['--scan-timeout', text]);
      expect(typeof flags === 'number' ? flags : (await auditFlagOptions(flags)).scanTimeoutMs).toBe(ms);
    }
  });

  it.each(['-1', 'ten', '1.5', '86401'])('rejects %j as a usage error (exit 2)', (text) => {
    expect(parsed(['--scan-timeout', text])).toBe(2);
  });
});
