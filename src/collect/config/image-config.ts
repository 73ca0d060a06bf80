import type Docker from 'dockerode';
import { callDaemon, type DockerClient } from '../../docker/client.js';
import { engineOf, podmanImageInspect } from '../../docker/engine.js';
import { notFoundReason } from '../../docker/resolve.js';
import { ImageNotFound, InvalidReference } from '../../shared/errors.js';
import type { ConfigFacts, HealthcheckFacts, HistoryEntry } from '../../facts.js';
import { scanImageConfig } from '../../secrets/config.js';
import { redactStrings } from '../../secrets/scrub.js';

export type InspectInfo = Docker.ImageInspectInfo;
export type HistoryRow = { Created?: number; CreatedBy?: string; Size?: number; Comment?: string };

/**
 * What configFactsFrom reads of an image: the engine's inspect answer, or the same built from an image config blob
 * (see config-blob.ts).
 */
export interface InspectFields {
  readonly Id: string;
  readonly RepoTags?: string[];
  readonly RepoDigests?: string[];
  readonly Created?: string;
  readonly Os?: string;
  readonly Architecture?: string;
  readonly Size?: number;
  readonly RootFS?: { readonly Layers?: string[] };
  readonly Config?: {
    readonly User?: string;
    readonly Env?: string[];
    readonly Entrypoint?: string | string[];
    readonly Cmd?: string[];
    readonly Healthcheck?: RawHealthcheck;
    readonly Labels?: Record<string, string>;
    readonly ExposedPorts?: Record<string, unknown>;
    readonly Volumes?: Record<string, unknown> | null;
    readonly WorkingDir?: string;
    readonly StopSignal?: string;
  };
}

/** Inspects the image and reads its history: the static facts, with secret values redacted here. */
export async function collectConfig(client: DockerClient, ref: string): Promise<ConfigFacts> {
  return withHistory(client, ref, await inspectImage(client, ref));
}

/** The image's inspect data: enough to know its id and layers (what the layer scan needs) before its history. */
export async function inspectImage(client: DockerClient, ref: string): Promise<InspectInfo> {
  let inspect: InspectInfo;
  try {
    inspect = await callDaemon<InspectInfo>(
      client,
      `inspect of ${ref}`,
      () => client.docker.getImage(ref).inspect(),
      onStatusFor(client, ref),
    );
  } catch (error) {
    throw error instanceof ImageNotFound ? await notFoundReason(client, ref) : error;
  }
  return withPodmanHealthcheck(client, inspect);
}

/**
 * Podman's compatible inspect (4.3) leaves out Config.Healthcheck even for an image that has one (a Docker-format
 * image loaded or pulled): podman's own inspect has it.
 */
async function withPodmanHealthcheck(client: DockerClient, inspect: InspectInfo): Promise<InspectInfo> {
  if (inspect.Config?.Healthcheck) return inspect;
  const engine = await engineOf(client);
  if (engine?.kind !== 'podman') return inspect;
  const { Healthcheck } = await podmanImageInspect(client, engine.version, inspect.Id);
  if (!Healthcheck || typeof Healthcheck !== 'object') return inspect;
  return { ...inspect, Config: { ...inspect.Config, Healthcheck } };
}

/** Completes an inspected image's facts with its history. */
export async function withHistory(client: DockerClient, ref: string, inspect: InspectFields): Promise<ConfigFacts> {
  // History by id, so a tag moved between the two calls cannot mix two images.
  const historyRows = (await callDaemon(
    client,
    `history of ${ref}`,
    () => client.docker.getImage(inspect.Id).history(),
    onStatusFor(client, ref),
  )) as HistoryRow[];
  return configFactsFrom(inspect, historyRows);
}

