import { describe, expect, it } from 'vitest';
import { createSlots, mapWithConcurrency } from '../../../src/shared/async.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapWithConcurrency', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([30, 10, 20, 5, 15], 2, async (ms) => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure, lets running work finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapWithConcurrency([1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      await tick(n === 1 ? 5 : 20);
      if (n === 1) throw new Error('image 1 failed');
      finished.push(n);
      return n;
    });
    await expect(run).rejects.toThrow('image 1 failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });
});

describe('createSlots', () => {
  it('lets at most the limit hold a slot, hands freed slots on in order, and frees each once', async () => {
    const slots = createSlots(2);
    const order: string[] = [];
    const first = await slots.acquire();
    const second = await slots.acquire();
    const third = slots.acquire().then((release) => (order.push('third'), release));
    const fourth = slots.acquire().then((release) => (order.push('fourth'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    first();
    const releaseThird = await third;
    await Promise.resolve();
    expect(order).toEqual(['third']);
    second();
    (await fourth)();
    releaseThird();
    expect(order).toEqual(['third', 'fourth']);
    // Every slot is free again: two can be held at once without waiting.
    const again = await Promise.race([
      Promise.all([slots.acquire(), slots.acquire()]).then(() => 'both'),
      new Promise((resolve) => setTimeout(() => resolve('waited'), 50)),
    ]);
    expect(again).toBe('both');
  });
});
