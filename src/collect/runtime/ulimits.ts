import { readFileSync } from 'node:fs';

/**
 * Open files every imgaudit container may have (soft = hard): what production platforms commonly give (ECS,
 * Kubernetes nodes with containerd), far above what an app needs to start.
 */
export const NOFILE_LIMIT = 65_536;
/**
 * Processes of the container's user, counted across the whole host by the kernel (root is exempt): room for 16 times
 * the default PidsLimit, which is what bounds the container's own processes.
 */
export const NPROC_LIMIT = 4_096;

/** Hard limits of this process (RLIMIT_NOFILE, RLIMIT_NPROC); null when unknown or unlimited. */
export interface HardLimits {
  readonly nofile: number | null;
  readonly nproc: number | null;
}

export interface Ulimit {
  readonly Name: 'nofile' | 'nproc';
  readonly Soft: number;
  readonly Hard: number;
}

/**
 * The bounded ulimits of the create body. Without them each engine picks its own: Docker gives its daemon's limits,
 * podman (4.3, rootful) asks for 1048576 open files and, with those bounded, still more processes than a
 * sandboxed engine may raise to (no CAP_SYS_RESOURCE: runc fails with `error setting rlimit type 7` (nofile), then
 * `type 6` (nproc): `operation not permitted`). Measured in this sandbox: hard limits of 20000 files, and 32768
 * processes for podman, which lowers its own. So the limit is never above this process's hard
 * limit, which on a local engine in the same sandbox is the engine's too, nor above the constants above.
 */
export function containerUlimits(hard: HardLimits, pidsLimit: number): Ulimit[] {
  const nproc = Math.max(NPROC_LIMIT, pidsLimit);
  return [bounded('nofile', NOFILE_LIMIT, hard.nofile), bounded('nproc', nproc, hard.nproc)];
}

function bounded(name: Ulimit['Name'], limit: number, hard: number | null): Ulimit {
  const value = hard === null ? limit : Math.min(limit, hard);
  return { Name: name, Soft: value, Hard: value };
}

/** The hard limits of `/proc/self/limits` (Linux); null for a limit that is missing or unlimited. */
export function parseProcLimits(text: string): HardLimits {
  const hardOf = (label: string): number | null => {
    const line = text.split('\n').find((row) => row.startsWith(label));
    // Columns: name (with spaces), soft, hard, units.
    const hard = line?.slice(label.length).trim().split(/\s+/)[1];
    return hard !== undefined && /^\d+$/.test(hard) && Number(hard) > 0 ? Number(hard) : null;
  };
  return { nofile: hardOf('Max open files'), nproc: hardOf('Max processes') };
}

let ownLimits: HardLimits | undefined;

/** This process's hard limits, read once; unknown off Linux. */
export function ownHardLimits(): HardLimits {
  if (ownLimits === undefined) {
    try {
      ownLimits = parseProcLimits(readFileSync('/proc/self/limits', 'utf8'));
    } catch {
      ownLimits = { nofile: null, nproc: null };
    }
  }
  return ownLimits;
}
