import type { ConfigFacts, DetectorError, FilesystemFacts, LayerFacts } from '../../facts.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { DETECTORS, type AnyDetector, type DetectedFacts, type DetectorContext } from './detectors.js';
import { pathLayersOf } from './path-layers.js';
import { anyWanted } from './paths.js';

export { findPrivilegeTools, findTools, PRIVILEGE_TOOLS } from './executables.js';

/**
 * Every detector's content declaration. The stream reader calls it once per regular file of at most
 * CONTENT_SIZE_CAP bytes: equality checks, a base-name slice, Set lookups and at most one anchored regex.
 */
export const FILESYSTEM_CONTENT_WANTED: ContentWanted = contentWantedBy(DETECTORS);

/** What these detectors' content declarations want together: the files the layer scan keeps for them. */
export function contentWantedBy(detectors: readonly AnyDetector[]): ContentWanted {
  return anyWanted(...detectors.flatMap((detector) => (detector.wants ? [detector.wants] : [])));
}

export type FilesystemContext = DetectorContext & { readonly config: ConfigFacts };

/**
 * The filesystem facts of a merged view. Each detector runs on its own: one that throws leaves its facts empty and
 * says so in `detectorErrors`, so the rules that read them say `error` naming it while every other fact stands.
 */
export function buildFilesystemFacts(
  view: FinalView,
  context: FilesystemContext,
  detectors: readonly AnyDetector[] = DETECTORS,
): FilesystemFacts {
  const detected: Partial<DetectedFacts> = {};
  const detectorErrors: DetectorError[] = [];
  for (const { name, detect, failed } of detectors) {
    try {
      Object.assign(detected, detect(view, context));
    } catch (error) {
      Object.assign(detected, failed);
      detectorErrors.push({
        detector: name,
        facts: Object.keys(failed),
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return {
    fileCount: countFiles(view),
    layers: view.layers.map((layer): LayerFacts => ({
      index: layer.index,
      source: layer.source,
      compression: layer.compression,
      readable: layer.readable,
      ...(layer.problem === undefined ? {} : { problem: layer.problem }),
      ...(layer.foreign ? { foreign: true } : {}),
      fileBytes: layer.fileBytes,
      entryCount: layer.entries.length,
      createdBy: context.layerCreatedBy[layer.index] ?? null,
      historyIndex: context.layerHistoryIndex?.[layer.index] ?? null,
    })),
    ...(detected as DetectedFacts),
    pathLayers: pathLayersOf(view, detected),
    ...(detectorErrors.length > 0 ? { detectorErrors } : {}),
  };
}

function countFiles(view: FinalView): number {
  let count = 0;
  for (const entry of view.files.values()) if (entry.type !== 'directory') count++;
  return count;
}
