import { spawn } from 'node:child_process';
import { once } from 'node:events';
import Docker from 'dockerode';
import { expect, it } from 'vitest';
import { MANAGED_LABEL } from '../../src/shared/cleanup.js';
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

/** 128 + the signal's number, as a shell reports it. */
const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const;

describeWithEngine('Ctrl-C, kill, a closed terminal during the runtime phase (real engine)', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
    it(`removes every container it started on ${signal} and exits ${EXIT_CODES[signal]}`, async () => {
      const child = spawn(process.execPath, [CLI, '--window', '60', FIXTURES.good], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const pid = child.pid!;
      const running = await until(
        () => containersOf(pid),
        (list) => list.length === 2,
        20_000,
      );
      expect(running).toHaveLength(2); // the container and its read-only twin
      child.kill(signal);
      const [code] = await once(child, 'exit');
      expect(code).toBe(EXIT_CODES[signal]);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(`interrupted by ${signal}`);
      expect(await containersOf(pid)).toEqual([]);
    });
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeWithEngine('a terminal that closes during the runtime phase (real engine, a pty from script(1))', () => {
  it('removes every container although its writes to the dead terminal fail', async () => {
    // script(1) gives the CLI a pseudo-terminal; killing script closes it, so the CLI gets SIGHUP and EIO on writes.
    const command = `echo "owner $$"; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --no-fs --window 60 ${FIXTURES.good}`;
    const terminal = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    terminal.stdout.on('data', (chunk) => (output += chunk));
    const pid = Number(
      (await until(
        async () => /owner (\d+)/.exec(output)?.[1],
        (found) => found !== undefined,
        10_000,
      )) ?? NaN,
    );
    expect(pid).toBeGreaterThan(0);
    expect(
      await until(
        () => containersOf(pid),
        (list) => list.length === 2,
        20_000,
      ),
    ).toHaveLength(2);
    terminal.kill('SIGKILL');
    expect(
      await until(
        async () => alive(pid),
        (running) => !running,
        15_000,
      ),
    ).toBe(false);
    expect(await containersOf(pid)).toEqual([]);
  });
});
