import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { collectRuntime, DEFAULT_RUNTIME_OPTIONS, NOTHING_TO_RUN } from '../../../../src/collect/runtime/index.js';
import type { DockerClient } from '../../../../src/docker/client.js';
import { DaemonError, UsageError } from '../../../../src/shared/errors.js';
import { makeFacts } from '../../helpers/facts.js';

const GITHUB = `ghp_${'A'.repeat(36)}`;
const { config } = makeFacts();

/** The daemon's answer to an HTTP error, as dockerode rejects with it. */
const daemonAnswer = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { statusCode, json: { message } });

/** A stand-in engine that records every call and refuses every container create with `createFailure`. */
function refusingEngine(createFailure: Error) {
  const calls: string[] = [];
  const docker = {
    getImage: (id: string) => ({
      inspect: async () => {
        calls.push(`inspect image ${id}`);
        return { Config: { Env: ['PATH=/bin'] } };
      },
    }),
    createContainer: async (spec: { name: string }) => {
      calls.push(`create ${spec.name}`);
      throw createFailure;
    },
    getContainer: (name: string) => ({
      remove: async () => {
        calls.push(`remove ${name}`);
        throw daemonAnswer(404, `No such container: ${name}`);
      },
    }),
  };
  const client: DockerClient = { docker: docker as unknown as Docker, host: 'unix:///stub.sock', timeoutMs: 1_000 };
  return { client, calls };
}

const notStarted = (startError: string) => ({
  started: false,
  startError,
  running: false,
  observedSeconds: 0,
  exitCode: null,
  lastLogLines: [],
  processes: [],
  processesError: null,
  uids: [],
  pid1Command: null,
  health: { status: 'starting', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 },
  readOnlyRootfs: { status: 'unknown', evidence: [`start failed: ${startError}`] },
  stop: null,
  logFiles: [],
  writes: null,
});

describe('collectRuntime for an image the daemon will not run', () => {
  it('creates nothing for an image with neither ENTRYPOINT nor CMD, and says why', async () => {
    const { client, calls } = refusingEngine(new Error('must not be called'));
    const runtime = await collectRuntime(client, { ...config, entrypoint: null, cmd: null }, DEFAULT_RUNTIME_OPTIONS);
    expect(calls).toEqual([]);
    expect(runtime).toEqual(notStarted(NOTHING_TO_RUN));
  });

  it('runs an image with only an ENTRYPOINT or only a CMD', async () => {
    for (const command of [
      { entrypoint: ['/app'], cmd: null },
      { entrypoint: null, cmd: ['/app'] },
    ]) {
      const { client, calls } = refusingEngine(daemonAnswer(400, 'No command specified'));
      await collectRuntime(client, { ...config, ...command }, DEFAULT_RUNTIME_OPTIONS);
      expect(calls.filter((call) => call.startsWith('create '))).toHaveLength(2);
    }
  });

  it("makes a create refused with HTTP 400 the image's start error, redacted, and tries to remove both", async () => {
    const { client, calls } = refusingEngine(daemonAnswer(400, `invalid healthcheck: curl -H "token=${GITHUB}"`));
    const runtime = await collectRuntime(client, config, DEFAULT_RUNTIME_OPTIONS);
    expect(runtime).toEqual(notStarted('invalid healthcheck: curl -H "token=ghp_…(40 chars)"'));
    expect(JSON.stringify(runtime)).not.toContain(GITHUB);
    const names = calls.filter((call) => call.startsWith('create ')).map((call) => call.slice('create '.length));
    expect(names).toEqual([expect.stringMatching(/^imgaudit-9c7a54a9a43c-[0-9a-f]{8}$/), `${names[0]}-ro`]);
    expect(calls.filter((call) => call.startsWith('remove ')).sort()).toEqual(
      names.map((name) => `remove ${name}`).sort(),
    );
  });

  it('still throws when the engine itself fails the create (HTTP 500)', async () => {
    const { client } = refusingEngine(daemonAnswer(500, 'devmapper: thin pool is full'));
    await expect(collectRuntime(client, config, DEFAULT_RUNTIME_OPTIONS)).rejects.toBeInstanceOf(DaemonError);
  });

  it('refuses a memory limit the engine would refuse, before any daemon call', async () => {
    const { client, calls } = refusingEngine(new Error('must not be called'));
    await expect(
      collectRuntime(client, config, { ...DEFAULT_RUNTIME_OPTIONS, memoryBytes: 1024 }),
    ).rejects.toBeInstanceOf(UsageError);
    expect(calls).toEqual([]);
  });
});

