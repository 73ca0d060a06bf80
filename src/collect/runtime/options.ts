/** How the runtime phase runs an image; its own module so that settings code need not load the collector. */
export interface RuntimeOptions {
  /** Extra KEY=VALUE for apps that need config to start (--env, --env-file merged by the caller). */
  readonly env: readonly string[];
  /** Observation window after start. */
  readonly windowSeconds: number;
  /** Longest wait for a health verdict beyond the window. */
  readonly healthTimeoutSeconds: number;
  /** Grace period after the stop signal before SIGKILL. */
  readonly stopGraceSeconds: number;
  readonly memoryBytes: number;
  readonly pidsLimit: number;
}

export const DEFAULT_RUNTIME_OPTIONS: RuntimeOptions = Object.freeze({
  env: Object.freeze([]),
  windowSeconds: 3,
  healthTimeoutSeconds: 20,
  stopGraceSeconds: 10,
  memoryBytes: 256 * 1024 * 1024,
  pidsLimit: 256,
});

/** The engine keeps at most LOG_FILES files of LOG_FILE_BYTES of a container's output (json-file's `1m` is decimal). */
export const LOG_FILE_BYTES = 1_000_000;
export const LOG_FILES = 2;
