/** The deadline of each Docker engine call (`--timeout`), in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
