import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvLines, readEnvFile } from '../../../src/cli/env-file.js';
import { UsageError } from '../../../src/shared/errors.js';

describe('parseEnvLines (docker run --env-file semantics)', () => {
  it('takes NAME=value literally, skips blanks and comments, and passes NAME from the environment', () => {
    const text =
      '# config\nDATABASE_URL=postgres://app@db/app\n\n  QUOTED="kept as is"\nFROM_HOST\nUNSET_HERE\nEMPTY=\n';
    expect(parseEnvLines(text, 'app.env', { FROM_HOST: 'yes' })).toEqual([
      'DATABASE_URL=postgres://app@db/app',
      'QUOTED="kept as is"',
      'FROM_HOST=yes',
      'EMPTY=',
    ]);
  });

  it('names the file and line of a bad variable name', () => {
    expect(() => parseEnvLines('OK=1\n9BAD=2\n', 'app.env')).toThrow('app.env:2: "9BAD" is not a variable name');
  });
});

describe('readEnvFile', () => {
  it('reads a file and turns a missing one into a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imgaudit-env-'));
    try {
      writeFileSync(join(dir, 'a.env'), 'A=1\r\nB=2\r\n');
      expect(await readEnvFile(join(dir, 'a.env'))).toEqual(['A=1', 'B=2']);
      await expect(readEnvFile(join(dir, 'missing.env'))).rejects.toThrow(UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
