import { hostname } from 'node:os';
import { MANAGED_LABEL } from '../../shared/cleanup.js';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { removeContainer } from './container.js';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, type SweepResult } from './labels.js';

export interface SweepOptions {
  /** This host's name, as the owner-host label holds it. */
  readonly hostname?: string;
  readonly isAlive?: (pid: number) => boolean;
}

/**
 * Removes the containers an earlier imgaudit on this host left behind: it died with the engine, or was killed with
 * SIGKILL, so neither its `finally` nor its signal handler ran. Only managed containers labelled with this host whose
 * owner pid no longer runs here go; those of a live run, of another host, or without the owner labels stay. One list
 * call. Housekeeping: it never throws, a failure is only reported in the result.
 */
export async function sweepLeftovers(client: DockerClient, options: SweepOptions = {}): Promise<SweepResult> {
  const host = options.hostname ?? hostname();
  const isAlive = options.isAlive ?? processAlive;
  try {
    const listed = await callDaemon(client, 'list of imgaudit containers', () =>
      client.docker.listContainers({
        all: true,
        filters: { label: [`${MANAGED_LABEL}=true`, `${OWNER_HOST_LABEL}=${host}`] },
      }),
    );
    const leftovers = listed.filter(({ Labels: labels = {} }) => {
      if (labels[MANAGED_LABEL] !== 'true' || labels[OWNER_HOST_LABEL] !== host) return false;
      const pid = ownerPid(labels[OWNER_PID_LABEL]);
      return pid !== null && pid !== process.pid && !isAlive(pid);
    });
    const removals = await Promise.allSettled(leftovers.map((container) => removeContainer(client, container.Id)));
    const removed = leftovers
      .filter((_, i) => removals[i]!.status === 'fulfilled')
      .map((container) => nameOf(container));
    const failed = removals.find((removal): removal is PromiseRejectedResult => removal.status === 'rejected');
    return { removed, error: failed ? messageOf(failed.reason) : null };
  } catch (caught) {
    return { removed: [], error: messageOf(caught) };
  }
}

/** A positive integer only: kill(0) and kill(-n) would address process groups, not one process. */
function ownerPid(label: string | undefined): number | null {
  return label !== undefined && /^[1-9]\d{0,9}$/.test(label) ? Number(label) : null;
}

/** EPERM means it runs under another user: alive all the same. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (caught) {
    return (caught as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function nameOf(container: { readonly Id: string; readonly Names?: readonly string[] }): string {
  return container.Names?.[0]?.replace(/^\//, '') ?? container.Id.slice(0, 12);
}

function messageOf(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}
