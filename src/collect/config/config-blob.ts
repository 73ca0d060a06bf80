import type { ConfigFacts } from '../../facts.js';
import type { HistoryRow, InspectFields } from './image-config.js';

/**
 * An image config blob (OCI or Docker: `application/vnd.oci.image.config.v1+json`) as the engine's inspect and
 * history would show the same image, for configFactsFrom: the same facts, and the same redaction pass, whether the
 * image came from an engine or a file. `id` is the blob's digest, `names` the names the archive gives the image. The
 * blob comes from the file as it is, so every value is checked for its type; a wrong one counts as absent.
 * The engine's `Size` and history sizes come from its layer store; here they are 0 until the layers are read (see
 * withLayerSizes).
 */
export function inspectFromConfigBlob(
  id: string,
  names: readonly string[],
  blob: unknown,
): { inspect: InspectFields; history: HistoryRow[] } {
  const config = objectAt(blob, 'config');
  const rootfs = objectAt(blob, 'rootfs');
  const healthcheck = objectAt(config, 'Healthcheck');
  const inspect: InspectFields = {
    Id: id,
    RepoTags: [...names],
    RepoDigests: [],
    Created: stringAt(blob, 'created'),
    Os: stringAt(blob, 'os'),
    Architecture: stringAt(blob, 'architecture'),
    Size: 0,
    RootFS: { Layers: stringsAt(rootfs, 'diff_ids') ?? [] },
    Config: {
      User: stringAt(config, 'User'),
      Env: stringsAt(config, 'Env'),
      Entrypoint: stringsAt(config, 'Entrypoint'),
      Cmd: stringsAt(config, 'Cmd'),
      Healthcheck: healthcheck
        ? {
            Test: stringsAt(healthcheck, 'Test'),
            Interval: numberAt(healthcheck, 'Interval'),
            Timeout: numberAt(healthcheck, 'Timeout'),
            StartPeriod: numberAt(healthcheck, 'StartPeriod'),
            Retries: numberAt(healthcheck, 'Retries'),
          }
        : undefined,
      Labels: stringRecordAt(config, 'Labels'),
      ExposedPorts: objectAt(config, 'ExposedPorts'),
      Volumes: objectAt(config, 'Volumes'),
      WorkingDir: stringAt(config, 'WorkingDir'),
      StopSignal: stringAt(config, 'StopSignal'),
    },
  };
  const steps = Array.isArray(field(blob, 'history')) ? (field(blob, 'history') as unknown[]) : [];
  // The engine's history lists the newest step first, with Unix seconds.
  const history = steps
    .map((step): HistoryRow => ({
      Created: seconds(stringAt(step, 'created')),
      CreatedBy: stringAt(step, 'created_by') ?? '',
      Size: 0,
      Comment: stringAt(step, 'comment') ?? '',
    }))
    .reverse();
  return { inspect, history };
}

function seconds(created: string | undefined): number | undefined {
  const time = created ? Date.parse(created) : NaN;
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  const found = field(value, key);
  return typeof found === 'object' && found !== null && !Array.isArray(found)
    ? (found as Record<string, unknown>)
    : undefined;
}

function stringAt(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

function numberAt(value: unknown, key: string): number | undefined {
  const found = field(value, key);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

function stringsAt(value: unknown, key: string): string[] | undefined {
  const found = field(value, key);
  return Array.isArray(found) && found.every((item) => typeof item === 'string') ? found : undefined;
}

function stringRecordAt(value: unknown, key: string): Record<string, string> | undefined {
  const found = objectAt(value, key);
  if (!found) return undefined;
  return Object.fromEntries(
    Object.entries(found).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * The image's size and each history step's size from its layers (the bytes of the regular files each holds, as the
 * scan counted them; or the bytes each takes in the archive when the scan did not run). `layerHistoryIndex` says
 * which step made which layer.
 */
export function withLayerSizes(
  config: ConfigFacts,
  layerHistoryIndex: readonly (number | null)[],
  layerBytes: readonly number[],
): ConfigFacts {
  const stepBytes = new Map<number, number>();
  layerHistoryIndex.forEach((step, layer) => {
    if (step !== null) stepBytes.set(step, (stepBytes.get(step) ?? 0) + (layerBytes[layer] ?? 0));
  });
  return {
    ...config,
    sizeBytes: layerBytes.reduce((sum, bytes) => sum + bytes, 0),
    history: config.history.map((step, index) => ({ ...step, sizeBytes: stepBytes.get(index) ?? 0 })),
  };
}
