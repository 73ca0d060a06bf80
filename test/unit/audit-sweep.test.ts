import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { SweepResult } from '../../src/collect/runtime/labels.js';

const recorded = (name: string) => JSON.parse(readFileSync(new URL(`recorded/${name}`, import.meta.url), 'utf8'));
const REF = 'imgaudit-fixture/good:1.0.0';

/**
 * A stand-in engine holding the recorded good image without its ENTRYPOINT and CMD, so the runtime phase creates no
 * container and the only container call left is the sweep's list. Records every call in order.
 */
function engine(list: () => Promise<unknown[]>) {
  const calls: string[] = [];
  const inspect = recorded('good.inspect.json');
  const image = { ...inspect, Config: { ...inspect.Config, Entrypoint: null, Cmd: null } };
  const docker = {
    getImage: (ref: string) => ({
      inspect: async () => (calls.push(`inspect ${ref}`), image),
      history: async () => (calls.push('history'), recorded('good.history.json')),
    }),
    listContainers: async (options: { filters: { label: string[] } }) => {
      calls.push(`list ${options.filters.label.join(' ')}`);
      return list();
    },
    createContainer: async () => {
      throw new Error('no container is created for an image with nothing to run');
    },
  };
  return { docker: docker as unknown as Docker, calls };
}

describe('audit() sweeps leftovers of ended runs', () => {
  it('once, when the runtime phase runs', async () => {
    const { docker, calls } = engine(async () => []);
    const sweeps: SweepResult[] = [];
    const report = await audit([REF], {
      docker,
      filesystem: false,
      cache: false,
      onSweep: (result) => sweeps.push(result),
    });
    expect(report.images[0]!.facts.runtime?.started).toBe(false);
    expect(calls.filter((call) => call.startsWith('list '))).toEqual([
      `list imgaudit.managed=true imgaudit.owner-host=${hostname()}`,
    ]);
    expect(sweeps).toEqual([{ removed: [], error: null }]);
  });

  it('before the runtime phase creates its first container', async () => {
    const calls: string[] = [];
    const refused = (message: string, statusCode: number) =>
      Object.assign(new Error(message), { statusCode, json: { message } });
    const docker = {
      getImage: () => ({
        inspect: async () => recorded('good.inspect.json'),
        history: async () => recorded('good.history.json'),
      }),
      listContainers: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        calls.push('sweep listed');
        return [];
      },
      createContainer: async () => {
        calls.push('create');
        throw refused('out of disk', 500);
      },
      getContainer: () => ({ remove: async () => Promise.reject(refused('no such container', 404)) }),
    } as unknown as Docker;
    await expect(audit([REF], { docker, filesystem: false, cache: false })).rejects.toThrow('out of disk');
    expect(calls).toEqual(['sweep listed', 'create', 'create']);
  });

  it('never with --no-run', async () => {
    const { docker, calls } = engine(async () => []);
    const sweeps: SweepResult[] = [];
    await audit([REF], {
      docker,
      filesystem: false,
      runtime: false,
      cache: false,
      onSweep: (result) => sweeps.push(result),
    });
    expect(calls.filter((call) => call.startsWith('list '))).toEqual([]);
    expect(sweeps).toEqual([]);
  });

  it('and a failed sweep does not fail the audit', async () => {
    const { docker } = engine(async () => {
      throw Object.assign(new Error('boom'), { statusCode: 500, json: { message: 'boom' } });
    });
    const sweeps: SweepResult[] = [];
    const report = await audit([REF], {
      docker,
      filesystem: false,
      cache: false,
      onSweep: (result) => sweeps.push(result),
    });
    expect(report.images).toHaveLength(1);
    expect(sweeps).toEqual([
      { removed: [], error: 'the Docker engine failed list of imgaudit containers (HTTP 500): boom' },
    ]);
  });
});
