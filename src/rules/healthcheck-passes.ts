import type { HealthFacts, ImageFacts } from '../facts.js';
import { defineRule } from './support/define.js';
import { fail, pass, skip, warn, whyMissing } from './support/types.js';

/** Programs the probe needs that the filesystem scan did not find in the image. */
function missingPrograms({ filesystem }: ImageFacts): string[] {
  return (filesystem?.healthcheckTools ?? []).filter((tool) => tool.path === null).map((tool) => tool.name);
}

/** No probe failed (a failure leaves its output or a streak) and none passed (the health would be healthy). */
function noProbeResult(health: HealthFacts): boolean {
  return health.failingStreak === 0 && health.lastProbeOutput === null;
}

export const healthcheckPasses = defineRule({
  id: 'healthcheck-passes',
  title: 'HEALTHCHECK turns healthy',
  severity: 'medium',
  needs: ['config'],
  categories: ['reliability'],
  rationale:
    'A HEALTHCHECK that never passes is worse than none: orchestrators that honour it restart a working service, and ' +
    'a probe that calls curl or wget in an image without them can only fail.',
  fix:
    'Probe with a program the image contains, against an address that answers inside the container.\n' +
    'HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \\\n  CMD ["/app/server", "--health"]',
  check: (facts) => {
    const { config, runtime } = facts;
    if (!config.healthcheck.defined) return skip('no HEALTHCHECK (see healthcheck-defined)');
    const missing = missingPrograms(facts).map((program) => `missing from the image: ${program}`);
    if (!runtime || !runtime.started) {
      // Without a run, a probe program the image lacks is a strong sign, not yet an observed failure.
      if (missing.length > 0) return warn('the HEALTHCHECK calls a program the image does not contain', missing);
      return skip(runtime ? 'the container did not start (see starts-cleanly)' : whyMissing(facts, 'runtime'));
    }
    const { health } = runtime;
    if (facts.engine?.kind === 'podman' && health.status === 'starting' && noProbeResult(health))
      return skip(
        `podman reported no probe result within ${runtime.observedSeconds.toFixed(1)}s: it runs HEALTHCHECK probes ` +
          "from systemd timers, which a host without systemd never fires (try 'podman healthcheck run CONTAINER')",
      );
    if (health.status === 'healthy') return pass(`healthy after ${health.secondsToHealthy?.toFixed(1) ?? '?'}s`);
    const evidence = [...missing, ...(health.lastProbeOutput ? [`last probe: ${health.lastProbeOutput}`] : [])];
    if (health.status === 'unhealthy') return fail(`unhealthy after ${health.failingStreak} failing probes`, evidence);
    return fail(`never turned healthy within ${runtime.observedSeconds.toFixed(1)}s`, evidence);
  },
});
