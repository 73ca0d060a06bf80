import { describe, expect, it } from 'vitest';
import { LOG_FILE_BYTES } from '../../../../src/collect/runtime/options.js';
import { writableLayerBytes, writeFacts } from '../../../../src/collect/runtime/writes.js';
import { DaemonUnreachable } from '../../../../src/shared/errors.js';
import { stubManagedContainer } from '../../helpers/managed.js';

/** A non-TTY log body as the engine sends it: [stream, 0, 0, 0, size (uint32 BE)] before each line. */
function logBody(lines: readonly string[], stream = 1): Buffer {
  return Buffer.concat(
    lines.map((line) => {
      const payload = Buffer.from(line, 'utf8');
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    }),
  );
}

describe('writeFacts', () => {
  it("sizes the log as the engine's json-file writes it", () => {
    // Lines written by a 20.10 engine for these outputs (its timestamps padded to nine digits).
    const onEngine = [
      '{"log":"hi\\n","stream":"stdout","time":"2026-11-30T08:36:20.350753660Z"}\n',
      '{"log":"a\\u003cb\\u003e\\u0026\\"\\\\ z\\n","stream":"stdout","time":"2026-11-30T08:36:20.350770290Z"}\n',
      '{"log":"tab\\u0009here\\n","stream":"stderr","time":"2026-11-30T08:36:20.350773493Z"}\n',
    ];
    const body = Buffer.concat([logBody(['hi\n', 'a<b>&"\\ z\n']), logBody(['tab\there\n'], 2)]);
    expect(writeFacts(4096, body)).toEqual({
      writableLayerBytes: 4096,
      logBytes: onEngine.reduce((sum, line) => sum + Buffer.byteLength(line), 0),
      logCapReached: false,
    });
  });

  it('says the log reached the cap once it holds a full file', () => {
    // `y` lines, as `yes` prints them: 72 bytes each on the engine.
    const linesForCap = Math.ceil(LOG_FILE_BYTES / 72);
    expect(writeFacts(null, logBody(Array(linesForCap - 1).fill('y\n')))).toMatchObject({
      logBytes: (linesForCap - 1) * 72,
      logCapReached: false,
    });
    expect(writeFacts(null, logBody(Array(linesForCap).fill('y\n')))).toMatchObject({
      logBytes: linesForCap * 72,
      logCapReached: true,
    });
  });

  it('has an empty log for no output', () => {
    expect(writeFacts(0, Buffer.alloc(0))).toEqual({ writableLayerBytes: 0, logBytes: 0, logCapReached: false });
  });
});

const managedWithInspect = (inspect: (options: unknown) => Promise<unknown>, timeoutMs?: number) =>
  stubManagedContainer({ inspect }, timeoutMs);

describe('writableLayerBytes', () => {
  it('asks the engine to size the container and returns SizeRw', async () => {
    const asked: unknown[] = [];
    const managed = managedWithInspect(
      async (options) => (asked.push(options), { SizeRw: 157_286_400, SizeRootFs: 159_000_000 }),
    );
    expect(await writableLayerBytes(managed)).toBe(157_286_400);
    expect(asked).toEqual([{ size: true }]);
  });

  it('is null when the engine fails or takes too long to size it', async () => {
    const failing = managedWithInspect(async () => {
      throw Object.assign(new Error('walk failed'), { statusCode: 500, json: { message: 'walk failed' } });
    });
    expect(await writableLayerBytes(failing)).toBeNull();
    expect(await writableLayerBytes(managedWithInspect(() => new Promise(() => undefined), 20))).toBeNull();
    expect(await writableLayerBytes(managedWithInspect(async () => ({})))).toBeNull();
  });

  it('still throws when the engine cannot be reached', async () => {
    const gone = managedWithInspect(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    await expect(writableLayerBytes(gone)).rejects.toBeInstanceOf(DaemonUnreachable);
  });
});
