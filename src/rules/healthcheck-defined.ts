import { defineRule } from './support/define.js';
import { truncate } from '../shared/text.js';
import { fail, pass } from './support/types.js';

/** Why an image built by podman has no HEALTHCHECK although its Dockerfile has one. */
export const PODMAN_OCI_NOTE =
  "podman builds images in the OCI format by default, which has no HEALTHCHECK: build with 'podman build --format docker'";

export const healthcheckDefined = defineRule({
  id: 'healthcheck-defined',
  title: 'Defines a HEALTHCHECK',
  severity: 'medium',
  needs: ['config'],
  categories: ['reliability'],
  rationale:
    'Without a health check the engine only knows whether PID 1 is alive, not whether the service answers. ' +
    'Orchestrators such as ECS, Swarm and Compose use HEALTHCHECK to restart a hung container and to hold traffic ' +
    'until it is ready.',
  fix:
    'Add a HEALTHCHECK that probes the service with a tool the image contains.\n' +
    'HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \\\n' +
    '  CMD ["/app/server", "--health"]',
  check: ({ config, engine }) => {
    const { healthcheck } = config;
    if (healthcheck.disabled) return fail('HEALTHCHECK NONE disables the health check', ['HEALTHCHECK NONE']);
    if (!healthcheck.defined || !healthcheck.test)
      return fail('no HEALTHCHECK is defined', engine?.kind === 'podman' ? [PODMAN_OCI_NOTE] : []);
    return pass('HEALTHCHECK is defined', [truncate(healthcheck.test.join(' '))]);
  },
});
