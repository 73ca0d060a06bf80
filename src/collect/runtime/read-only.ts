import type { ReadOnlyRootfsFacts } from '../../facts.js';
import type { Observation } from './observe.js';

/** What the read-only twin showed: it could not start, or it was watched like the normal one. */
export interface ReadOnlyRun {
  readonly startError: string | null;
  readonly observation: Observation | null;
  /** Its last log lines, redacted and trimmed. */
  readonly logLines: readonly string[];
  /** Output of its last failed probe (redacted, trimmed), when its health is not healthy. */
  readonly lastProbeOutput: string | null;
}

/** How many of the twin's log lines go into the evidence. */
export const EVIDENCE_LOG_LINES = 5;

/** The twin is fine when it runs (and, with a healthcheck, is healthy) at the end of its watch. */
export function readOnlyOk(run: ReadOnlyRun, hasHealthcheck: boolean): boolean {
  const seen = run.observation;
  return seen !== null && seen.running && (!hasHealthcheck || seen.health === 'healthy');
}

/**
 * Compares the read-only twin with the normal container. Only a difference says something: `unknown` when the
 * normal container did not stay up (or never turned healthy) either.
 */
export function readOnlyVerdict(
  normal: Observation | null,
  twin: ReadOnlyRun,
  hasHealthcheck: boolean,
): ReadOnlyRootfsFacts {
  const evidence = readOnlyEvidence(twin);
  if (readOnlyOk(twin, hasHealthcheck)) return { status: normal?.running ? 'compatible' : 'unknown', evidence };
  const normalUp = normal !== null && normal.running && (!hasHealthcheck || normal.health === 'healthy');
  if (normalUp) return { status: 'incompatible', evidence };
  // The normal one runs without a verdict on health, the twin died or turned unhealthy: still the read-only root.
  const twinFailed =
    twin.startError !== null || twin.observation?.running === false || twin.observation?.health === 'unhealthy';
  const normalRunning = normal !== null && normal.running && normal.health !== 'unhealthy';
  return { status: twinFailed && normalRunning ? 'incompatible' : 'unknown', evidence };
}

export function readOnlyEvidence(twin: ReadOnlyRun): string[] {
  if (twin.startError !== null) return [`start failed: ${twin.startError}`];
  const seen = twin.observation;
  if (seen === null) return [];
  const evidence = [
    seen.running
      ? `running after ${seen.observedSeconds}s`
      : `exited with code ${seen.exitCode ?? 'unknown'} after ${seen.observedSeconds}s`,
  ];
  if (seen.health !== 'none') evidence.push(`health: ${seen.health}`);
  if (twin.lastProbeOutput) evidence.push(`last probe: ${twin.lastProbeOutput}`);
  return [...evidence, ...twin.logLines.slice(-EVIDENCE_LOG_LINES)];
}
