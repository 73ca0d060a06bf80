import { describe, expect, it } from 'vitest';
import { readonlyRootfs } from '../../../src/rules/readonly-rootfs.js';
import { runtimeVerdict } from '../helpers/runtime-verdict.js';

describe('readonly-rootfs', () => {
  it('maps compatible / incompatible / unknown to pass / fail / skip', () => {
    expect(runtimeVerdict(readonlyRootfs, {}).status).toBe('pass');
    const incompatible = runtimeVerdict(readonlyRootfs, {
      readOnlyRootfs: { status: 'incompatible', evidence: ["can't create /app/app.log: Read-only file system"] },
    });
    expect(incompatible).toMatchObject({
      status: 'fail',
      evidence: ["can't create /app/app.log: Read-only file system"],
    });
    expect(runtimeVerdict(readonlyRootfs, { readOnlyRootfs: { status: 'unknown', evidence: [] } }).status).toBe('skip');
  });
});