/** What inspect alone says about an image: its id, its tags and its filesystem layers. */
export function imageIdentity(inspect: InspectFields): Pick<ConfigFacts, 'id' | 'repoTags' | 'layerDiffIds'> {
  return {
    id: inspect.Id,
    repoTags: (inspect.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    layerDiffIds: [...(inspect.RootFS?.Layers ?? [])],
  };
}

function onStatusFor(client: DockerClient, ref: string) {
  return (status: number, message: string) => {
    if (status === 404) return new ImageNotFound(ref, client.host);
    if (status === 400) return new InvalidReference(ref, message);
    return undefined;
  };
}

/**
 * Pure part of collectConfig: recorded inspect/history JSON in, facts out. Every secret it recognises is a finding,
 * and every string of the facts went through that image's redactor: no secret value enters them.
 */
export function configFactsFrom(inspect: InspectFields, historyNewestFirst: readonly HistoryRow[]): ConfigFacts {
  const config = inspect.Config ?? {};
  const identity = imageIdentity(inspect);
  const rows = [...historyNewestFirst].reverse();
  const env = config.Env ?? [];
  const entrypoint = nonEmpty(config.Entrypoint);
  const cmd = nonEmpty(config.Cmd);
  const healthcheck = healthcheckFacts(config.Healthcheck);
  const labels = { ...(config.Labels ?? {}) };
  const scanned = scanImageConfig({
    env,
    createdBy: rows.map((row) => row.CreatedBy ?? ''),
    entrypoint,
    cmd,
    healthcheck: healthcheck.test,
    labels,
  });
  const history: HistoryEntry[] = rows.map((row) => ({
    createdBy: row.CreatedBy ?? '',
    created: typeof row.Created === 'number' && row.Created > 0 ? new Date(row.Created * 1000).toISOString() : null,
    sizeBytes: row.Size ?? 0,
    comment: row.Comment ?? '',
  }));
  const entrypointShellForm = isShellWrapper(entrypoint);
  const cmdShellForm = isShellWrapper(cmd);
  const facts: ConfigFacts = {
    id: identity.id,
    repoTags: identity.repoTags,
    repoDigests: (inspect.RepoDigests ?? []).filter((digest) => !digest.startsWith('<none>')),
    created: inspect.Created || null,
    os: inspect.Os ?? '',
    architecture: inspect.Architecture ?? '',
    sizeBytes: inspect.Size ?? 0,
    layerCount: inspect.RootFS?.Layers?.length ?? 0,
    layerDiffIds: identity.layerDiffIds,
    historyCount: history.length,
    history,
    user: config.User ?? '',
    healthcheck,
    labels,
    entrypoint,
    cmd,
    entrypointShellForm,
    cmdShellForm,
    shellForm: entrypointShellForm || cmdShellForm,
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).sort(),
    volumes: Object.keys(config.Volumes ?? {}).sort(),
    envNames: env.map((pair) => pair.split('=', 1)[0] ?? '').filter(Boolean),
    workingDir: config.WorkingDir ?? '',
    stopSignal: config.StopSignal || null,
    envSecrets: scanned.findings,
  };
  return redactStrings(facts, scanned.redact);
}

function nonEmpty(list: string[] | string | null | undefined): string[] | null {
  if (list == null) return null;
  const items = Array.isArray(list) ? list : [list];
  return items.length > 0 ? items : null;
}

const SHELLS = new Set([
  '/bin/sh',
  'sh',
  '/bin/bash',
  'bash',
  '/bin/ash',
  'ash',
  '/bin/dash',
  'dash',
  '/usr/bin/env sh',
]);

/** Shell form is stored as ["/bin/sh", "-c", "…"]; the same written as exec form behaves identically. */
export function isShellWrapper(command: readonly string[] | null): boolean {
  if (!command || command.length < 2) return false;
  const [program, flag] = command;
  if (program && /^(cmd|cmd\.exe)$/i.test(program) && /^\/S$/i.test(flag ?? '')) return true;
  return SHELLS.has(program ?? '') && flag === '-c';
}

interface RawHealthcheck {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  Retries?: number;
}

function healthcheckFacts(raw: RawHealthcheck | undefined): HealthcheckFacts {
  const test = raw?.Test && raw.Test.length > 0 ? raw.Test : null;
  const disabled = test?.[0] === 'NONE';
  const seconds = (ns: number | undefined) => (ns ? ns / 1e9 : null);
  return {
    defined: test !== null && !disabled,
    disabled,
    test,
    intervalSeconds: seconds(raw?.Interval),
    timeoutSeconds: seconds(raw?.Timeout),
    startPeriodSeconds: seconds(raw?.StartPeriod),
    retries: raw?.Retries || null,
  };
}
