import Docker from 'dockerode';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: boolean;
  }
}

/**
 * Integration tests need a live engine and the fixture images (npm test builds both first).
 * Under CI=true a missing engine is a failure; elsewhere integration tests are skipped with a loud note.
 */
export default async function setup(project: TestProject): Promise<void> {
  const reachable = await new Docker({ timeout: 5_000 })
    .ping()
    .then(() => true)
    .catch(() => false);
  project.provide('engine', reachable);
  if (reachable) return;
  const message = 'no Docker engine answers: run `bash scripts/ensure-docker.sh` (npm test does it for you)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n*** integration tests SKIPPED: ${message} ***\n`);
}