/** A stand-in engine on which both containers start and keep running, but `docker top` fails as without `ps`. */
function engineWithoutPs() {
  const calls: string[] = [];
  const container = (name: string) => ({
    start: async () => void calls.push(`start ${name}`),
    inspect: async () => ({ State: { Running: true, Pid: 4101, ExitCode: 0, StartedAt: new Date().toISOString() } }),
    top: async () => {
      calls.push(`top ${name}`);
      throw daemonAnswer(500, 'ps: exec: "ps": executable file not found in $PATH');
    },
    changes: async () => null,
    logs: async () => Buffer.from('listening on :8080\n'),
    kill: async ({ signal }: { signal: string }) => void calls.push(`kill ${signal} ${name}`),
    wait: async () => ({ StatusCode: 143 }),
    remove: async () => void calls.push(`remove ${name}`),
  });
  const docker = {
    getImage: () => ({ inspect: async () => ({ Config: { Env: [] } }) }),
    createContainer: async (spec: { name: string }) => void calls.push(`create ${spec.name}`),
    getContainer: container,
  };
  const client: DockerClient = { docker: docker as unknown as Docker, host: 'unix:///stub.sock', timeoutMs: 1_000 };
  return { client, calls };
}

describe('collectRuntime when docker top fails', () => {
  it('keeps every other fact and says why the processes are unknown', async () => {
    const { client, calls } = engineWithoutPs();
    const noHealthcheck = { ...config, healthcheck: { ...config.healthcheck, defined: false } };
    const runtime = await collectRuntime(client, noHealthcheck, { ...DEFAULT_RUNTIME_OPTIONS, windowSeconds: 0 });
    expect(runtime).toMatchObject({
      started: true,
      startError: null,
      running: true,
      processes: [],
      processesError: 'docker top failed (HTTP 500): ps: exec: "ps": executable file not found in $PATH',
      uids: [],
      pid1Command: null,
      lastLogLines: ['listening on :8080'],
      readOnlyRootfs: { status: 'compatible' },
      stop: { signal: 'SIGTERM', exitCode: 143, graceful: true },
    });
    // Top was asked once (the normal container), and both containers were still stopped and removed.
    expect(calls.filter((call) => call.startsWith('top '))).toHaveLength(1);
    expect(calls.filter((call) => call.startsWith('kill SIGTERM '))).toHaveLength(1);
    expect(calls.filter((call) => call.startsWith('remove '))).toHaveLength(2);
  });
});

/**
 * A stand-in podman 4.3 (its /version, top and inspect bodies as recorded from `podman system service`): both
 * containers run, and the health stays `starting` with no probe result, as without systemd timers.
 */
function podmanWithoutTimers() {
  const topArgs: string[] = [];
  const container = () => ({
    start: async () => undefined,
    inspect: async () => ({
      State: {
        Running: true,
        Pid: 18845,
        ExitCode: 0,
        StartedAt: new Date().toISOString(),
        Health: { Status: 'starting', FailingStreak: 0, Log: null },
      },
    }),
    top: async ({ ps_args }: { ps_args: string }) => {
      topArgs.push(ps_args);
      return {
        Titles: ['PID', 'PPID', 'USER', 'HUSER', 'COMMAND'],
        Processes: [
          ['1', '0', '10001', '10001', '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www'],
          ['6', '1', '10001', '10001', '/bin/busybox httpd -f -p 8080 -h /www'],
        ],
      };
    },
    changes: async () => null,
    logs: async () => Buffer.from(''),
    kill: async () => undefined,
    wait: async () => ({ StatusCode: 143 }),
    remove: async () => undefined,
  });
  const docker = {
    version: async () => ({ Components: [{ Name: 'Podman Engine', Version: '4.3.1' }], Version: '4.3.1' }),
    getImage: () => ({ inspect: async () => ({ Config: { Env: [] } }) }),
    createContainer: async () => undefined,
    getContainer: container,
  };
  const client: DockerClient = { docker: docker as unknown as Docker, host: 'unix:///stub.sock', timeoutMs: 1_000 };
  return { client, topArgs };
}

