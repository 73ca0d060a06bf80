import { LOG_FILE_BYTES, LOG_FILES } from '../collect/runtime/options.js';
import { defineRule } from './support/define.js';
import { formatBytes } from '../shared/text.js';
import { fail, pass, skip } from './support/types.js';

export const boundedWrites = defineRule({
  id: 'bounded-writes',
  title: 'Writes stay within bounds',
  severity: 'medium',
  needs: ['runtime'],
  categories: ['reliability', 'efficiency'],
  rationale:
    'A container that writes hundreds of megabytes into its own filesystem, or floods stdout, in its first seconds ' +
    "fills the node's disk: the writable layer and the engine's log files grow until the node evicts pods or " +
    "stops. Debug logging left on, a runaway loop or a cache written into the image's own filesystem show up here.",
  fix:
    'Write data to a volume or tmpfs with a size limit, keep the log level at info in production, and rate-limit logs.\n' +
    'VOLUME ["/app/cache"]\n# run: docker run --tmpfs /app/cache:size=64m --log-opt max-size=10m IMAGE',
  check: ({ runtime }, { writableLayerLimitBytes }) => {
    if (!runtime.started) return skip('the container did not start (see starts-cleanly)');
    const { writes } = runtime;
    if (!writes) return skip('its writes were not measured');
    const seconds = `${runtime.observedSeconds.toFixed(1)}s`;
    const layer = writes.writableLayerBytes;
    const cap = `${LOG_FILES} × ${formatBytes(LOG_FILE_BYTES)}`;
    const evidence = [
      `writable layer: ${layer === null ? 'size unknown' : formatBytes(layer)}`,
      `log kept by the engine: ${formatBytes(writes.logBytes)} of ` +
        `${cap}${writes.logCapReached ? ', cap reached: older output dropped' : ''}`,
    ];
    const problems = [
      ...(layer !== null && layer > writableLayerLimitBytes
        ? [
            `wrote ${formatBytes(layer)} to its writable layer in ${seconds}, above the ` +
              `${formatBytes(writableLayerLimitBytes)} limit`,
          ]
        : []),
      ...(writes.logCapReached
        ? [`flooded its log: more than ${formatBytes(LOG_FILE_BYTES)} of output in ${seconds}`]
        : []),
    ];
    if (problems.length > 0) return fail(problems.join('; '), evidence);
    if (layer === null) return skip('the engine did not report the size of the writable layer');
    return pass(
      `wrote ${formatBytes(layer)} to its writable layer and ${formatBytes(writes.logBytes)} of log in ${seconds}`,
      evidence,
    );
  },
});
