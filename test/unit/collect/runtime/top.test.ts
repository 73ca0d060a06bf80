import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../../src/collect/runtime/redact-output.js';
import { readProcesses } from '../../../../src/collect/runtime/top.js';
import { DaemonUnreachable } from '../../../../src/shared/errors.js';
import { stubManagedContainer } from '../../helpers/managed.js';

const GITHUB = `ghp_${'A'.repeat(36)}`;
const redactText = createRedactor();

const managedWithTop = (top: () => Promise<unknown>, timeoutMs?: number) => stubManagedContainer({ top }, timeoutMs);

const daemonAnswer = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { statusCode, json: { message } });

describe('readProcesses', () => {
  it('reads the processes when the engine answers', async () => {
    const body = {
      Titles: ['PID', 'PPID', 'UID', 'COMMAND'],
      Processes: [['4101', '4080', '10001', `/app/server --token=${GITHUB}`]],
    };
    expect(
      await readProcesses(
        managedWithTop(async () => body),
        4101,
        redactText,
      ),
    ).toEqual({
      view: {
        processes: [{ pid: 4101, uid: 10001, command: '/app/server --token=ghp_…(40 chars)' }],
        uids: [10001],
        pid1Command: '/app/server --token=ghp_…(40 chars)',
      },
      error: null,
    });
  });

  it('says so when the engine answers with no process table (podman, for ps(1) arguments it does not know)', async () => {
    expect(
      await readProcesses(
        managedWithTop(async () => ''),
        4101,
        redactText,
      ),
    ).toEqual({
      view: null,
      error: 'docker top answered with no process table',
    });
  });

  it('leaves the processes unknown, with the reason, when the engine host has no ps', async () => {
    const failing = managedWithTop(async () => {
      throw daemonAnswer(500, 'ps: exec: "ps": executable file not found in $PATH');
    });
    expect(await readProcesses(failing, 4101, redactText)).toEqual({
      view: null,
      error: 'docker top failed (HTTP 500): ps: exec: "ps": executable file not found in $PATH',
    });
  });

  it('redacts what the engine quotes in its message', async () => {
    const failing = managedWithTop(async () => {
      throw daemonAnswer(500, `Unexpected pid '/app/server --token=${GITHUB}'`);
    });
    const { error } = await readProcesses(failing, null, redactText);
    expect(error).toBe("docker top failed (HTTP 500): Unexpected pid '/app/server --token=ghp_…(40 chars)'");
  });

  it('has no processes and no error for a container that exited meanwhile (409)', async () => {
    const exited = managedWithTop(async () => {
      throw daemonAnswer(409, 'Container 4c1e is not running');
    });
    expect(await readProcesses(exited, 4101, redactText)).toEqual({ view: null, error: null });
  });

  it('leaves the processes unknown when top does not answer in time', async () => {
    const hung = managedWithTop(() => new Promise(() => undefined), 50);
    expect(await readProcesses(hung, 4101, redactText)).toEqual({
      view: null,
      error: 'docker top did not answer within 0.05s',
    });
  });

  it('still throws when the engine cannot be reached at all', async () => {
    const gone = managedWithTop(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    await expect(readProcesses(gone, 4101, redactText)).rejects.toBeInstanceOf(DaemonUnreachable);
  });
});