describe('collectRuntime on podman', () => {
  it("reads top with podman's own descriptors, and judges the read-only root by running alone when no probe reports", async () => {
    const { client, topArgs } = podmanWithoutTimers();
    const runtime = await collectRuntime(client, config, {
      ...DEFAULT_RUNTIME_OPTIONS,
      windowSeconds: 0,
      healthTimeoutSeconds: 0,
    });
    expect(topArgs).toEqual(['pid,ppid,user,huser,args']);
    expect(runtime).toMatchObject({
      started: true,
      running: true,
      processes: [
        { pid: 1, uid: 10001, command: '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www' },
        { pid: 6, uid: 10001, command: '/bin/busybox httpd -f -p 8080 -h /www' },
      ],
      processesError: null,
      uids: [10001],
      pid1Command: '/sbin/tini -- /bin/busybox httpd -f -p 8080 -h /www',
      health: { status: 'starting', lastProbeOutput: null, failingStreak: 0 },
      readOnlyRootfs: { status: 'compatible', evidence: [expect.stringMatching(/^running after/), 'health: starting'] },
    });
  });
});

describe('regression: the read-only twin on podman lost the start of its last line', () => {
  it("reads the twin's whole log: podman 4.3's tail drops the pieces of a line written in parts", async () => {
    const frame = (text: string) => {
      const payload = Buffer.from(text);
      return Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, payload.length]), payload]);
    };
    // As recorded from podman: the whole log keeps a shell's `sh: ` as its own frame; with tail=50 it was gone.
    const whole = Buffer.concat([frame('sh: '), frame("can't create /app/app.log: Read-only file system\n")]);
    const tailed = frame("can't create /app/app.log: Read-only file system\n");
    const container = (name: string) => ({
      start: async () => undefined,
      inspect: async () => ({
        State: name.endsWith('-ro')
          ? { Running: false, Pid: 0, ExitCode: 1, StartedAt: new Date().toISOString() }
          : { Running: true, Pid: 4101, ExitCode: 0, StartedAt: new Date().toISOString() },
      }),
      top: async () => ({
        Titles: ['PID', 'PPID', 'USER', 'HUSER', 'COMMAND'],
        Processes: [['1', '0', '10001', '10001', 'sh']],
      }),
      changes: async () => null,
      logs: async (options: { tail?: number }) => (options.tail === undefined ? whole : tailed),
      kill: async () => undefined,
      wait: async () => ({ StatusCode: 143 }),
      remove: async () => undefined,
    });
    const docker = {
      version: async () => ({ Components: [{ Name: 'Podman Engine', Version: '4.3.1' }] }),
      getImage: () => ({ inspect: async () => ({ Config: { Env: [] } }) }),
      createContainer: async () => undefined,
      getContainer: container,
    };
    const client: DockerClient = { docker: docker as unknown as Docker, host: 'unix:///stub.sock', timeoutMs: 1_000 };
    const noHealthcheck = { ...config, healthcheck: { ...config.healthcheck, defined: false } };
    const runtime = await collectRuntime(client, noHealthcheck, { ...DEFAULT_RUNTIME_OPTIONS, windowSeconds: 0 });
    expect(runtime.readOnlyRootfs).toEqual({
      status: 'incompatible',
      evidence: [
        expect.stringMatching(/^exited with code 1 after /),
        "sh: can't create /app/app.log: Read-only file system",
      ],
    });
  });
});
