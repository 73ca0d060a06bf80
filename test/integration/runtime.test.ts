import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, expect, it } from 'vitest';
import { MANAGED_LABEL, runCleanups } from '../../src/shared/cleanup.js';
import { collectConfig } from '../../src/collect/config/image-config.js';
import {
  collectRuntime,
  containerSpec,
  DEFAULT_RUNTIME_OPTIONS,
  NOTHING_TO_RUN,
  OWNER_HOST_LABEL,
  OWNER_PID_LABEL,
  RuntimeInterrupted,
  type RuntimeOptions,
} from '../../src/collect/runtime/index.js';
import { containerName, startContainer, withContainer } from '../../src/collect/runtime/container.js';
import { createRedactor } from '../../src/collect/runtime/redact-output.js';
import { logBody, logLines } from '../../src/collect/runtime/logs.js';
import { readProcesses } from '../../src/collect/runtime/top.js';
import { LOG_FILE_BYTES, LOG_FILES } from '../../src/collect/runtime/options.js';
import { createDockerClient } from '../../src/docker/client.js';
import { ImageNotFound, UsageError } from '../../src/shared/errors.js';
import type { ConfigFacts } from '../../src/facts.js';
import { describeWithEngine, ENGINE, engineFile, FIXTURES, perEngine } from './helpers.js';

/** Built by docker-compose.test.yml beside the others (its FIXTURES entry belongs to the filesystem tests). */
const MISSING_USER = 'imgaudit-fixture/missing-user:1.0.0';

const client = createDockerClient();
/** Bytes podman writes into a container's layer for an image whose /etc/passwd lacks its numeric USER (see below). */
const PODMAN_WRITES = 77;
/** Short windows keep the file fast; the health wait still runs to a verdict. */
const FAST: RuntimeOptions = { ...DEFAULT_RUNTIME_OPTIONS, windowSeconds: 2, stopGraceSeconds: 2 };

async function runtimeOf(ref: string, options: Partial<RuntimeOptions> = {}) {
  return collectRuntime(client, await collectConfig(client, ref), { ...FAST, ...options });
}

/** The whole facts of a run whose container never started, for an image without a HEALTHCHECK; `detail` is why. */
function neverStarted(detail: string) {
  return {
    started: false,
    startError: expect.stringContaining(detail),
    running: false,
    observedSeconds: 0,
    exitCode: null,
    lastLogLines: [],
    processes: [],
    processesError: null,
    uids: [],
    pid1Command: null,
    health: { status: 'none', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 },
    readOnlyRootfs: { status: 'unknown', evidence: [expect.stringContaining(`start failed: ${detail}`)] },
    stop: null,
    logFiles: [],
    writes: null,
  };
}

/** Containers this test process created and left behind; other test files run in other processes. */
function leftovers() {
  return client.docker.listContainers({
    all: true,
    filters: { label: [`${MANAGED_LABEL}=true`, `${OWNER_PID_LABEL}=${process.pid}`] },
  });
}

