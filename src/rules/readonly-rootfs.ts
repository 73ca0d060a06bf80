import { defineRule } from './support/define.js';
import { fail, pass, skip } from './support/types.js';

export const readonlyRootfs = defineRule({
  id: 'readonly-rootfs',
  title: 'Works with a read-only root filesystem',
  severity: 'medium',
  needs: ['runtime'],
  categories: ['security'],
  rationale:
    'A read-only root filesystem (`readOnlyRootFilesystem: true`, `docker run --read-only`) stops an intruder from ' +
    'planting binaries or changing config, and makes every write location explicit. An image that writes into its own ' +
    'filesystem at start cannot be deployed that way.',
  fix:
    'Write only to /tmp or declared volumes, and log to stdout.\n' +
    'VOLUME ["/app/data"]\n# run: docker run --read-only --tmpfs /tmp IMAGE',
  check: ({ config, runtime }) => {
    if (!runtime.started) return skip('the container did not start (see starts-cleanly)');
    const { status, evidence } = runtime.readOnlyRootfs;
    const kept = config.healthcheck.defined ? 'kept running and turned healthy' : 'kept running';
    if (status === 'compatible') return pass(`${kept} with a read-only root filesystem and a tmpfs /tmp`, evidence);
    if (status === 'incompatible')
      return fail('fails with a read-only root filesystem (a tmpfs /tmp was given)', evidence);
    return skip('the container did not stay up with a writable filesystem either, so the comparison says nothing');
  },
});
