import { defineConfig } from 'vitest/config';

/** The second engine (scripts/ensure-docker26.sh): Docker 26 with the containerd image store, fixtures built by BuildKit. */
const DOCKER26 = {
  DOCKER_HOST: `unix://${process.env.IMGAUDIT_DOCKER26_SOCKET_DIR ?? '/run/imgaudit-docker26'}/docker.sock`,
  IMGAUDIT_TEST_ENGINE: 'docker26',
  // It runs in a root of its own: the paths it reports (a container's LogPath) are under this folder on the host.
  IMGAUDIT_TEST_ENGINE_ROOT: `${process.env.IMGAUDIT_DOCKER26_STATE ?? '/var/lib/imgaudit-docker26'}/root`,
};

/** The podman engine (scripts/ensure-podman.sh): Debian's podman 4.3 through its Docker-compatible API. */
const PODMAN = {
  DOCKER_HOST: `unix://${process.env.IMGAUDIT_PODMAN_SOCKET_DIR ?? '/run/imgaudit-podman'}/podman.sock`,
  IMGAUDIT_TEST_ENGINE: 'podman',
};

/**
 * Integration test files that also run against Docker 26: everything that reads an image the way that engine stores
 * and exports it differently (inspect and history of BuildKit builds, the OCI save layout with gzip layers, shared
 * layers, the cache keyed by diff ids, secrets in files, deleted ones and whiteouts), and the runtime phase (exec for
 * health probes, docker top). The rest (CLI flags, reports, config, selection, diff, interrupts) does not depend on
 * the engine and runs once, on the main engine. See the README, "Two engines".
 */
const BOTH_ENGINES = ['static-audit', 'filesystem-audit', 'cache', 'hostile', 'batch', 'runtime', 'dockle-rules'];

/**
 * Integration test files that run against podman: how it stores, inspects and exports images (static facts, the layer
 * scan of its docker-archive save, secrets, whiteouts, shared layers, the cache) and the runtime phase, where podman
 * differs most (ulimits, top, health probes without systemd), and the dockle-style rules on its facts. See the README,
 * "podman".
 */
const PODMAN_FILES = ['static-audit', 'filesystem-audit', 'cache', 'batch', 'runtime', 'dockle-rules'];

const integration = {
  globalSetup: ['test/integration/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Integration tests share one engine; files run in parallel, tests inside a file in order.
  fileParallelism: true,
};

export default defineConfig({
  test: {
    projects: [
      {
        // Unit tests need no engine: no global setup pings one, so they run anywhere, CI=true included.
        // A generous bound: on a loaded 2-core machine a first render that loads cli-table3 took 7 s once.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        test: { ...integration, name: 'integration', include: ['test/integration/*.test.ts'] },
      },
      {
        test: {
          ...integration,
          name: 'integration-docker26',
          include: [
            ...BOTH_ENGINES.map((file) => `test/integration/${file}.test.ts`),
            'test/integration/docker26/*.test.ts',
          ],
          env: DOCKER26,
        },
      },
      {
        test: {
          ...integration,
          name: 'integration-podman',
          include: [
            ...PODMAN_FILES.map((file) => `test/integration/${file}.test.ts`),
            'test/integration/podman/*.test.ts',
          ],
          env: PODMAN,
        },
      },
    ],
  },
});
