import type Docker from 'dockerode';
import { DaemonError, DaemonTimeout } from '../../shared/errors.js';
import type { WriteFacts } from '../../facts.js';
import type { ManagedContainer } from './container.js';
import { demuxLogFrames } from './logs.js';
import { LOG_FILE_BYTES, LOG_FILES } from './options.js';

/** json-file whatever the engine's default driver: the cap holds, and `docker logs` reads both files back. */
export function logConfig(): { Type: string; Config: Record<string, string> } {
  return { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': String(LOG_FILES) } };
}

/** `{"log":…,"stream":"stdout","time":"2026-11-30T08:36:36.909869656Z"}\n` around each escaped payload. */
const ENTRY_OVERHEAD = '{"log":"","stream":"stdout","time":""}\n'.length + '2026-11-30T08:36:36.909869656Z'.length;

/**
 * What the container wrote by the end of the window. `logBody` is its whole log as the engine keeps it: one JSON line
 * per frame, so its size on the engine is known to a byte or so a line, and a current file that reached
 * LOG_FILE_BYTES means the engine rotated (or is about to rotate) it: the log hit the cap.
 */
export function writeFacts(writableLayerBytes: number | null, logBody: Buffer): WriteFacts {
  let logBytes = 0;
  for (const { payload } of demuxLogFrames(logBody)) logBytes += ENTRY_OVERHEAD + escapedLength(payload);
  return { writableLayerBytes, logBytes, logCapReached: logBytes >= LOG_FILE_BYTES };
}

/** The length of a payload as the engine's JSON log writes it: `\n` `\r` `"` `\` in two bytes, `<>&` and controls in six. */
function escapedLength(payload: Buffer): number {
  let length = 0;
  for (const byte of payload) {
    if (byte === 0x0a || byte === 0x0d || byte === 0x22 || byte === 0x5c) length += 2;
    else if (byte < 0x20 || byte === 0x3c || byte === 0x3e || byte === 0x26) length += 6;
    else length += 1;
  }
  return length;
}

/** Bytes in the container's writable layer (SizeRw); null when the engine cannot say in time. */
export async function writableLayerBytes(managed: ManagedContainer): Promise<number | null> {
  try {
    const options = { size: true } as Docker.ContainerInspectOptions;
    const info = (await managed.call('inspect (size)', (container) => container.inspect(options))) as {
      SizeRw?: number;
    };
    return typeof info.SizeRw === 'number' ? info.SizeRw : null;
  } catch (caught) {
    // Sizing walks the layer: millions of small files can outlast the deadline, and the other facts still stand.
    if (caught instanceof DaemonError || caught instanceof DaemonTimeout) return null;
    throw caught;
  }
}
