import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { MANAGED_LABEL } from '../../src/shared/cleanup.js';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL } from '../../src/collect/runtime/index.js';
import { describeWithEngine, FIXTURES, runCli } from './helpers.js';

const docker = new Docker();
const created: string[] = [];

/** A container as an earlier run would have left it: created from a fixture, never started, with these labels. */
async function leftover(role: string, labels: Record<string, string>): Promise<string> {
  const name = `imgaudit-sweep-test-${role}-${randomBytes(4).toString('hex')}`;
  await docker.createContainer({ name, Image: FIXTURES.good, Labels: labels, HostConfig: { NetworkMode: 'none' } });
  created.push(name);
  return name;
}

async function exists(name: string): Promise<boolean> {
  return docker
    .getContainer(name)
    .inspect()
    .then(() => true)
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return false;
      throw error;
    });
}

describeWithEngine('the sweep of containers left by ended runs (real engine)', () => {
  afterAll(async () => {
    await Promise.all(
      created.map((name) =>
        docker
          .getContainer(name)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  });

  it("removes a dead owner's container of this host, and never a live run's, another host's or an unlabelled one", async () => {
    const exited = spawnSync(process.execPath, ['-e', '']);
    const deadPid = exited.pid;
    expect(() => process.kill(deadPid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    const here = hostname();
    const deadHere = await leftover('dead-here', {
      [MANAGED_LABEL]: 'true',
      [OWNER_PID_LABEL]: String(deadPid),
      [OWNER_HOST_LABEL]: here,
    });
    const liveHere = await leftover('live-here', {
      [MANAGED_LABEL]: 'true',
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: here,
    });
    const deadElsewhere = await leftover('dead-elsewhere', {
      [MANAGED_LABEL]: 'true',
      [OWNER_PID_LABEL]: String(deadPid),
      [OWNER_HOST_LABEL]: `not-${here}`,
    });
    // Left by an imgaudit from before the host label: whose it is cannot be told, so it stays.
    const noHost = await leftover('no-host', { [MANAGED_LABEL]: 'true', [OWNER_PID_LABEL]: String(deadPid) });
    await docker.getContainer(liveHere).start();

    const run = await runCli(['--format', 'json', '--no-fs', '--window', '1', FIXTURES.runtimeExits]);
    expect(run.code).toBe(1);

    expect(await exists(deadHere)).toBe(false);
    expect(await exists(liveHere)).toBe(true);
    expect(await exists(deadElsewhere)).toBe(true);
    expect(await exists(noHost)).toBe(true);
  });
});
