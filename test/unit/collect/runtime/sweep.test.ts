import { spawnSync } from 'node:child_process';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { MANAGED_LABEL } from '../../../../src/shared/cleanup.js';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL } from '../../../../src/collect/runtime/labels.js';
import { sweepLeftovers } from '../../../../src/collect/runtime/sweep.js';
import type { DockerClient } from '../../../../src/docker/client.js';

const HOST = 'ci-runner-7';
const DEAD = 424242;
const LIVE = 515151;
const isAlive = (pid: number) => pid !== DEAD;

interface Listed {
  readonly Id: string;
  readonly Names: string[];
  readonly Labels: Record<string, string>;
}

const listed = (name: string, labels: Record<string, string>): Listed => ({
  Id: `${name}-id`,
  Names: [`/${name}`],
  Labels: labels,
});
const owned = (name: string, pid: string, host = HOST) =>
  listed(name, { [MANAGED_LABEL]: 'true', [OWNER_PID_LABEL]: pid, [OWNER_HOST_LABEL]: host });

/** A stand-in engine that answers the list with `containers` (as if its filter let them through) and records calls. */
function engine(
  containers: readonly Listed[],
  failures: { list?: Error; remove?: (id: string) => Error | undefined } = {},
) {
  const lists: unknown[] = [];
  const removed: string[] = [];
  const docker = {
    listContainers: async (options: unknown) => {
      lists.push(options);
      if (failures.list) throw failures.list;
      return containers;
    },
    getContainer: (id: string) => ({
      remove: async () => {
        const failure = failures.remove?.(id);
        if (failure) throw failure;
        removed.push(id);
      },
    }),
  };
  const client: DockerClient = { docker: docker as unknown as Docker, host: 'unix:///stub.sock', timeoutMs: 1_000 };
  return { client, lists, removed };
}

describe('sweepLeftovers', () => {
  it('asks once for the managed containers of this host', async () => {
    const { client, lists } = engine([]);
    expect(await sweepLeftovers(client, { hostname: HOST, isAlive })).toEqual({ removed: [], error: null });
    expect(lists).toEqual([
      { all: true, filters: { label: [`${MANAGED_LABEL}=true`, `${OWNER_HOST_LABEL}=${HOST}`] } },
    ]);
  });

  it('removes only the containers of this host whose owner is gone', async () => {
    const { client, removed } = engine([
      owned('dead-here', String(DEAD)),
      owned('live-here', String(LIVE)),
      owned('this-process', String(process.pid)),
      owned('dead-elsewhere', String(DEAD), 'other-host'),
      listed('no-host-label', { [MANAGED_LABEL]: 'true', [OWNER_PID_LABEL]: String(DEAD) }),
      listed('no-pid-label', { [MANAGED_LABEL]: 'true', [OWNER_HOST_LABEL]: HOST }),
      listed('not-managed', { [OWNER_PID_LABEL]: String(DEAD), [OWNER_HOST_LABEL]: HOST }),
    ]);
    expect(await sweepLeftovers(client, { hostname: HOST, isAlive })).toEqual({ removed: ['dead-here'], error: null });
    expect(removed).toEqual(['dead-here-id']);
  });

  it('never reads a pid that would address a process group, or is not a number', async () => {
    const probed: number[] = [];
    const { client, removed } = engine(
      ['0', '-1', '-4242', '12a', '', ' 42', '1e3'].map((pid, i) => owned(`odd-${i}`, pid)),
    );
    const result = await sweepLeftovers(client, { hostname: HOST, isAlive: (pid) => (probed.push(pid), false) });
    expect(result).toEqual({ removed: [], error: null });
    expect(probed).toEqual([]);
    expect(removed).toEqual([]);
  });

  it('tells a dead process from a live one by itself', async () => {
    const exited = spawnSync(process.execPath, ['-e', '']);
    expect(exited.status).toBe(0);
    const { client, removed } = engine([owned('dead', String(exited.pid)), owned('parent', String(process.ppid))]);
    expect(await sweepLeftovers(client, { hostname: HOST })).toEqual({ removed: ['dead'], error: null });
    expect(removed).toEqual(['dead-id']);
  });

  it('never throws: a failed list or removal is reported, the other removals still happen', async () => {
    const refused = Object.assign(new Error('Cannot connect'), {
      statusCode: 500,
      json: { message: 'Cannot connect' },
    });
    expect(await sweepLeftovers(engine([], { list: refused }).client, { hostname: HOST, isAlive })).toEqual({
      removed: [],
      error: 'the Docker engine failed list of imgaudit containers (HTTP 500): Cannot connect',
    });
    const busy = Object.assign(new Error('busy'), { statusCode: 500, json: { message: 'device or resource busy' } });
    const { client, removed } = engine([owned('stuck', String(DEAD)), owned('fine', String(DEAD))], {
      remove: (id) => (id === 'stuck-id' ? busy : undefined),
    });
    expect(await sweepLeftovers(client, { hostname: HOST, isAlive })).toEqual({
      removed: ['fine'],
      error: 'the Docker engine failed removal of container stuck-id (HTTP 500): device or resource busy',
    });
    expect(removed).toEqual(['fine-id']);
  });
});
