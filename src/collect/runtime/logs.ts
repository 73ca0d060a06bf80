import { StringDecoder } from 'node:string_decoder';

/** Stream ids in the 8-byte frame header of a non-TTY log stream: [stream, 0, 0, 0, size (uint32 BE)]. */
const STREAM_NAMES = ['stdin', 'stdout', 'stderr'] as const;
export type LogStream = (typeof STREAM_NAMES)[number];

export interface LogFrame {
  readonly stream: LogStream;
  readonly payload: Buffer;
}

/**
 * Splits a multiplexed log body into frames. A body that does not start like a frame (a TTY container's raw
 * output) is one stdout frame; a frame cut short at the end keeps the bytes that arrived.
 */
export function demuxLogFrames(body: Buffer): LogFrame[] {
  if (!looksMultiplexed(body)) return body.length > 0 ? [{ stream: 'stdout', payload: body }] : [];
  const frames: LogFrame[] = [];
  let offset = 0;
  while (offset + 8 <= body.length) {
    const stream = STREAM_NAMES[body[offset] ?? -1];
    if (!stream) {
      // Misaligned: keep the rest as raw text rather than drop it.
      frames.push({ stream: 'stdout', payload: body.subarray(offset) });
      return frames;
    }
    const size = body.readUInt32BE(offset + 4);
    frames.push({ stream, payload: body.subarray(offset + 8, offset + 8 + size) });
    offset += 8 + size;
  }
  return frames;
}

function looksMultiplexed(body: Buffer): boolean {
  return body.length >= 8 && (body[0] ?? 9) <= 2 && body[1] === 0 && body[2] === 0 && body[3] === 0;
}

/**
 * The lines of stdout and stderr in the order the daemon sent them. A line split over frames is joined per stream
 * (and UTF-8 per stream too), so stderr between two halves of a stdout line does not break it.
 */
export function logLines(body: Buffer): string[] {
  const lines: string[] = [];
  const pending = new Map<LogStream, { decoder: StringDecoder; text: string }>();
  for (const { stream, payload } of demuxLogFrames(body)) {
    let state = pending.get(stream);
    if (!state) pending.set(stream, (state = { decoder: new StringDecoder('utf8'), text: '' }));
    const parts = (state.text + state.decoder.write(payload)).split('\n');
    state.text = parts.pop() ?? '';
    lines.push(...parts);
  }
  for (const state of pending.values()) {
    const rest = state.text + state.decoder.end();
    if (rest !== '') lines.push(rest);
  }
  return lines.map((line) => line.replace(/\r$/, ''));
}

/** dockerode hands non-stream bodies back as a Buffer, or a string for text/plain; anything else has no lines. */
export function logBody(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.alloc(0);
}
