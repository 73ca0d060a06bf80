/** What an audit knows about one image. Built once by the collectors, read-only afterwards. */

export interface HistoryEntry {
  /** The build step, with secret values already redacted. */
  readonly createdBy: string;
  readonly created: string | null;
  readonly sizeBytes: number;
  readonly comment: string;
}

/** Where a secret candidate was seen in the image configuration or its build history. */
export type SecretSource = 'env' | 'history-env' | 'history-arg' | 'build-arg' | 'history-command';

export interface SecretFinding {
  /** What was recognised: a token format (`aws-access-key-id`, `github-token`, …) or `secret-like-name`. */
  readonly kind: string;
  readonly source: SecretSource;
  /** The variable's name. */
  readonly name: string;
  /** Human-readable place, e.g. `ENV AWS_SECRET_ACCESS_KEY` or `history #4 RUN build arg NPM_TOKEN`. */
  readonly location: string;
  /** A short redacted prefix of the value, never the value itself: `AKIA…(20 chars)`. */
  readonly preview: string;
  /** Index into `history` (oldest first) when the secret came from a build step. */
  readonly historyIndex?: number;
  /** Other places the same name and value were seen (an ENV is also in the history that set it). */
  readonly alsoAt?: readonly string[];
}

export interface HealthcheckFacts {
  readonly defined: boolean;
  /** `HEALTHCHECK NONE` in the image or a base image disables an inherited check. */
  readonly disabled: boolean;
  readonly test: readonly string[] | null;
  readonly intervalSeconds: number | null;
  readonly timeoutSeconds: number | null;
  readonly startPeriodSeconds: number | null;
  readonly retries: number | null;
}

export interface ConfigFacts {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly created: string | null;
  readonly os: string;
  readonly architecture: string;
  readonly sizeBytes: number;
  /** Filesystem layers (RootFS.Layers). */
  readonly layerCount: number;
  /** History entries, oldest first; includes steps that made no layer (ENV, LABEL, …). */
  readonly historyCount: number;
  readonly history: readonly HistoryEntry[];
  readonly user: string;
  readonly healthcheck: HealthcheckFacts;
  readonly labels: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[] | null;
  readonly cmd: readonly string[] | null;
  readonly entrypointShellForm: boolean;
  readonly cmdShellForm: boolean;
  /** True when either ENTRYPOINT or CMD is wrapped in a shell (`/bin/sh -c …`). */
  readonly shellForm: boolean;
  readonly exposedPorts: readonly string[];
  /** Names only: values never enter the facts. */
  readonly envNames: readonly string[];
  readonly workingDir: string;
  readonly stopSignal: string | null;
  /** Secret candidates from ENV, and from ENV/ARG values recorded in the build history. */
  readonly envSecrets: readonly SecretFinding[];
}

export interface ImageFacts {
  /** The reference exactly as the user gave it. */
  readonly ref: string;
  readonly config: ConfigFacts;
}
