import { afterEach, describe, expect, it, vi } from 'vitest';
import { loudUnlessSettled, UNSETTLED_MESSAGE } from '../../../src/cli/unsettled.js';

// Node emits 'beforeExit' when the event loop is empty; emitting it here stands for a loop that emptied under the run.
describe('loudUnlessSettled: a run that can never finish is said aloud, not exit 13 in silence', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    vi.restoreAllMocks();
  });

  it('regression: says so once on stderr and exits 3 when the loop empties while the run is pending', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    void loudUnlessSettled(new Promise<number>(() => undefined));
    process.emit('beforeExit', 0);
    process.emit('beforeExit', 3);
    expect(write.mock.calls).toEqual([[UNSETTLED_MESSAGE]]);
    expect(process.exitCode).toBe(3);
  });

  it('passes the exit code of a run that finished and stays silent after it', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const listeners = process.listenerCount('beforeExit');
    expect(await loudUnlessSettled(Promise.resolve(1))).toBe(1);
    expect(process.listenerCount('beforeExit')).toBe(listeners);
    process.emit('beforeExit', 1);
    expect(write).not.toHaveBeenCalled();
  });
});
