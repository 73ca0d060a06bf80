/**
 * Runs `work` over `items` with at most `limit` at a time, results in input order. After a failure no new item
 * starts, but the ones running finish (and remove their containers) before the first error is rethrown.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/**
 * Like Promise.all for two, but waits for both before rethrowing the first failure, so a failed scan never abandons
 * running containers, and a failed container never abandons its twin.
 */
export async function settleBoth<A, B>(a: Promise<A> | A, b: Promise<B> | B): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/** At most `limit` holders at a time: `acquire()` waits for a slot and gives the function that frees it (once). */
export interface Slots {
  acquire(): Promise<() => void>;
}

export function createSlots(limit: number): Slots {
  let free = Math.max(1, limit);
  const waiting: (() => void)[] = [];
  return {
    acquire: () =>
      new Promise((resolve) => {
        const grant = () => {
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            const next = waiting.shift();
            if (next) next();
            else free++;
          });
        };
        if (free > 0) {
          free--;
          grant();
        } else waiting.push(grant);
      }),
  };
}
