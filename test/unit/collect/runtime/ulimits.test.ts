import { describe, expect, it } from 'vitest';
import {
  containerUlimits,
  NOFILE_LIMIT,
  NPROC_LIMIT,
  ownHardLimits,
  parseProcLimits,
} from '../../../../src/collect/runtime/ulimits.js';

/** /proc/self/limits of this sandbox, where podman's default of 1048576 could not be set. */
const SANDBOX = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max processes             96365                96365                processes
Max open files            20000                20000                files
Max locked memory         8388608              8388608              bytes
`;

describe('containerUlimits', () => {
  it('gives 65536 open files and 4096 processes (soft = hard) where the hard limits allow more', () => {
    expect(containerUlimits({ nofile: 1_048_576, nproc: 4_194_304 }, 256)).toEqual([
      { Name: 'nofile', Soft: NOFILE_LIMIT, Hard: NOFILE_LIMIT },
      { Name: 'nproc', Soft: NPROC_LIMIT, Hard: NPROC_LIMIT },
    ]);
    expect([NOFILE_LIMIT, NPROC_LIMIT]).toEqual([65_536, 4_096]);
  });

  it("never asks for more than this process's hard limit (a sandbox's own engine can set no more)", () => {
    expect(containerUlimits({ nofile: 20_000, nproc: 1_000 }, 256)).toEqual([
      { Name: 'nofile', Soft: 20_000, Hard: 20_000 },
      { Name: 'nproc', Soft: 1_000, Hard: 1_000 },
    ]);
  });

  it('keeps the constants when the limits are unknown (off Linux, unlimited)', () => {
    expect(containerUlimits({ nofile: null, nproc: null }, 256).map((limit) => limit.Hard)).toEqual([
      NOFILE_LIMIT,
      NPROC_LIMIT,
    ]);
  });

  it('leaves room for a PidsLimit above the process bound', () => {
    expect(containerUlimits({ nofile: null, nproc: null }, 10_000)[1]).toEqual({
      Name: 'nproc',
      Soft: 10_000,
      Hard: 10_000,
    });
    // 0 is the engine's "no PidsLimit": the bound stays.
    expect(containerUlimits({ nofile: null, nproc: null }, 0)[1]!.Hard).toBe(NPROC_LIMIT);
  });
});

describe('parseProcLimits', () => {
  it('reads the hard limits of open files and processes', () => {
    expect(parseProcLimits(SANDBOX)).toEqual({ nofile: 20_000, nproc: 96_365 });
  });

  it('treats unlimited, missing and garbled lines as unknown', () => {
    expect(parseProcLimits('Max open files            1024                 unlimited            files\n')).toEqual({
      nofile: null,
      nproc: null,
    });
    expect(parseProcLimits('')).toEqual({ nofile: null, nproc: null });
    expect(parseProcLimits('Max processes  12 -5 processes\nMax open files x\n')).toEqual({
      nofile: null,
      nproc: null,
    });
  });

  it('reads this process on Linux, once', () => {
    const limits = ownHardLimits();
    expect(ownHardLimits()).toBe(limits);
    if (process.platform === 'linux') expect(limits.nofile).toBeGreaterThan(0);
  });
});
