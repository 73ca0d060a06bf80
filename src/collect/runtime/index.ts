import type Docker from 'dockerode';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { engineOf, type EngineIdentity } from '../../docker/engine.js';
import { ImageNotFound, UsageError } from '../../shared/errors.js';
import type { ConfigFacts, HealthFacts, RuntimeFacts, StopFacts, WriteFacts } from '../../facts.js';
import { ContainerRejected, containerName, startContainer, withContainer, type ManagedContainer } from './container.js';
import { ownerLabels } from './labels.js';
import { changesBody, logFilePaths } from './log-files.js';
import { logBody, logLines } from './logs.js';
import { watchContainer, type Observation } from './observe.js';
import { EVIDENCE_LOG_LINES, readOnlyOk, readOnlyVerdict, type ReadOnlyRun } from './read-only.js';
import { createRedactor, redactedTail, trimLine } from './redact-output.js';
import { stopAndMeasure } from './stop.js';
import { PODMAN_TOP_PS_ARGS } from './processes.js';
import { readProcesses, type ProcessReading } from './top.js';
import { containerUlimits, ownHardLimits } from './ulimits.js';
import { logConfig, writableLayerBytes, writeFacts } from './writes.js';

export { RuntimeInterrupted } from '../../shared/errors.js';
export { OWNER_HOST_LABEL, OWNER_PID_LABEL } from './labels.js';

import type { RuntimeOptions } from './options.js';
import { settleBoth } from '../../shared/async.js';

export { DEFAULT_RUNTIME_OPTIONS, type RuntimeOptions } from './options.js';

/** A writable /tmp for the read-only twin: most apps need one, and it is what a hardened deployment gives them. */
export const READ_ONLY_TMPFS = Object.freeze({ '/tmp': 'rw,noexec,nosuid,size=16m' });
/** How many log lines the facts keep for a container that exited or is not healthy, and for one that is fine. */
export const FAILURE_LOG_LINES = 20;
export const QUIET_LOG_LINES = 5;
/** How much of the log's end the redactor sees: a private key block above the last lines is still seen whole. */
const LOG_TAIL = 50;
/** The start error of an image with neither ENTRYPOINT nor CMD, for which no container is created. */
export const NOTHING_TO_RUN = 'the image has no CMD or ENTRYPOINT: there is nothing to run';
/** The engine refuses a memory limit below 6 MiB; checked here so that a refused create is always the image's doing. */
const ENGINE_MIN_MEMORY_BYTES = 6 * 1024 * 1024;

interface NormalRun {
  readonly startError: string | null;
  readonly observation: Observation | null;
  readonly processes: ProcessReading | null;
  readonly lastLogLines: readonly string[];
  readonly logFiles: readonly string[];
  readonly lastProbeOutput: string | null;
  readonly stop: StopFacts | null;
  readonly writes: WriteFacts | null;
}

/**
 * Runs the image as a user would (its own ENTRYPOINT, CMD, USER and env, no network, bounded memory and PIDs)
 * beside a read-only-rootfs twin, watches both, and stops the normal one the way `docker stop` does, measured.
 * Both containers are removed in every case, and by runCleanups() on a signal. Daemon failures throw the typed
 * errors of docker/client.ts; a bounded wait that runs out is a fact (health `starting`), not an error.
 */
export async function collectRuntime(
  client: DockerClient,
  config: ConfigFacts,
  options: RuntimeOptions,
): Promise<RuntimeFacts> {
  checkOptions(options);
  const hasHealthcheck = config.healthcheck.defined;
  if (config.entrypoint === null && config.cmd === null) {
    return runtimeFacts(
      notStarted(NOTHING_TO_RUN),
      { startError: NOTHING_TO_RUN, observation: null, logLines: [], lastProbeOutput: null },
      hasHealthcheck,
    );
  }
  const redactText = createRedactor([...(await imageEnv(client, config.id)), ...options.env]);
  const name = containerName(config.id);
  const [normal, twin] = await settleBoth(
    unlessRejected(
      withContainer(client, name, containerSpec(config, options, false), (managed) =>
        runNormal(managed, config, options, hasHealthcheck, redactText),
      ),
      (detail) => notStarted(redactText(detail)),
    ),
    unlessRejected(
      withContainer(client, `${name}-ro`, containerSpec(config, options, true), (managed) =>
        runTwin(managed, options, hasHealthcheck, redactText),
      ),
      (detail) => ({ startError: redactText(detail), observation: null, logLines: [], lastProbeOutput: null }),
    ),
  );
  const unseen = healthUnseen(normal, twin, await engineOf(client));
  return runtimeFacts(normal, twin, hasHealthcheck, hasHealthcheck && !unseen);
}

