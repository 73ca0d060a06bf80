import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: boolean;
    /** A layer cache private to this test run (removed at the end), so no test reads the user's cache. */
    cacheDir: string;
  }
}

/**
 * Integration tests need a live engine and the fixture images (npm test builds both first). Each integration project
 * has its engine: the one at DOCKER_HOST, or the one its `env` names (integration-docker26, integration-podman).
 * Under CI=true a missing engine is a failure; elsewhere integration tests are skipped with a loud note.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'imgaudit-test-cache-'));
  // For the CLI runs that inherit this environment (one directory when both projects set it: each removes its own).
  process.env.IMGAUDIT_CACHE_DIR = cacheDir;
  project.provide('cacheDir', cacheDir);
  const teardown = () => rmSync(cacheDir, { recursive: true, force: true });
  const projectEnv = (project.config.env ?? {}) as NodeJS.ProcessEnv;
  const env: NodeJS.ProcessEnv = { ...process.env, ...projectEnv };
  // dockerode reads DOCKER_HOST from process.env only; a project's own engine (integration-docker26) is a unix socket.
  const ownHost = projectEnv.DOCKER_HOST;
  const docker = new Docker({ ...(ownHost ? { socketPath: new URL(ownHost).pathname } : {}), timeout: 5_000 });
  const info = await docker.info().catch(() => null);
  project.provide('engine', info !== null);
  // The docker26 project asserts that engine's facts: running it against another engine would test nothing true.
  if (info && env.IMGAUDIT_TEST_ENGINE === 'docker26' && !usesContainerdStore(info)) {
    teardown();
    throw new Error(`${project.name}: the engine at ${env.DOCKER_HOST} does not use the containerd image store`);
  }
  // The podman project asserts podman's facts: the engine there must be podman.
  if (
    info &&
    env.IMGAUDIT_TEST_ENGINE === 'podman' &&
    (await docker.version()).Components?.[0]?.Name !== 'Podman Engine'
  ) {
    teardown();
    throw new Error(`${project.name}: the engine at ${env.DOCKER_HOST} is not podman`);
  }
  if (info) return teardown;
  const message =
    env.IMGAUDIT_TEST_ENGINE === 'docker26'
      ? `the Docker 26 engine does not answer at ${env.DOCKER_HOST}: run \`bash scripts/ensure-docker26.sh\` and ` +
        '`bash scripts/build-fixtures-docker26.sh` as root (.ci/run does)'
      : env.IMGAUDIT_TEST_ENGINE === 'podman'
        ? `podman does not answer at ${env.DOCKER_HOST}: run \`bash scripts/ensure-podman.sh\` and ` +
          '`bash scripts/build-fixtures-podman.sh` as root (.ci/run does)'
        : 'no Docker engine answers: run `bash scripts/ensure-docker.sh` (npm test does it for you)';
  if (process.env.CI === 'true') {
    teardown();
    throw new Error(`${project.name}: ${message}`);
  }
  console.warn(`\n*** ${project.name} tests SKIPPED: ${message} ***\n`);
  return teardown;
}

/** The containerd snapshotter says so in DriverStatus (`driver-type io.containerd.snapshotter.v1`). */
function usesContainerdStore(info: { DriverStatus?: [string, string][] }): boolean {
  return (info.DriverStatus ?? []).some(([, value]) => value.startsWith('io.containerd.snapshotter'));
}
