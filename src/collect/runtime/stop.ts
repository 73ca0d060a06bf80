import type { StopFacts } from '../../facts.js';
import { DaemonError, DaemonTimeout } from '../../shared/errors.js';
import type { ManagedContainer } from './container.js';
import { roundSeconds } from './observe.js';

/**
 * `docker stop`, measured: send the stop signal, wait up to the grace period, then SIGKILL. container.stop() would
 * hide how long the exit took. `seconds` is the time to exit, or the grace period when it had to be killed.
 */
export async function stopAndMeasure(
  managed: ManagedContainer,
  signal: string,
  graceSeconds: number,
): Promise<StopFacts> {
  const began = performance.now();
  await kill(managed, signal);
  const exitCode = await waitForExit(managed, graceSeconds * 1000);
  if (exitCode !== null) {
    return { signal, graceSeconds, seconds: roundSeconds(performance.now() - began), exitCode, graceful: true };
  }
  await kill(managed, 'SIGKILL');
  const killedCode = await waitForExit(managed, managed.client.timeoutMs);
  return { signal, graceSeconds, seconds: graceSeconds, exitCode: killedCode, graceful: false };
}

/** A container that exited meanwhile answers 409; the wait that follows then returns at once. */
async function kill(managed: ManagedContainer, signal: string): Promise<void> {
  try {
    await managed.call(`kill (${signal})`, (container) => container.kill({ signal }));
  } catch (caught) {
    if (!(caught instanceof DaemonError && caught.statusCode === 409)) throw caught;
  }
}

/** The exit code, or null when it is still running after `timeoutMs`. */
async function waitForExit(managed: ManagedContainer, timeoutMs: number): Promise<number | null> {
  try {
    const result = (await managed.call(
      'wait',
      (container, abortSignal) => container.wait({ condition: 'not-running', abortSignal }),
      {
        timeoutMs,
      },
    )) as { StatusCode?: number };
    return result.StatusCode ?? null;
  } catch (caught) {
    if (caught instanceof DaemonTimeout) return null;
    throw caught;
  }
}
