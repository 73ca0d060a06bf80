import { describe, expect, it } from 'vitest';
import { onCleanup, runCleanups } from '../../../src/shared/cleanup.js';

describe('cleanup registry', () => {
  it('runs every pending task once, and never an unregistered one', async () => {
    const ran: string[] = [];
    onCleanup(async () => void ran.push('a'));
    const unregister = onCleanup(async () => void ran.push('b'));
    onCleanup(async () => {
      ran.push('c');
      throw new Error('swallowed');
    });
    unregister();
    await runCleanups();
    await runCleanups();
    expect(ran.sort()).toEqual(['a', 'c']);
  });

  it('gives up waiting after the timeout', async () => {
    onCleanup(() => new Promise(() => undefined));
    const began = Date.now();
    await runCleanups(50);
    expect(Date.now() - began).toBeLessThan(1_000);
  });
});