/**
 * podman runs HEALTHCHECK probes from systemd timers: on a host without systemd none ever reports, and the health
 * stays `starting`. Then neither container's health says anything, and the read-only comparison goes by running alone.
 */
function healthUnseen(normal: NormalRun, twin: ReadOnlyRun, engine: EngineIdentity | null): boolean {
  return engine?.kind === 'podman' && !normal.observation?.lastProbe && !twin.observation?.lastProbe;
}

function notStarted(startError: string): NormalRun {
  return {
    startError,
    observation: null,
    processes: null,
    lastLogLines: [],
    logFiles: [],
    lastProbeOutput: null,
    stop: null,
    writes: null,
  };
}

/** A container the daemon would not create for the image's sake is that image's start error, not the batch's end. */
async function unlessRejected<T>(run: Promise<T>, rejected: (detail: string) => T): Promise<T> {
  try {
    return await run;
  } catch (caught) {
    if (caught instanceof ContainerRejected) return rejected(caught.detail);
    throw caught;
  }
}

/** The create body: the image's own command and user, plus the limits every imgaudit container gets. */
export function containerSpec(
  config: ConfigFacts,
  options: RuntimeOptions,
  readOnly: boolean,
): Docker.ContainerCreateOptions {
  const hostConfig: Docker.HostConfig = {
    NetworkMode: 'none',
    Memory: options.memoryBytes,
    PidsLimit: options.pidsLimit,
    // Bounded, so that an engine whose defaults exceed its sandbox (podman) can start the container (ulimits.ts).
    Ulimits: containerUlimits(ownHardLimits(), options.pidsLimit),
    Privileged: false,
    SecurityOpt: ['no-new-privileges'],
    Init: false,
    LogConfig: logConfig(),
    ...(readOnly ? { ReadonlyRootfs: true, Tmpfs: { ...READ_ONLY_TMPFS } } : {}),
  };
  return {
    Image: config.id,
    Env: [...options.env],
    Labels: ownerLabels(),
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    HostConfig: hostConfig,
  };
}

async function runNormal(
  managed: ManagedContainer,
  config: ConfigFacts,
  options: RuntimeOptions,
  hasHealthcheck: boolean,
  redactText: (text: string) => string,
): Promise<NormalRun> {
  const startError = await startContainer(managed);
  if (startError !== null) return notStarted(redactText(startError));
  const observation = await watchContainer(managed, hasHealthcheck, options, Date.now());
  const podman = (await engineOf(managed.client))?.kind === 'podman';
  // Everything that needs the container as it was at the end of the window, before it is stopped.
  const [processes, changes, logs, layerBytes] = await Promise.all([
    observation.running
      ? podman
        ? // podman's top PIDs are the container's own: its PID 1 is 1.
          readProcesses(managed, 1, redactText, PODMAN_TOP_PS_ARGS)
        : readProcesses(managed, observation.hostPid, redactText)
      : null,
    managed.call('changes', (container): Promise<unknown> => container.changes()),
    // The whole log, which the cap keeps small: its size tells a flood.
    managed.call('logs', (container) => container.logs({ stdout: true, stderr: true })),
    writableLayerBytes(managed),
  ]);
  const troubled = !observation.running || (hasHealthcheck && observation.health !== 'healthy');
  const stop = observation.running
    ? await stopAndMeasure(managed, config.stopSignal ?? 'SIGTERM', options.stopGraceSeconds)
    : null;
  return {
    startError: null,
    observation,
    processes,
    lastLogLines: redactedTail(
      logLines(logBody(logs)).slice(-LOG_TAIL),
      troubled ? FAILURE_LOG_LINES : QUIET_LOG_LINES,
      redactText,
    ),
    logFiles: logFilePaths(changesBody(changes)),
    lastProbeOutput: failedProbeOutput(observation, redactText),
    stop,
    writes: writeFacts(layerBytes, logBody(logs)),
  };
}

