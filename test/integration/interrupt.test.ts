import { spawn } from 'node:child_process';
import { once } from 'node:events';
import Docker from 'dockerode';
import { expect, it } from 'vitest';
import { MANAGED_LABEL } from '../../src/cleanup.js';
import { OWNER_PID_LABEL } from '../../src/collect/runtime/index.js';
import { CLI, describeWithEngine, FIXTURES } from './helpers.js';

const docker = new Docker();

const containersOf = (pid: number) =>
  docker.listContainers({ all: true, filters: { label: [`${MANAGED_LABEL}=true`, `${OWNER_PID_LABEL}=${pid}`] } });

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithEngine('Ctrl-C during the runtime phase (real engine)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes every container it started on ${signal} and exits ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const child = spawn(process.execPath, [CLI, '--window', '60', FIXTURES.good], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const pid = child.pid!;
      const running = await until(() => containersOf(pid), (list) => list.length === 2, 20_000);
      expect(running).toHaveLength(2); // the container and its read-only twin
      child.kill(signal);
      const [code] = await once(child, 'exit');
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`interrupted by ${signal}`);
      expect(await containersOf(pid)).toEqual([]);
    });
  }
});
