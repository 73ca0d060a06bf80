import type { BaseFacts, ConfigFacts } from '../../facts.js';
import { layerStepsFromHistory } from '../layers/store.js';

/** What the engine says of the base image the audit was given (`--base-image`), or why it could not say. */
export type GivenBase =
  | { readonly reference: string; readonly diffIds: readonly string[]; readonly historyLength: number }
  | { readonly reference: string; readonly problem: string };

/** A step that only sets the command: a base image's history ends with one (`CMD ["bash"]`, `#(nop)  CMD …`). */
const COMMAND_STEP = /^(?:\/bin\/sh -c #\(nop\)\s*)?(?:CMD|ENTRYPOINT)\b/i;

/**
 * Where the base image ends in an image. With a base image whose layers are the first layers of this one, that many
 * layers and its history's length; otherwise (saying why) the history heuristic: a base image's history ends with the
 * CMD or ENTRYPOINT its Dockerfile closed with, and the team's steps that add layers follow, so the base ends after
 * the last such step that has a layer-adding step after it. `layerSteps` is the history step that made each layer
 * when the image's config says (`empty_layer`); without it the history's sizes and instructions are read.
 */
export function findBase(
  config: Pick<ConfigFacts, 'history' | 'layerDiffIds'>,
  layerSteps: readonly (number | null)[] | null,
  given?: GivenBase,
): BaseFacts {
  if (!given) return guessBase(config, layerSteps);
  const reference = { reference: given.reference };
  if ('problem' in given) return { ...guessBase(config, layerSteps), ...reference, note: given.problem };
  const prefix =
    given.diffIds.length <= config.layerDiffIds.length &&
    given.diffIds.every((diffId, index) => config.layerDiffIds[index] === diffId);
  if (!prefix) {
    const note = `the layers of ${given.reference} are not the first layers of this image (another build of the base?)`;
    return { ...guessBase(config, layerSteps), ...reference, note };
  }
  return {
    layers: given.diffIds.length,
    historySteps: Math.min(given.historyLength, config.history.length),
    source: 'base-image',
    ...reference,
  };
}

function guessBase(
  config: Pick<ConfigFacts, 'history' | 'layerDiffIds'>,
  layerSteps: readonly (number | null)[] | null,
): BaseFacts {
  const none = (note: string): BaseFacts => ({ layers: 0, historySteps: 0, source: 'none', note });
  const { history, layerDiffIds } = config;
  if (history.length === 0) return none('the image has no build history');
  const steps = exactSteps(layerSteps, config) ?? derivedSteps(config);
  if (steps === null)
    return none(
      `its history (${history.length} steps) does not say which step made each of its ${layerDiffIds.length} layers`,
    );
  const layerMakers = new Set(steps);
  const lastLayerStep = Math.max(-1, ...steps);
  let end = -1;
  for (let index = 0; index < lastLayerStep; index++)
    if (!layerMakers.has(index) && COMMAND_STEP.test(history[index]!.createdBy.trim())) end = index;
  if (end === -1) return none('no CMD or ENTRYPOINT step before its layers: no base image told apart');
  return { layers: steps.filter((step) => step <= end).length, historySteps: end + 1, source: 'heuristic' };
}

/** A step for every layer, each after the one before and within the history; else null (the mapping says nothing). */
function exactSteps(
  layerSteps: readonly (number | null)[] | null,
  config: Pick<ConfigFacts, 'history' | 'layerDiffIds'>,
): number[] | null {
  if (layerSteps === null || layerSteps.length !== config.layerDiffIds.length) return null;
  const valid = layerSteps.every(
    (step, index): step is number =>
      step !== null && step < config.history.length && (index === 0 || step > layerSteps[index - 1]!),
  );
  return valid ? [...(layerSteps as number[])] : null;
}

function derivedSteps(config: Pick<ConfigFacts, 'history' | 'layerDiffIds'>): number[] | null {
  return exactSteps(layerStepsFromHistory(config).layerHistoryIndex, config);
}