async function runTwin(
  managed: ManagedContainer,
  options: RuntimeOptions,
  hasHealthcheck: boolean,
  redactText: (text: string) => string,
): Promise<ReadOnlyRun> {
  const startError = await startContainer(managed);
  if (startError !== null)
    return { startError: redactText(startError), observation: null, logLines: [], lastProbeOutput: null };
  const observation = await watchContainer(managed, hasHealthcheck, options, Date.now());
  const run: ReadOnlyRun = { startError: null, observation, logLines: [], lastProbeOutput: null };
  if (readOnlyOk(run, hasHealthcheck)) return run;
  // The whole log, as for the normal container (the cap keeps it small): podman 4.3's `tail` loses the pieces of a line
  // written in parts (a shell's `sh: `, then its message), so the tail is cut here.
  const logs = await managed.call('logs', (container) => container.logs({ stdout: true, stderr: true }));
  return {
    ...run,
    logLines: redactedTail(logLines(logBody(logs)).slice(-LOG_TAIL), EVIDENCE_LOG_LINES, redactText),
    lastProbeOutput: failedProbeOutput(observation, redactText),
  };
}

/** The last probe's output when the health has no good verdict and that probe failed. */
function failedProbeOutput(observation: Observation, redactText: (text: string) => string): string | null {
  const probe = observation.lastProbe;
  if (probe === null || probe.exitCode === 0 || observation.health === 'healthy' || observation.health === 'none')
    return null;
  return trimLine(redactText(probe.output).trim());
}

/** `healthReported`: the image has a HEALTHCHECK and the engine reported on it (see healthUnseen). */
function runtimeFacts(
  normal: NormalRun,
  twin: ReadOnlyRun,
  hasHealthcheck: boolean,
  healthReported = hasHealthcheck,
): RuntimeFacts {
  const seen = normal.observation;
  const health: HealthFacts = {
    status: seen?.health ?? (hasHealthcheck ? 'starting' : 'none'),
    secondsToHealthy: seen?.secondsToHealthy ?? null,
    lastProbeOutput: normal.lastProbeOutput,
    failingStreak: seen?.failingStreak ?? 0,
  };
  return {
    started: normal.startError === null,
    startError: normal.startError,
    running: seen?.running ?? false,
    observedSeconds: seen?.observedSeconds ?? 0,
    exitCode: seen?.exitCode ?? null,
    lastLogLines: normal.lastLogLines,
    processes: normal.processes?.view?.processes ?? [],
    processesError: normal.processes?.error ?? null,
    uids: normal.processes?.view?.uids ?? [],
    pid1Command: normal.processes?.view?.pid1Command ?? null,
    health,
    readOnlyRootfs: readOnlyVerdict(seen, twin, healthReported),
    stop: normal.stop,
    logFiles: normal.logFiles,
    writes: normal.writes,
  };
}

/**
 * The image's Env with values, which ConfigFacts does not keep: a container that prints its own ENV secret
 * (`DB_PASSWORD=…` set in the Dockerfile) must have it redacted even when the value has no token shape.
 */
async function imageEnv(client: DockerClient, imageId: string): Promise<string[]> {
  const onStatus = (status: number) => (status === 404 ? new ImageNotFound(imageId, client.host) : undefined);
  const image = await callDaemon<Docker.ImageInspectInfo>(
    client,
    `inspect of ${imageId}`,
    () => client.docker.getImage(imageId).inspect(),
    onStatus,
  );
  return image.Config?.Env ?? [];
}

function checkOptions(options: RuntimeOptions): void {
  const numbers: [string, number][] = [
    ['windowSeconds', options.windowSeconds],
    ['healthTimeoutSeconds', options.healthTimeoutSeconds],
    ['stopGraceSeconds', options.stopGraceSeconds],
    ['memoryBytes', options.memoryBytes],
    ['pidsLimit', options.pidsLimit],
  ];
  for (const [name, value] of numbers) {
    if (!Number.isFinite(value) || value < 0)
      throw new UsageError(`runtime option ${name} must be a non-negative number, got ${value}`);
  }
  // 0 is the engine's "no limit".
  if (options.memoryBytes > 0 && options.memoryBytes < ENGINE_MIN_MEMORY_BYTES) {
    throw new UsageError(
      `runtime option memoryBytes must be at least ${ENGINE_MIN_MEMORY_BYTES} (6 MiB, the engine's ` +
        `minimum), got ${options.memoryBytes}`,
    );
  }
}
