import { defineRule } from './support/define.js';
import { formatBytes, truncate } from '../shared/text.js';
import { stepText } from '../secrets/history-step.js';
import { fail, pass, warn } from './support/types.js';

/** Below the warning threshold, waste still warns when it is at least this big and this share of the image. */
const RELATIVE_MIN_BYTES = 1_000_000;
const RELATIVE_SHARE = 0.1;

export const wastedSpace = defineRule({
  id: 'wasted-space',
  title: 'Little wasted space in layers',
  severity: 'low',
  needs: ['filesystem'],
  categories: ['efficiency'],
  rationale:
    'A file that a later step deletes or overwrites is still stored, and pulled, in the layer that wrote it: ' +
    '`RUN rm` in a separate step frees nothing. Such waste usually comes from downloads, build outputs and caches ' +
    'cleaned up one step too late.',
  fix:
    'Delete temporary files in the same RUN step that created them, or build in a separate stage and copy the result.\n' +
    'RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz \\\n' +
    ' && tar -xzf /tmp/tool.tgz -C /usr/local/bin \\\n' +
    ' && rm /tmp/tool.tgz',
  check: ({ filesystem: { wastedBytes, wastedFiles }, config }, { wastedWarnBytes, wastedFailBytes }) => {
    if (wastedBytes === 0) return pass('no wasted space in layers');
    const evidence = wastedFiles.map(({ path, bytes, layerIndexes, createdBy }) => {
      const step = createdBy[0] === undefined ? '' : ` (${truncate(stepText(createdBy[0]))})`;
      return `${path}: ${formatBytes(bytes)} in layer(s) ${layerIndexes.join(', ')}${step}`;
    });
    const wasted = `${formatBytes(wastedBytes)} stored in layers but not visible in the image`;
    if (wastedBytes >= wastedFailBytes)
      return fail(`${wasted}, at or above the ${formatBytes(wastedFailBytes)} limit`, evidence);
    if (wastedBytes >= wastedWarnBytes)
      return warn(`${wasted}, at or above the ${formatBytes(wastedWarnBytes)} warning threshold`, evidence);
    if (wastedBytes >= RELATIVE_MIN_BYTES && wastedBytes >= RELATIVE_SHARE * config.sizeBytes) {
      const share = config.sizeBytes > 0 ? `${Math.round((wastedBytes / config.sizeBytes) * 100)}%` : 'all';
      return warn(`${wasted}: ${share} of the ${formatBytes(config.sizeBytes)} image`, evidence);
    }
    return pass(`${wasted}, below the ${formatBytes(wastedWarnBytes)} warning threshold`, evidence);
  },
});