describeWithEngine('runtime phase (real engine)', () => {
  afterEach(async () => {
    expect(await leftovers()).toEqual([]);
  });

  it('runs the good image: non-root tini, healthy, read-only compatible, stops at once', async () => {
    const began = Date.now();
    // podman runs no probe without systemd timers: its health stays `starting` for the whole wait, kept short there.
    const runtime = await runtimeOf(FIXTURES.good, ENGINE === 'podman' ? { healthTimeoutSeconds: 1 } : {});
    const seconds = (Date.now() - began) / 1000;
    const health = perEngine({ main: 'healthy', docker26: 'healthy', podman: 'starting' } as const);
    expect(runtime).toMatchObject({
      started: true,
      startError: null,
      running: true,
      exitCode: null,
      uids: [10001],
      pid1Command: '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www',
      health: { status: health, lastProbeOutput: null, failingStreak: 0 },
      processesError: null,
      // The containerd snapshotter reports the disk usage of the container's upper directory: one 4 KiB block for the
      // directory itself when nothing was written (`docker diff` is empty). podman writes into the container's layer
      // itself: /etc/passwd and /etc/group entries for the USER 10001 the image's files lack, and empty mount points
      // (/etc/hosts, /etc/hostname, /run/.containerenv).
      writes: {
        writableLayerBytes: perEngine({ main: 0, docker26: 4096, podman: PODMAN_WRITES }),
        logBytes: 0,
        logCapReached: false,
      },
      // On podman, where no probe reports, the twin is judged by running alone.
      readOnlyRootfs: {
        status: 'compatible',
        evidence: [expect.stringMatching(/^running after /), `health: ${health}`],
      },
      stop: { signal: 'SIGTERM', graceSeconds: 2, exitCode: 143, graceful: true },
      logFiles: [],
      lastLogLines: [],
    });
    expect(runtime.processes.map(({ uid, command }) => `${uid} ${command}`)).toEqual([
      '10001 /sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www',
      '10001 /bin/busybox httpd -f -p 8080 -h /www',
    ]);
    if (ENGINE === 'podman') {
      expect(runtime.health.secondsToHealthy).toBeNull();
    } else {
      expect(runtime.health.secondsToHealthy).toBeGreaterThan(0);
      expect(runtime.health.secondsToHealthy).toBeLessThan(10);
    }
    expect(runtime.observedSeconds).toBeGreaterThanOrEqual(2);
    expect(runtime.stop!.seconds).toBeLessThan(2);
    expect(seconds).toBeLessThan(10);
  });

  it('sees root in the bad image and kills its shell-form PID 1 after the grace period', async () => {
    const runtime = await runtimeOf(FIXTURES.bad, { windowSeconds: 1, stopGraceSeconds: 1 });
    expect(runtime).toMatchObject({
      started: true,
      running: true,
      uids: [0],
      pid1Command: '/bin/busybox httpd -f -p 8080 -h /',
      health: { status: 'none', secondsToHealthy: null },
      readOnlyRootfs: { status: 'compatible' },
      stop: { signal: 'SIGTERM', graceSeconds: 1, seconds: 1, exitCode: 137, graceful: false },
    });
  });

  it('reports the daemon words when a named USER is missing from /etc/passwd', async () => {
    const runtime = await runtimeOf(MISSING_USER);
    expect(runtime).toEqual(neverStarted('unable to find user ghost'));
  });

  it('keeps the exit code and the last words of an image that exits at once', async () => {
    const began = Date.now();
    const runtime = await runtimeOf(FIXTURES.runtimeExits);
    expect(runtime).toMatchObject({
      started: true,
      running: false,
      exitCode: 3,
      lastLogLines: ['config missing: DATABASE_URL'],
      processes: [],
      pid1Command: null,
      stop: null,
      readOnlyRootfs: {
        status: 'unknown',
        evidence: [expect.stringMatching(/^exited with code 3 after /), 'config missing: DATABASE_URL'],
      },
    });
    // It exited, so the watch stopped early instead of running out the window.
    expect(runtime.observedSeconds).toBeLessThan(2);
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('reports an unhealthy image with its failing probe output', async () => {
    if (ENGINE === 'podman') {
      // No probe runs on podman here (no systemd timers): the health stays `starting` with no output, and the read-only
      // twin is judged by running alone. healthcheck-passes skips on exactly these facts, naming podman.
      const runtime = await runtimeOf(FIXTURES.runtimeUnhealthy, { healthTimeoutSeconds: 1 });
      expect(runtime).toMatchObject({
        started: true,
        running: true,
        uids: [10001],
        health: { status: 'starting', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 },
        readOnlyRootfs: { status: 'compatible' },
        stop: { graceful: true, exitCode: 143 },
      });
      return;
    }
    const runtime = await runtimeOf(FIXTURES.runtimeUnhealthy);
    expect(runtime).toMatchObject({
      started: true,
      running: true,
      uids: [10001],
      health: { status: 'unhealthy', secondsToHealthy: null, lastProbeOutput: 'probe failed: upstream not reachable' },
      readOnlyRootfs: { status: 'unknown' },
      stop: { graceful: true, exitCode: 143 },
    });
    expect(runtime.health.failingStreak).toBeGreaterThanOrEqual(2);
  });

  it('measures a shell-form PID 1 that ignores SIGTERM: killed after the grace period', async () => {
    const runtime = await runtimeOf(FIXTURES.runtimeShellForm, { stopGraceSeconds: 2 });
    expect(runtime).toMatchObject({
      started: true,
      running: true,
      uids: [10001],
      pid1Command: '/bin/busybox sleep 3600',
      stop: { signal: 'SIGTERM', graceSeconds: 2, seconds: 2, exitCode: 137, graceful: false },
      readOnlyRootfs: { status: 'compatible', evidence: [expect.stringMatching(/^running after /)] },
    });
  });

  it('finds the log file an image writes into its root filesystem, and that a read-only root kills it', async () => {
    const runtime = await runtimeOf(FIXTURES.runtimeLogfile);
    expect(runtime).toMatchObject({
      started: true,
      running: true,
      logFiles: ['/app/app.log'],
      readOnlyRootfs: {
        status: 'incompatible',
        evidence: [
          expect.stringMatching(/^exited with code 1 after /),
          "sh: can't create /app/app.log: Read-only file system",
        ],
      },
      stop: { graceful: true },
    });
  });

  it('redacts a token the image prints before it fails', async () => {
    const runtime = await runtimeOf(FIXTURES.runtimeSecretLog);
    const token = `ghp_${'A'.repeat(36)}`;
    expect(runtime).toMatchObject({ started: true, running: false, exitCode: 1 });
    // The token by its shape, the image's own ENV secret by its name (its value has no token shape).
    expect(runtime.lastLogLines).toEqual([
      'starting',
      'token=ghp_…(40 chars)',
      'signing with fixt…(31 chars)',
      'giving up',
    ]);
    expect(runtime.readOnlyRootfs.evidence).toContain('token=ghp_…(40 chars)');
    for (const secret of [token, 'AAAAAAAA', 'fixture-session-secret-not-real'])
      expect(JSON.stringify(runtime)).not.toContain(secret);
  });

  it('throws ImageNotFound when the image is gone before the run', async () => {
    const config = await collectConfig(client, FIXTURES.good);
    const gone: ConfigFacts = { ...config, id: `sha256:${'0'.repeat(64)}` };
    await expect(collectRuntime(client, gone, FAST)).rejects.toBeInstanceOf(ImageNotFound);
  });

  it("refuses a memory limit below the engine minimum itself, so that a refused create is the image's doing", async () => {
    const failure = runtimeOf(FIXTURES.good, { memoryBytes: 1024 });
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow(
      "runtime option memoryBytes must be at least 6291456 (6 MiB, the engine's minimum), got 1024",
    );
  });

  it('creates no container for an image with neither ENTRYPOINT nor CMD, and records why', async () => {
    const runtime = await runtimeOf(FIXTURES.noCmd);
    expect(runtime).toEqual(neverStarted(NOTHING_TO_RUN));
    expect(runtime.startError).toBe(NOTHING_TO_RUN);
  });

  it("makes the engine's own HTTP 400 on create the image's start error, and leaves nothing behind", async () => {
    // The config claims a CMD the image lacks, so the containers are created and the engine refuses them itself.
    const config = await collectConfig(client, FIXTURES.noCmd);
    if (ENGINE === 'podman') {
      // podman refuses it with HTTP 500, which says nothing of whose fault it is: an engine failure, and nothing left.
      await expect(collectRuntime(client, { ...config, cmd: ['/bin/app'] }, FAST)).rejects.toMatchObject({
        statusCode: 500,
        message: expect.stringContaining('no command or entrypoint provided, and no CMD or ENTRYPOINT from image'),
      });
      return;
    }
    const runtime = await collectRuntime(client, { ...config, cmd: ['/bin/app'] }, FAST);
    const refusal = perEngine({
      main: 'No command specified',
      docker26: 'no command specified',
      podman: 'unused: podman answers 500, above',
    });
    expect(runtime).toMatchObject({
      started: false,
      startError: refusal,
      running: false,
      readOnlyRootfs: { status: 'unknown', evidence: [`start failed: ${refusal}`] },
      stop: null,
    });
  });

  it("leaves the processes unknown, with the engine's reason, when the engine's ps fails", async () => {
    // The engine runs `ps` on its host with the arguments it is given: a bad column makes it fail as a missing ps would.
    const config = await collectConfig(client, FIXTURES.good);
    const reading = await withContainer(
      client,
      containerName(config.id),
      containerSpec(config, FAST, false),
      async (managed) => {
        expect(await startContainer(managed)).toBeNull();
        return readProcesses(managed, null, createRedactor(), '-o no-such-column');
      },
    );
    expect(reading).toEqual({
      view: null,
      // podman answers arguments it does not know with HTTP 200 and an empty body.
      error: perEngine({
        main: 'docker top failed (HTTP 500): ps: error: unknown user-defined format specifier "no-such-column"',
        docker26: 'docker top failed (HTTP 500): ps: error: unknown user-defined format specifier "no-such-column"',
        podman: 'docker top answered with no process table',
      }),
    });
  });

  it('measures an image that fills its filesystem and floods stdout, and reads its log back whole', async () => {
    const runtime = await runtimeOf(FIXTURES.runtimeFlood, { windowSeconds: 3 });
    expect(runtime).toMatchObject({
      started: true,
      running: true,
      writes: {
        // On the containerd store: plus a block for the upper directory and one for the directory written into.
        writableLayerBytes: 120 * 1024 * 1024 + perEngine({ main: 0, docker26: 2 * 4096, podman: PODMAN_WRITES }),
        logCapReached: true,
      },
      lastLogLines: Array(5).fill('flooding-stdout'),
      stop: { graceful: true },
    });
    // Two files of 1 MB at most, each overrun by at most one line.
    expect(runtime.writes!.logBytes).toBeGreaterThanOrEqual(LOG_FILE_BYTES);
    expect(runtime.writes!.logBytes).toBeLessThanOrEqual(LOG_FILES * (LOG_FILE_BYTES + 100));
  });

  it("keeps a flooding container's log on the engine within the cap, and its tail readable", async () => {
    const config = await collectConfig(client, FIXTURES.runtimeFlood);
    const seen = await withContainer(
      client,
      containerName(config.id),
      containerSpec(config, FAST, false),
      async (managed) => {
        expect(await startContainer(managed)).toBeNull();
        await managed.pause(3_000);
        // Frozen, and given a moment to write what it already printed, it stops rotating its log files under the reads.
        await managed.call('pause', (container) => container.pause());
        await managed.pause(500);
        const info = await managed.call('inspect', (container) => container.inspect());
        const files = [info.LogPath, `${info.LogPath}.1`, `${info.LogPath}.2`]
          .map(engineFile)
          .filter((path) => existsSync(path));
        const sizes = files.map((path) => statSync(path).size);
        const tail = await managed.call('logs', (container) => container.logs({ stdout: true, stderr: true, tail: 3 }));
        await managed.call('unpause', (container) => container.unpause());
        return { logConfig: info.HostConfig.LogConfig, sizes, files: files.length, tail: logLines(logBody(tail)) };
      },
    );
    // podman's inspect does not echo the log options; its conmon keeps max-size (one file, cut back when full) and has
    // no max-file.
    expect(seen.logConfig).toEqual(
      perEngine({
        main: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
        docker26: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
        podman: { Type: 'json-file', Config: null },
      }),
    );
    // It rotated (the flood passed 1 MB in 3 s), and no file outgrew 1 MB by more than its last line.
    expect(seen.files).toBe(perEngine({ main: 2, docker26: 2, podman: 1 }));
    for (const size of seen.sizes) expect(size).toBeLessThanOrEqual(LOG_FILE_BYTES + 100);
    expect(seen.tail).toEqual(['flooding-stdout', 'flooding-stdout', 'flooding-stdout']);
  });

  it('runCleanups() removes the containers of a running phase, which then settles at once', async () => {
    const config = await collectConfig(client, FIXTURES.good);
    const phase = collectRuntime(client, config, { ...FAST, windowSeconds: 60 });
    phase.catch(() => undefined);
    let running: Awaited<ReturnType<typeof leftovers>> = [];
    for (let i = 0; i < 40 && running.filter((c) => c.State === 'running').length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      running = await leftovers();
    }
    expect(running.map((c) => c.Names[0]).sort()).toEqual([
      expect.stringMatching(/^\/imgaudit-[0-9a-f]{12}-[0-9a-f]{8}$/),
      expect.stringMatching(/^\/imgaudit-[0-9a-f]{12}-[0-9a-f]{8}-ro$/),
    ]);
    // The containers as created: no network, bounded, no new privileges, the twin read-only with a /tmp tmpfs.
    const infos = await Promise.all(running.map((c) => client.docker.getContainer(c.Id).inspect()));
    const [normal, twin] = infos.sort((a, b) => a.Name.length - b.Name.length);
    for (const info of [normal!, twin!]) {
      expect(info.Config.Labels).toMatchObject({
        [MANAGED_LABEL]: 'true',
        [OWNER_PID_LABEL]: String(process.pid),
        [OWNER_HOST_LABEL]: hostname(),
      });
      expect(info.Image).toBe(config.id);
      expect(info.HostConfig).toMatchObject({
        NetworkMode: 'none',
        Memory: 256 * 1024 * 1024,
        PidsLimit: 256,
        Privileged: false,
        SecurityOpt: ['no-new-privileges'],
      });
    }
    expect(normal!.HostConfig.ReadonlyRootfs).toBe(false);
    // podman lists the mount options it adds itself.
    const tmpfs = perEngine({
      main: 'rw,noexec,nosuid,size=16m',
      docker26: 'rw,noexec,nosuid,size=16m',
      podman: 'rw,noexec,nosuid,size=16m,rprivate,nodev,tmpcopyup',
    });
    expect(twin!.HostConfig).toMatchObject({ ReadonlyRootfs: true, Tmpfs: { '/tmp': tmpfs } });

    const began = Date.now();
    await runCleanups();
    expect(await leftovers()).toEqual([]);
    await expect(phase).rejects.toBeInstanceOf(RuntimeInterrupted);
    expect(Date.now() - began).toBeLessThan(5_000);
  });
});
