/**
 * Process-wide cleanup registry, so that Ctrl-C never leaves a container behind: whoever creates something the
 * engine keeps registers how to remove it, and the signal handler calls runCleanups() before exiting.
 */

/** Every container imgaudit creates carries `imgaudit.managed=true`, so leftovers are easy to find and remove. */
export const MANAGED_LABEL = 'imgaudit.managed';

type Task = () => Promise<void>;

const pending = new Set<{ readonly task: Task }>();
let inFlight: Promise<void> = Promise.resolve();

/** Registers a task to run on runCleanups(); returns the function that unregisters it (call it once done). */
export function onCleanup(task: Task): () => void {
  const entry = { task };
  pending.add(entry);
  return () => {
    pending.delete(entry);
  };
}

/**
 * Runs every pending task once, concurrently, and waits at most `timeoutMs` for them; task failures are swallowed
 * (there is nobody left to tell). A second call while the first runs also waits for the first.
 */
let shuttingDown = false;

/** True once runCleanups() ran: errors from work it cancelled are expected, not worth a message. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

export async function runCleanups(timeoutMs = 10_000): Promise<void> {
  shuttingDown = true;
  const tasks = [...pending].map(({ task }) => task);
  pending.clear();
  const previous = inFlight;
  const current = Promise.allSettled([previous, ...tasks.map((task) => Promise.resolve().then(task))]).then(
    () => undefined,
  );
  inFlight = current;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([current, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
