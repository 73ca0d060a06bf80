import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { collectRuntime, DEFAULT_RUNTIME_OPTIONS, NOTHING_TO_RUN } from '../../../../src/collect/runtime/index.js';
import type { DockerClient } from '../../../../src/docker/client.js';
import { DaemonError, UsageError } from '../../../../src/docker/errors.js';
import { makeFacts } from '../../helpers/facts.js';

const GITHUB = `ghp_${'A'.repeat(36)}`;
const { config } = makeFacts();

/** The daemon's answer to an HTTP error, as dockerode rejects with it. */
const daemonAnswer = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode, json: { message } });

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
  uids: [],
  pid1Command: null,
  health: { status: 'starting', secondsToHealthy: null, lastProbeOutput: null, failingStreak: 0 },
  readOnlyRootfs: { status: 'unknown', evidence: [`start failed: ${startError}`] },
  stop: null,
  logFiles: [],
});

describe('collectRuntime for an image the daemon will not run', () => {
  it('creates nothing for an image with neither ENTRYPOINT nor CMD, and says why', async () => {
    const { client, calls } = refusingEngine(new Error('must not be called'));
    const runtime = await collectRuntime(client, { ...config, entrypoint: null, cmd: null }, DEFAULT_RUNTIME_OPTIONS);
    expect(calls).toEqual([]);
    expect(runtime).toEqual(notStarted(NOTHING_TO_RUN));
  });

  it('runs an image with only an ENTRYPOINT or only a CMD', async () => {
    for (const command of [{ entrypoint: ['/app'], cmd: null }, { entrypoint: null, cmd: ['/app'] }]) {
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
    expect(calls.filter((call) => call.startsWith('remove ')).sort()).toEqual(names.map((name) => `remove ${name}`).sort());
  });

  it('still throws when the engine itself fails the create (HTTP 500)', async () => {
    const { client } = refusingEngine(daemonAnswer(500, 'devmapper: thin pool is full'));
    await expect(collectRuntime(client, config, DEFAULT_RUNTIME_OPTIONS)).rejects.toBeInstanceOf(DaemonError);
  });

  it('refuses a memory limit the engine would refuse, before any daemon call', async () => {
    const { client, calls } = refusingEngine(new Error('must not be called'));
    await expect(collectRuntime(client, config, { ...DEFAULT_RUNTIME_OPTIONS, memoryBytes: 1024 })).rejects.toBeInstanceOf(UsageError);
    expect(calls).toEqual([]);
  });
});
