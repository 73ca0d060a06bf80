import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/cli/progress.js';

function fakeStream(isTTY: boolean, columns = 200) {
  const written: string[] = [];
  const stream = { isTTY, columns, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('progress line', () => {
  it('rewrites one line with each image’s stage, escaping control characters, and clears it at the end', () => {
    const { stream, written } = fakeStream(true);
    const progress = createProgress(stream, true);
    progress.onProgress({ ref: 'shop/api:1', stage: 'resolving', index: 0, total: 2 });
    progress.onProgress({ ref: 'shop/\u001b[31mweb:1', stage: 'runtime', index: 1, total: 2 });
    progress.onProgress({ ref: 'shop/api:1', stage: 'done', index: 0, total: 2 });
    expect(written.at(-1)).toBe('\r\u001b[2Kimgaudit: 1/2 done · runtime: shop/\\x1b[31mweb:1');
    progress.finish();
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('fits the terminal width', () => {
    const { stream, written } = fakeStream(true, 40);
    const progress = createProgress(stream, true);
    progress.onProgress({ ref: `shop/${'x'.repeat(100)}:1`, stage: 'layers', index: 0, total: 1 });
    expect(written.at(-1)!.replace('\r\u001b[2K', '')).toHaveLength(39);
  });

  it('writes nothing when the stream is not a terminal or progress is off', () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { stream, written } = fakeStream(isTTY);
      const progress = createProgress(stream, enabled);
      progress.onProgress({ ref: 'a:1', stage: 'layers', index: 0, total: 1 });
      progress.finish();
      expect(written).toEqual([]);
    }
  });
});
