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
 * Integration tests need a live engine and the fixture images (npm test builds both first).
 * Under CI=true a missing engine is a failure; elsewhere integration tests are skipped with a loud note.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'imgaudit-test-cache-'));
  process.env.IMGAUDIT_CACHE_DIR = cacheDir;
  project.provide('cacheDir', cacheDir);
  const teardown = () => rmSync(cacheDir, { recursive: true, force: true });
  const reachable = await new Docker({ timeout: 5_000 })
    .ping()
    .then(() => true)
    .catch(() => false);
  project.provide('engine', reachable);
  if (reachable) return teardown;
  const message = 'no Docker engine answers: run `bash scripts/ensure-docker.sh` (npm test does it for you)';
  if (process.env.CI === 'true') {
    teardown();
    throw new Error(message);
  }
  console.warn(`\n*** integration tests SKIPPED: ${message} ***\n`);
  return teardown;
}
