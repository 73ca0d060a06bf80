import { describe, expect, it } from 'vitest';
import { startsCleanly } from '../../../../src/rules/starts-cleanly.js';
import { runtimeNonRoot } from '../../../../src/rules/runtime-non-root.js';
import { healthcheckPasses } from '../../../../src/rules/healthcheck-passes.js';
import { readonlyRootfs } from '../../../../src/rules/readonly-rootfs.js';
import { gracefulShutdown } from '../../../../src/rules/graceful-shutdown.js';
import { logsToStdout } from '../../../../src/rules/logs-to-stdout.js';
import { notStarted, runtimeVerdict } from '../../helpers/runtime-verdict.js';
import { NOTHING_TO_RUN } from '../../../../src/collect/runtime/index.js';

describe('runtime rules skip without the runtime phase', () => {
  it.each([startsCleanly, runtimeNonRoot, readonlyRootfs, gracefulShutdown, logsToStdout])('$id', (rule) => {
    expect(runtimeVerdict(rule, null).status).toBe('skip');
  });
});

/** What the runtime phase records for an image with neither ENTRYPOINT nor CMD: no container was created. */
const nothingToRun = {
  ...notStarted,
  startError: NOTHING_TO_RUN,
  readOnlyRootfs: { status: 'unknown' as const, evidence: [`start failed: ${NOTHING_TO_RUN}`] },
};

describe('an image that did not start', () => {
  it('fails starts-cleanly with the reason when there is nothing to run', () => {
    expect(runtimeVerdict(startsCleanly, nothingToRun)).toEqual({
      status: 'fail',
      message: `the container did not start: ${NOTHING_TO_RUN}`,
      evidence: [NOTHING_TO_RUN],
    });
  });
  it.each([runtimeNonRoot, readonlyRootfs, gracefulShutdown, logsToStdout, healthcheckPasses])(
    '$id skips, saying it did not start',
    (rule) => {
      expect(runtimeVerdict(rule, nothingToRun)).toEqual({
        status: 'skip',
        message: 'the container did not start (see starts-cleanly)',
        evidence: [],
      });
    },
  );
});
