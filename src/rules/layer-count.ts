import { defineRule } from './support/define.js';
import { formatBytes } from '../shared/text.js';
import { historyEvidence } from './support/history.js';
import { fail, pass } from './support/types.js';

const BIGGEST_STEPS = 5;

export const layerCount = defineRule({
  id: 'layer-count',
  title: 'Layer count below the limit',
  severity: 'low',
  needs: ['config'],
  categories: ['efficiency', 'maintainability'],
  rationale:
    'Each filesystem layer is downloaded, verified and stacked separately, so many small layers slow pulls and ' +
    'container start. A long layer list usually means RUN steps that should be merged or files that ' +
    'belong in one COPY.',
  fix:
    'Merge related RUN steps and clean up in the same step; copy what belongs together at once.\n' +
    'RUN apt-get update \\\n' +
    ' && apt-get install -y --no-install-recommends ca-certificates \\\n' +
    ' && rm -rf /var/lib/apt/lists/*',
  check: ({ config }, { layerLimit }) => {
    const count = `${config.layerCount} layers (limit ${layerLimit})`;
    if (config.layerCount < layerLimit)
      return pass(`${config.layerCount} layers, below the limit of ${layerLimit}`, [count]);
    const biggest = config.history
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.sizeBytes > 0)
      .sort((a, b) => b.entry.sizeBytes - a.entry.sizeBytes || a.index - b.index)
      .slice(0, BIGGEST_STEPS)
      .map(({ entry, index }) => `${formatBytes(entry.sizeBytes)} ${historyEvidence(index, entry)}`);
    return fail(`${config.layerCount} layers, at or above the limit of ${layerLimit}`, [count, ...biggest]);
  },
});
