import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, inject } from 'vitest';

export const FIXTURES = {
  good: 'imgaudit-fixture/good:1.0.0',
  bad: 'imgaudit-fixture/bad:latest',
  envSecrets: 'imgaudit-fixture/env-secrets:1.0.0',
  manyLayers: 'imgaudit-fixture/many-layers:1.0.0',
  big: 'imgaudit-fixture/big:1.0.0',
  runtimeUnhealthy: 'imgaudit-fixture/runtime-unhealthy:1.0.0',
  runtimeExits: 'imgaudit-fixture/runtime-exits:1.0.0',
  runtimeShellForm: 'imgaudit-fixture/runtime-shell-form:1.0.0',
  runtimeLogfile: 'imgaudit-fixture/runtime-logfile:1.0.0',
  runtimeSecretLog: 'imgaudit-fixture/runtime-secret-log:1.0.0',
  runtimeFlood: 'imgaudit-fixture/runtime-flood:1.0.0',
  fsRisky: 'imgaudit-fixture/fs-risky:1.0.0',
  missingUser: 'imgaudit-fixture/missing-user:1.0.0',
  hostile: 'imgaudit-fixture/hostile:1.0.0',
  noCmd: 'imgaudit-fixture/no-cmd:1.0.0',
  debian: 'imgaudit-fixture/debian:12',
  dockle: 'imgaudit-fixture/dockle:1.0.0',
  /** imgaudit-fixture/debian:12 with jq's libraries installed by dpkg -i and planted pip and npm packages. */
  inventoryDebian: 'imgaudit-fixture/inventory-debian:1.0.0',
  /** Node.js 18's node_version.h, Python 3.8's standard library directory, Debian packages of Python 3.11. */
  runtimes: 'imgaudit-fixture/runtimes:1.0.0',
  /** A UBI 9-like image whose rpm database (rpm's sqlite backend) rpmbuild and rpm made: scripts/fixture-rpmdb.sh. */
  rpmSqlite: 'imgaudit-fixture/rpm-sqlite:1.0.0',
  /** A CentOS 7-like image with a BerkeleyDB-format rpm database path (var/lib/rpm/Packages). */
  rpmBdb: 'imgaudit-fixture/rpm-bdb:1.0.0',
  /** A base image with a setuid file and a world-writable directory, and a multi-stage image on it with a .env. */
  baseOwnBase: 'imgaudit-fixture/base-own-base:1.0.0',
  baseOwn: 'imgaudit-fixture/base-own:1.0.0',
  /** On the Docker 26 engine only (scripts/build-fixtures-docker26.sh): three layers of 60 MiB of random data. */
  largeGzip: 'imgaudit-fixture/large-gzip:1.0.0',
  /** On podman only (scripts/build-fixtures-podman.sh): the good image built by `podman build`, OCI format. */
  podmanOci: 'imgaudit-fixture/podman-oci:1.0.0',
} as const;

/** describe() when an engine answers, describe.skip() otherwise (global-setup fails the run under CI=true). */
export const describeWithEngine = inject('engine') ? describe : describe.skip;

/**
 * Which of the two test engines this project runs against (vitest.config.ts; global-setup checks it is that engine):
 * `main` is Debian's Docker 20.10 with its graph driver (legacy docker save, plain layer tars, fixtures built by the
 * classic builder), `docker26` is Docker 26 with the containerd image store (OCI layout, gzip blobs, BuildKit builds).
 */
export type Engine = 'main' | 'docker26' | 'podman';
const TEST_ENGINE = process.env.IMGAUDIT_TEST_ENGINE;
export const ENGINE: Engine = TEST_ENGINE === 'docker26' || TEST_ENGINE === 'podman' ? TEST_ENGINE : 'main';

/** The expected value on the engine under test, for the facts that really differ between the two. */
export function perEngine<T>(expected: Readonly<Record<Engine, T>>): T {
  return expected[ENGINE];
}

/** A file of the engine (a container's LogPath) as this process sees it: Docker 26 runs in a root of its own. */
export function engineFile(path: string): string {
  return join(process.env.IMGAUDIT_TEST_ENGINE_ROOT ?? '/', path);
}

export const CLI = fileURLToPath(new URL('../../bin/imgaudit', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would (npm test builds it first). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const options = {
      env: { ...process.env, NO_COLOR: '', IMGAUDIT_CACHE_DIR: inject('cacheDir'), ...env },
      maxBuffer: 16 * 1024 * 1024,
      ...(cwd ? { cwd } : {}),
    };
    execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function runJson(args: readonly string[], env?: NodeJS.ProcessEnv, cwd?: string) {
  const run = await runCli(['--format', 'json', ...args], env, cwd);
  if (run.stdout === '')
    throw new Error(`imgaudit ${args.join(' ')} printed no report (exit ${run.code}): ${run.stderr}`);
  return { ...run, report: JSON.parse(run.stdout) as import('../../src/evaluate/result.js').AuditReport };
}

type Report = import('../../src/evaluate/result.js').AuditReport;

/** rule id → status for one image of a report; `ranOnly` drops the rules that skipped. */
export function statusesOf(report: Report, { image = 0, ranOnly = false } = {}): Record<string, string> {
  const findings = report.images[image]!.findings.filter((finding) => !ranOnly || finding.status !== 'skip');
  return Object.fromEntries(findings.map((finding) => [finding.rule, finding.status]));
}
