import type Docker from 'dockerode';
import type { HealthStatus } from '../../facts.js';
import type { ManagedContainer } from './container.js';

/** How often the container is inspected while it is watched. */
export const POLL_MS = 250;

export interface ProbeResult {
  readonly exitCode: number;
  readonly output: string;
}

/** What one watched container showed. */
export interface Observation {
  /** Still running when the watch ended. */
  readonly running: boolean;
  readonly exitCode: number | null;
  /** Host PID of the container's PID 1 (State.Pid), to find it in `docker top`. */
  readonly hostPid: number | null;
  readonly health: HealthStatus;
  readonly secondsToHealthy: number | null;
  readonly failingStreak: number;
  readonly lastProbe: ProbeResult | null;
  readonly observedSeconds: number;
}

export interface WatchBounds {
  readonly windowSeconds: number;
  readonly healthTimeoutSeconds: number;
}

interface RawHealth {
  Status?: string;
  FailingStreak?: number;
  Log?: { Start?: string; End?: string; ExitCode?: number; Output?: string }[] | null;
}

/**
 * Inspects the container every POLL_MS from `startedAtMs` until it exits, or the window has passed and, with a
 * healthcheck, the health has a verdict (healthy or unhealthy) or the health bound (window + healthTimeout) is up.
 */
export async function watchContainer(
  managed: ManagedContainer,
  hasHealthcheck: boolean,
  bounds: WatchBounds,
  startedAtMs: number,
): Promise<Observation> {
  const windowEnd = startedAtMs + bounds.windowSeconds * 1000;
  const healthEnd = windowEnd + bounds.healthTimeoutSeconds * 1000;
  let secondsToHealthy: number | null = null;
  for (;;) {
    const info = await managed.call('inspect', (container) => container.inspect());
    const now = Date.now();
    const state = info.State as Docker.ContainerInspectInfo['State'] & { Health?: RawHealth };
    const health = hasHealthcheck ? healthStatus(state.Health?.Status) : 'none';
    if (health === 'healthy' && secondsToHealthy === null) secondsToHealthy = healthySeconds(state, startedAtMs, now);
    const exited = !state.Running;
    const verdict = health !== 'starting';
    if (exited || (now >= windowEnd && (verdict || now >= healthEnd))) {
      const log = state.Health?.Log ?? [];
      const last = log.at(-1);
      return {
        running: !exited,
        exitCode: exited ? (state.ExitCode ?? null) : null,
        hostPid: state.Pid || null,
        health,
        secondsToHealthy,
        failingStreak: hasHealthcheck ? (state.Health?.FailingStreak ?? 0) : 0,
        lastProbe: last ? { exitCode: last.ExitCode ?? -1, output: last.Output ?? '' } : null,
        observedSeconds: roundSeconds(now - startedAtMs),
      };
    }
    const until = now < windowEnd ? windowEnd : healthEnd;
    await managed.pause(Math.max(1, Math.min(POLL_MS, until - now)));
  }
}

function healthStatus(status: string | undefined): HealthStatus {
  return status === 'healthy' || status === 'unhealthy' ? status : 'starting';
}

/**
 * Seconds from the container's start to the first passing probe, by the daemon's own clock (StartedAt and the
 * probe's End), so the poll interval does not blur it; the poll time when those are missing.
 */
function healthySeconds(state: { StartedAt?: string; Health?: RawHealth }, startedAtMs: number, now: number): number {
  const started = Date.parse(state.StartedAt ?? '');
  const firstPass = (state.Health?.Log ?? []).find((entry) => entry.ExitCode === 0);
  const passed = Date.parse(firstPass?.End ?? '');
  if (Number.isFinite(started) && Number.isFinite(passed) && passed >= started) return roundSeconds(passed - started);
  return roundSeconds(now - startedAtMs);
}

export function roundSeconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}
