import { DaemonError, DaemonTimeout, ImgauditError } from '../../shared/errors.js';
import type { ManagedContainer } from './container.js';
import { parseTop, TOP_PS_ARGS, type ProcessView, type TopBody } from './processes.js';
import { trimLine } from './redact-output.js';

/** The processes of the container, or why they are unknown. */
export interface ProcessReading {
  readonly view: ProcessView | null;
  /** Why `docker top` gave no answer; null when it did, or when the container had exited (409). */
  readonly error: string | null;
}

/** The engine answered `docker top` with an error: its host has no `ps`, a rootless setup, a `ps` that failed. */
class TopFailed extends ImgauditError {
  readonly category = 'environment';
}

/**
 * `docker top` of a running container. One that exited since the last inspect (409) has no processes. A top the
 * engine cannot serve leaves the processes unknown, with the reason, rather than failing the audit: the other facts
 * do not depend on it. An engine that cannot be reached still throws.
 */
export async function readProcesses(
  managed: ManagedContainer,
  hostPid: number | null,
  redactText: (text: string) => string,
  // Other arguments only in tests: they make the engine's own `ps` fail for real.
  psArgs: string = TOP_PS_ARGS,
): Promise<ProcessReading> {
  try {
    const top = await managed.call('top', (container): Promise<TopBody> => container.top({ ps_args: psArgs }), {
      onStatus: (statusCode, message) =>
        statusCode === 409 ? undefined : new TopFailed(`docker top failed (HTTP ${statusCode}): ${message}`),
    });
    // podman answered ps(1) arguments it does not know with an empty body: no table is no answer.
    if (!Array.isArray(top?.Titles)) return { view: null, error: 'docker top answered with no process table' };
    return { view: parseTop(top, hostPid, (command) => trimLine(redactText(command))), error: null };
  } catch (caught) {
    if (caught instanceof DaemonError && caught.statusCode === 409) return { view: null, error: null };
    // The engine's message may quote the container's processes.
    if (caught instanceof TopFailed) return { view: null, error: trimLine(redactText(caught.message)) };
    // A host `ps` stuck on a process in uninterruptible sleep: the next call says whether the engine itself is gone.
    if (caught instanceof DaemonTimeout)
      return { view: null, error: `docker top did not answer within ${caught.timeoutMs / 1000}s` };
    throw caught;
  }
}
