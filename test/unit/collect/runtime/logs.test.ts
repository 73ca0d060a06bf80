import { describe, expect, it } from 'vitest';
import { demuxLogFrames, logBody, logLines } from '../../../../src/collect/runtime/logs.js';

/** One frame of a non-TTY log stream: [stream, 0, 0, 0, size BE] + payload. */
function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('demuxLogFrames', () => {
  it('splits frames by their headers', () => {
    const frames = demuxLogFrames(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
    ]);
  });

  it('treats a body without frame headers (a TTY container) as raw stdout', () => {
    expect(demuxLogFrames(Buffer.from('hello world\n')).map((f) => [f.stream, f.payload.toString()])).toEqual([
      ['stdout', 'hello world\n'],
    ]);
    expect(demuxLogFrames(Buffer.alloc(0))).toEqual([]);
  });

  it('keeps what arrived of a frame cut short', () => {
    const cut = frame(1, 'complete line\n').subarray(0, 8 + 8);
    expect(demuxLogFrames(cut).map((f) => f.payload.toString())).toEqual(['complete']);
  });
});

describe('logLines', () => {
  it('returns stdout and stderr lines in the order they were sent', () => {
    const body = Buffer.concat([frame(1, 'starting\n'), frame(2, 'config missing: DATABASE_URL\n'), frame(1, 'bye\n')]);
    expect(logLines(body)).toEqual(['starting', 'config missing: DATABASE_URL', 'bye']);
  });

  it('joins a line split over frames, per stream, and a UTF-8 character split over frames', () => {
    const euro = Buffer.from('€', 'utf8');
    const body = Buffer.concat([
      frame(1, 'price: 5'),
      frame(2, 'warning\n'),
      frame(1, euro.subarray(0, 1)),
      frame(1, Buffer.concat([euro.subarray(1), Buffer.from('\n')])),
    ]);
    expect(logLines(body)).toEqual(['warning', 'price: 5€']);
  });

  it('keeps a last line without newline and drops carriage returns', () => {
    expect(logLines(frame(1, 'a\r\nb'))).toEqual(['a', 'b']);
    expect(logLines(Buffer.alloc(0))).toEqual([]);
  });

  it('reads what dockerode hands back', () => {
    expect(logBody(Buffer.from('x'))).toEqual(Buffer.from('x'));
    expect(logBody('x')).toEqual(Buffer.from('x'));
    expect(logBody(undefined)).toEqual(Buffer.alloc(0));
  });
});
